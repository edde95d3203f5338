"""The statutory clock for a rights request (UK GDPR Art 12(3) and 12A, DUAA 2025).

Plain Python, no Django: the rights desk, the staff dashboard, the `deadline` command
and the benchmarks all ask the same functions.

The ICO's rule: day one is the day the request is received, working day or not. The
response is due on the corresponding calendar date of the next month (three months if
extended for a complex request, or several requests from one person); where that month
has no such date, its last day. Days spent waiting for a clarification that was asked for
do not count (UK GDPR Art 12A, inserted by the Data (Use and Access) Act 2025; the same
words in DPA 2018 s54(3C)): "the period beginning with the day on which the controller
makes the request and ending with the day on which the controller receives the
information does not count", so the day it was asked for and the day the answer came
are both excluded. Where the
due date is a weekend or a bank holiday of the organisation's nation, the next working
day. The clock starts on the day identity evidence, proof of an agent's authority or a
permitted fee arrives, where the organisation reasonably asked for it.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import holidays

from lawful.policy.vocab import Nation

ONE_DAY = timedelta(days=1)
SATURDAY = 5  # date.weekday(): Saturday and Sunday are 5 and 6

# A pause for clarification: (the day it was asked for, the day the answer came or None).
Pause = tuple[date, date | None]


def add_calendar_months(day: date, months: int) -> date:
    """The same date `months` months on; the month's last day where it has no such date."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


@cache
def _bank_holidays(nation: Nation, year: int) -> dict[date, str]:
    """One nation's bank holidays for one year, built once: the `holidays` package is slow
    to construct but a plain dict lookup is fast enough for millions of due dates."""
    subdiv = Nation(nation).holidays_subdivision
    return dict(holidays.country_holidays("GB", subdiv=subdiv, years=year))


def bank_holiday(day: date, nation: Nation) -> str | None:
    """The name of the bank holiday on `day` in `nation` (England and Wales share), or None."""
    return _bank_holidays(nation, day.year).get(day)


def is_working_day(day: date, nation: Nation) -> bool:
    return day.weekday() < SATURDAY and day not in _bank_holidays(nation, day.year)


def next_working_day(day: date, nation: Nation) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, nation):
        day += ONE_DAY
    return day


def calendar_due(received: date, *, extended: bool = False, paused_days: int = 0) -> date:
    """The due date before rolling past weekends and bank holidays."""
    if paused_days < 0:
        raise ValueError(f"paused_days: must be 0 or more, not {paused_days}")
    due = add_calendar_months(received, 3 if extended else 1)
    return due + timedelta(days=paused_days)


def response_due(
    received: date,
    nation: Nation = Nation.ENGLAND,
    *,
    extended: bool = False,
    paused_days: int = 0,
) -> date:
    """When the response is due (the ICO rule; see the module docstring).

    `received` is day one of the count (or the day the clock started, once identity
    evidence, an agent's authority or a fee arrived); `paused_days` are the calendar days
    spent waiting for a clarification, which push the date on (DUAA 2025).
    """
    due = calendar_due(received, extended=extended, paused_days=paused_days)
    return next_working_day(due, nation)


def _check_date(field: str, value: object) -> None:
    # A datetime is a date too, but mixing them breaks the day arithmetic.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{field}: expected a date, not {value!r}")


@dataclass(frozen=True)
class RequestClock:
    """The clock of one rights request: where it started, its pauses, whether extended.

    `started` is the day identity evidence, proof of authority or a permitted fee was
    received, where it was reasonably asked for (None: the clock started on `received`).
    `pauses` are clarification requests as (asked, answered or None), in order.
    """

    received: date
    nation: Nation = Nation.ENGLAND
    started: date | None = None
    pauses: tuple[Pause, ...] = ()
    extended: bool = False

    def __post_init__(self) -> None:
        _check_date("received", self.received)
        try:
            object.__setattr__(self, "nation", Nation(self.nation))
        except ValueError:
            choices = ", ".join(Nation.slugs())
            raise ValueError(f"nation: {self.nation!r} is not one of {choices}") from None
        if self.started is not None:
            _check_date("started", self.started)
            if self.started < self.received:
                raise ValueError(
                    f"started: {self.started} is before the request was received ({self.received})"
                )
        object.__setattr__(self, "pauses", tuple(tuple(p) for p in self.pauses))
        self._check_pauses()

    def _check_pauses(self) -> None:
        previous_end = self.received
        for i, pause in enumerate(self.pauses):
            if len(pause) != 2:
                raise ValueError(f"pauses[{i}]: expected (asked, answered), not {pause!r}")
            asked, answered = pause
            _check_date(f"pauses[{i}].asked", asked)
            if asked < previous_end:
                raise ValueError(
                    f"pauses[{i}].asked: {asked} is before the request was received "
                    f"or the previous pause ended ({previous_end})"
                )
            if answered is None:
                if i != len(self.pauses) - 1:
                    raise ValueError(f"pauses[{i}].answered: only the last pause may be open")
                continue
            _check_date(f"pauses[{i}].answered", answered)
            if answered < asked:
                raise ValueError(
                    f"pauses[{i}].answered: {answered} is before it was asked ({asked})"
                )
            previous_end = answered

    def start(self) -> date:
        return self.started or self.received

    def _begun(self, as_of: date | None) -> list[Pause]:
        # Seen from `as_of`, a pause asked for later has not happened yet.
        return [p for p in self.pauses if as_of is None or p[0] <= as_of]

    def _counted_days(self, asked: date, end: date) -> int:
        """Days excluded from the count: from the day asked to `end`, both included (a
        period "beginning with" one day and "ending with" another contains both). Days
        before the clock started do not count anyway: do not take them off twice."""
        first = max(asked, self.start())
        return max(0, (end - first).days + 1)

    def paused_days(self, as_of: date) -> int:
        """Days spent paused up to `as_of`: an open pause counts up to `as_of`."""
        total = 0
        for asked, answered in self._begun(as_of):
            end = answered if answered is not None and answered <= as_of else as_of
            total += self._counted_days(asked, end)
        return total

    def _is_stopped(self, as_of: date | None) -> bool:
        return any(
            answered is None or (as_of is not None and answered > as_of)
            for _, answered in self._begun(as_of)
        )

    def due(self, as_of: date | None = None) -> date | None:
        """The due date as things stood on `as_of` (default: as recorded); None while a
        clarification is awaited, because the clock is stopped."""
        if self._is_stopped(as_of):
            return None
        paused = sum(self._counted_days(a, b) for a, b in self._begun(as_of))
        return response_due(self.start(), self.nation, extended=self.extended, paused_days=paused)

    def extension_must_be_notified_by(self) -> date:
        """The person must be told of an extension, and why, within the first month: the
        unextended due date. An open pause is not counted, so the date is never too late."""
        paused = sum(self._counted_days(a, b) for a, b in self.pauses if b is not None)
        return response_due(self.start(), self.nation, paused_days=paused)

    def days_left(self, today: date) -> int:
        """Calendar days from `today` to the due date (negative when overdue). While paused,
        the open pause counts up to `today`, so the days left stop going down."""
        paused = self.paused_days(today)
        due = response_due(self.start(), self.nation, extended=self.extended, paused_days=paused)
        return (due - today).days
