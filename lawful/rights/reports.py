"""What is due and how often the organisation answered on time: for the dashboard,
`lawful requests due` and `lawful requests report`, and a report it can publish (counts
only, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .models import Complaint, ComplaintStatus, RequestKind, RequestStatus, RightsRequest

# "Due soon": within this many days, as the dashboard marks it.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueRequest:
    request: RightsRequest
    due_on: date | None  # None: the clock is stopped, waiting for a clarification
    days_left: int | None
    overdue: bool
    due_soon: bool

    def as_json(self) -> dict:
        r = self.request
        return {
            "id": r.pk,
            "reference": r.reference,
            "kind": r.kind,
            "status": r.status,
            "received_on": r.received_on.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "days_left": self.days_left,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
        }


def open_requests(organisation):
    return RightsRequest.objects.for_org(organisation).exclude(status__in=RequestStatus.closed())


def due_requests(organisation, today: date) -> list[DueRequest]:
    """Open requests by due date (paused ones, with no due date, last)."""
    rows = []
    for r in open_requests(organisation).order_by("due_on", "pk"):
        if r.due_on is None:
            rows.append(DueRequest(r, None, None, False, False))
            continue
        left = (r.due_on - today).days
        rows.append(DueRequest(r, r.due_on, left, left < 0, 0 <= left <= DUE_SOON_DAYS))
    rows.sort(key=lambda d: (d.due_on is None, d.due_on or date.max, d.request.pk))
    return rows


def unacknowledged_complaints(organisation):
    return (
        Complaint.objects.for_org(organisation)
        .filter(status=ComplaintStatus.RECEIVED)
        .order_by("acknowledge_by", "pk")
    )


@dataclass
class KindCounts:
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    open_overdue: int = 0
    open_not_yet_due: int = 0
    extended: int = 0
    refused: int = 0


@dataclass
class OnTimeReport:
    organisation_name: str
    start: date
    end: date
    as_of: date
    total: KindCounts = field(default_factory=KindCounts)
    by_kind: dict[str, KindCounts] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return self.total.answered_on_time + self.total.answered_late

    @property
    def on_time_rate(self) -> float | None:
        """Answered on time, of those answered or already overdue (None: none yet)."""
        judged = self.answered + self.total.open_overdue
        return None if judged == 0 else self.total.answered_on_time / judged

    def as_json(self) -> dict:
        rate = self.on_time_rate
        return {
            "organisation": self.organisation_name,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "on_time_rate": None if rate is None else round(rate, 4),
            "total": vars(self.total),
            "by_kind": {k: vars(v) for k, v in self.by_kind.items()},
        }


def on_time_report(organisation, start: date, end: date, as_of: date) -> OnTimeReport:
    """Requests received from `start` to `end` (both included), as things stood `as_of`.

    On time: answered (completed or refused) on or before the due date. A request still
    open past its due date counts against the rate; one not yet due does not count yet.
    """
    if end < start:
        raise ValueError(f"to: {end} is before from ({start})")
    report = OnTimeReport(organisation.name, start, end, as_of)
    report.by_kind = {k: KindCounts() for k in RequestKind.values}
    rows = (
        RightsRequest.objects.for_org(organisation)
        .filter(received_on__gte=start, received_on__lte=end)
        .values_list("kind", "status", "due_on", "closed_on", "extension_notified_on")
    )
    for kind, status, due_on, closed_on, extended_on in rows.iterator():
        for counts in (report.total, report.by_kind[kind]):
            counts.received += 1
            counts.extended += extended_on is not None
            counts.refused += status == RequestStatus.REFUSED
            if status in RequestStatus.closed():
                late = due_on is not None and closed_on is not None and closed_on > due_on
                counts.answered_late += late
                counts.answered_on_time += not late
            elif due_on is not None and due_on < as_of:
                counts.open_overdue += 1
            else:
                counts.open_not_yet_due += 1
    return report
