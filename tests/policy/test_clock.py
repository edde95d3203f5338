"""The statutory clock: the ICO's worked examples, month ends, bank holidays by nation,
extension, pauses for clarification and the clock start."""

from dataclasses import FrozenInstanceError
from datetime import date, datetime

import pytest

from lawful.policy.clock import (
    RequestClock,
    add_calendar_months,
    bank_holiday,
    is_working_day,
    next_working_day,
    response_due,
)
from lawful.policy.vocab import Nation

ENGLAND, WALES = Nation.ENGLAND, Nation.WALES
SCOTLAND, NI = Nation.SCOTLAND, Nation.NORTHERN_IRELAND


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2024, 9, 3), date(2024, 10, 3)),
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 11, 25), date(2024, 12, 27)),
    ],
    ids=["3-sep-to-3-oct", "31-jan-to-28-feb", "31-jan-to-29-feb-leap-year", "christmas"],
)
def test_it_meets_the_design_examples(received, due):
    assert response_due(received) == due


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2023, 1, 30), 1, date(2023, 2, 28)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 8, 31), 3, date(2024, 11, 30)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
    ids=[
        "31-mar-to-30-apr",
        "30-jan-to-28-feb",
        "30-jan-to-29-feb-leap-year",
        "29-feb-to-29-mar",
        "across-the-new-year",
        "three-months-into-a-leap-february",
        "three-months-into-a-common-february",
        "three-months-into-a-30-day-month",
        "backwards",
    ],
)
def test_it_adds_calendar_months_keeping_to_the_end_of_short_months(day, months, expected):
    assert add_calendar_months(day, months) == expected


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2024, 9, 5), date(2024, 10, 7)),
        (date(2024, 9, 6), date(2024, 10, 7)),
    ],
    ids=["saturday", "sunday"],
)
def test_it_rolls_a_weekend_due_date_to_the_monday(received, due):
    assert response_due(received) == due


def test_it_counts_from_a_request_received_on_a_weekend():
    # Day one is the day received, working day or not: Saturday 5 Oct 2024 -> Tue 5 Nov.
    assert response_due(date(2024, 10, 5)) == date(2024, 11, 5)


# Each case: the day received, and when it is due in England, Wales, Scotland and NI.
NATIONAL_CASES = {
    "good-friday-then-easter-monday": (
        date(2024, 2, 29),
        {
            ENGLAND: date(2024, 4, 2),
            WALES: date(2024, 4, 2),
            SCOTLAND: date(2024, 4, 1),
            NI: date(2024, 4, 2),
        },
    ),
    "2-january-scotland": (
        date(2024, 12, 2),
        {
            ENGLAND: date(2025, 1, 2),
            WALES: date(2025, 1, 2),
            SCOTLAND: date(2025, 1, 3),
            NI: date(2025, 1, 2),
        },
    ),
    "st-andrews-day-scotland": (
        date(2023, 10, 30),
        {
            ENGLAND: date(2023, 11, 30),
            WALES: date(2023, 11, 30),
            SCOTLAND: date(2023, 12, 1),
            NI: date(2023, 11, 30),
        },
    ),
    "st-andrews-day-substitute-monday-scotland": (
        date(2025, 11, 1),
        {
            ENGLAND: date(2025, 12, 1),
            WALES: date(2025, 12, 1),
            SCOTLAND: date(2025, 12, 2),
            NI: date(2025, 12, 1),
        },
    ),
    "summer-bank-holiday-scotland": (
        date(2024, 7, 5),
        {
            ENGLAND: date(2024, 8, 5),
            WALES: date(2024, 8, 5),
            SCOTLAND: date(2024, 8, 6),
            NI: date(2024, 8, 5),
        },
    ),
    "late-summer-bank-holiday-not-scotland": (
        date(2024, 7, 26),
        {
            ENGLAND: date(2024, 8, 27),
            WALES: date(2024, 8, 27),
            SCOTLAND: date(2024, 8, 26),
            NI: date(2024, 8, 27),
        },
    ),
    "st-patricks-day-northern-ireland": (
        date(2025, 2, 17),
        {
            ENGLAND: date(2025, 3, 17),
            WALES: date(2025, 3, 17),
            SCOTLAND: date(2025, 3, 17),
            NI: date(2025, 3, 18),
        },
    ),
    "12-july-northern-ireland": (
        date(2024, 6, 12),
        {
            ENGLAND: date(2024, 7, 12),
            WALES: date(2024, 7, 12),
            SCOTLAND: date(2024, 7, 12),
            NI: date(2024, 7, 15),
        },
    ),
    "easter-monday-not-scotland": (
        date(2025, 3, 21),
        {
            ENGLAND: date(2025, 4, 22),
            WALES: date(2025, 4, 22),
            SCOTLAND: date(2025, 4, 21),
            NI: date(2025, 4, 22),
        },
    ),
}


@pytest.mark.parametrize(
    "received, nation, due",
    [
        (received, nation, dues[nation])
        for received, dues in NATIONAL_CASES.values()
        for nation in Nation
    ],
    ids=[f"{case}-in-{nation}" for case in NATIONAL_CASES for nation in Nation],
)
def test_it_rolls_past_the_bank_holidays_of_the_organisations_nation(received, nation, due):
    assert response_due(received, nation) == due


def test_it_rolls_a_scottish_bank_holiday_to_the_next_working_day():
    assert bank_holiday(date(2025, 1, 2), SCOTLAND) == "New Year Holiday"
    assert not is_working_day(date(2025, 1, 2), SCOTLAND)
    assert next_working_day(date(2025, 1, 2), SCOTLAND) == date(2025, 1, 3)
    assert next_working_day(date(2025, 1, 2), ENGLAND) == date(2025, 1, 2)


def test_it_accepts_a_nation_slug_as_well_as_the_enum():
    assert response_due(date(2025, 2, 17), "northern-ireland") == date(2025, 3, 18)


def test_an_extension_runs_to_three_months():
    assert response_due(date(2024, 9, 3), extended=True) == date(2024, 12, 3)


@pytest.mark.parametrize(
    "nation, due",
    [(ENGLAND, date(2024, 12, 2)), (SCOTLAND, date(2024, 12, 3))],
    ids=["england", "scotland-st-andrews-substitute-day"],
)
def test_an_extension_ending_on_a_weekend_rolls_by_the_nations_holidays(nation, due):
    # 31 Aug + 3 months = Saturday 30 Nov 2024, St Andrew's Day, observed Monday 2 Dec.
    assert response_due(date(2024, 8, 31), nation, extended=True) == due


def test_a_pause_moves_the_due_date_on_then_rolls_to_a_working_day():
    # 3 Oct + 10 days = Sunday 13 Oct 2024 -> Monday 14 Oct.
    assert response_due(date(2024, 9, 3), paused_days=10) == date(2024, 10, 14)


def test_a_negative_pause_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="paused_days"):
        response_due(date(2024, 9, 3), paused_days=-1)


# --- RequestClock ----------------------------------------------------------------------


def test_the_clock_starts_on_the_day_received_by_default():
    clock = RequestClock(date(2024, 9, 3))
    assert clock.start() == date(2024, 9, 3)
    assert clock.due() == date(2024, 10, 3)


def test_identity_evidence_moves_the_start_of_the_clock():
    clock = RequestClock(date(2024, 9, 3), started=date(2024, 9, 10))
    assert clock.start() == date(2024, 9, 10)
    assert clock.due() == date(2024, 10, 10)


def test_a_closed_pause_moves_the_due_date_by_its_length():
    clock = RequestClock(date(2024, 9, 3), pauses=((date(2024, 9, 10), date(2024, 9, 20)),))
    assert clock.paused_days(date(2024, 10, 1)) == 11  # 10 to 20 September, both included
    assert clock.due() == date(2024, 10, 14)


def test_the_day_clarification_is_asked_and_the_day_it_arrives_are_both_excluded():
    """Followed: "the period beginning with the day on which the controller makes the
    request and ending with the day on which the controller receives the information does
    not count towards ... the applicable time period" (DPA 2018 s54(3C)(b), inserted by the
    Data (Use and Access) Act 2025; read in the legislation.gov.uk text of s54 returned by
    the project's search tool, pages corpus, for the UK GDPR Art 12A clarification pause).
    A period beginning with one day and ending with another includes both days."""
    # Received Monday 2 September: due Wednesday 2 October without a pause.
    asked, answered = date(2024, 9, 9), date(2024, 9, 10)
    clock = RequestClock(date(2024, 9, 2), pauses=((asked, answered),))
    assert clock.paused_days(date(2024, 10, 1)) == 2
    assert clock.due() == date(2024, 10, 4)  # Friday: two days on, not one
    same_day = RequestClock(date(2024, 9, 2), pauses=((asked, asked),))
    assert same_day.paused_days(date(2024, 10, 1)) == 1
    assert same_day.due() == date(2024, 10, 3)


def test_an_open_pause_stops_the_clock():
    clock = RequestClock(date(2024, 9, 3), pauses=((date(2024, 9, 10), None),))
    assert clock.due() is None
    assert clock.due(as_of=date(2024, 9, 15)) is None
    assert clock.paused_days(date(2024, 9, 15)) == 6  # 10 to 15 September, both included


def test_due_as_of_a_date_ignores_what_happened_later():
    clock = RequestClock(date(2024, 9, 3), pauses=((date(2024, 9, 10), date(2024, 9, 20)),))
    assert clock.due(as_of=date(2024, 9, 9)) == date(2024, 10, 3)
    assert clock.due(as_of=date(2024, 9, 15)) is None
    assert clock.due(as_of=date(2024, 9, 20)) == date(2024, 10, 14)


def test_days_before_the_clock_started_are_not_taken_off_twice():
    clock = RequestClock(
        date(2024, 9, 3),
        started=date(2024, 9, 10),
        pauses=((date(2024, 9, 5), date(2024, 9, 12)),),
    )
    assert clock.paused_days(date(2024, 10, 1)) == 3  # 10 to 12 September
    assert clock.due() == date(2024, 10, 14)  # 10 Oct + 3 days = Sun 13 Oct -> Mon 14 Oct


def test_days_left_counts_down_and_goes_negative_when_overdue():
    clock = RequestClock(date(2024, 9, 3))
    assert clock.days_left(date(2024, 9, 23)) == 10
    assert clock.days_left(date(2024, 10, 3)) == 0
    assert clock.days_left(date(2024, 10, 8)) == -5


def test_days_left_stop_going_down_while_the_clock_is_paused():
    clock = RequestClock(date(2024, 9, 3), pauses=((date(2024, 9, 10), None),))
    assert clock.days_left(date(2024, 9, 10)) == 24
    assert clock.days_left(date(2024, 9, 15)) == 24


def test_an_extended_clock_is_due_in_three_months_but_must_be_notified_within_one():
    clock = RequestClock(date(2024, 9, 3), extended=True)
    assert clock.due() == date(2024, 12, 3)
    assert clock.extension_must_be_notified_by() == date(2024, 10, 3)


def test_the_clock_uses_its_nations_bank_holidays():
    clock = RequestClock(date(2024, 12, 2), nation="scotland")
    assert clock.nation is SCOTLAND
    assert clock.due() == date(2025, 1, 3)


def test_the_clock_is_immutable():
    clock = RequestClock(date(2024, 9, 3))
    with pytest.raises(FrozenInstanceError):
        clock.extended = True


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"received": "2024-09-03"}, "received"),
        ({"received": datetime(2024, 9, 3, 9, 0)}, "received"),
        ({"nation": "wessex"}, "nation"),
        ({"started": date(2024, 9, 2)}, "started"),
        ({"pauses": ((date(2024, 9, 10), date(2024, 9, 9)),)}, r"pauses\[0\].answered"),
        ({"pauses": ((date(2024, 9, 1), None),)}, r"pauses\[0\].asked"),
        ({"pauses": ((date(2024, 9, 10), None), (date(2024, 9, 20), None))}, "answered"),
        (
            {
                "pauses": (
                    (date(2024, 9, 10), date(2024, 9, 20)),
                    (date(2024, 9, 15), date(2024, 9, 25)),
                )
            },
            r"pauses\[1\].asked",
        ),
        ({"pauses": ((date(2024, 9, 10),),)}, r"pauses\[0\]"),
    ],
    ids=[
        "received-not-a-date",
        "received-a-datetime",
        "unknown-nation",
        "started-before-received",
        "pause-answered-before-asked",
        "pause-asked-before-received",
        "open-pause-not-last",
        "overlapping-pauses",
        "pause-not-a-pair",
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(ValueError, match=field):
        RequestClock(**{"received": date(2024, 9, 3), **kwargs})


@pytest.mark.parametrize(
    ("day", "nation", "named"),
    [
        (date(2026, 6, 15), SCOTLAND, True),  # proclaimed for the FIFA World Cup
        (date(2026, 6, 15), Nation.ENGLAND, False),
    ],
)
def test_the_installed_holidays_package_knows_scotlands_world_cup_bank_holiday(day, nation, named):
    assert (bank_holiday(day, nation) is not None) is named
    clock = RequestClock(date(2026, 5, 15), nation=nation)
    assert clock.due() == (date(2026, 6, 16) if named else date(2026, 6, 15))
