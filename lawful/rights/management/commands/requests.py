"""`lawful requests due --org SLUG [--json]` and
`lawful requests report --org SLUG --from DATE --to DATE [--json]`.

`due` lists the open requests by due date, overdue ones marked, for a daily email to the
data protection lead (cron: `lawful requests due --org ashbrook | mail -s ...`). It
prints references, kinds and dates only, never the requester's details, since the
output goes by email. `report` gives the on-time rate over a period, counts only: fit
to publish.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lawful.organisations.commands import organisation_for_command
from lawful.rights.models import RequestKind
from lawful.rights.reports import due_requests, on_time_report


def _day(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--{name}: {text!r} is not a date written YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Rights requests: what is due, and how often they were answered on time."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="Open requests by due date, overdue marked.")
        due.add_argument("--org", required=True, help="The organisation's short name.")
        due.add_argument("--json", action="store_true", help="A JSON list instead of text.")
        due.add_argument("--today", help="Count from this day (YYYY-MM-DD), not today.")
        report = sub.add_parser("report", help="The on-time rate over a period, to publish.")
        report.add_argument("--org", required=True, help="The organisation's short name.")
        report.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        report.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        report.add_argument("--json", action="store_true", help="JSON instead of text.")

    def handle(self, *args, action, org, **options):
        organisation = organisation_for_command(org)
        getattr(self, action)(organisation, **options)

    def due(self, organisation, *, json: bool, today: str | None, **options):
        on = _day("today", today) if today else timezone.localdate()
        rows = due_requests(organisation, on)
        if json:
            self.stdout.write(_json([d.as_json() for d in rows]))
            return
        if not rows:
            self.stdout.write(f"{organisation.name}: no open requests.")
            return
        overdue = sum(d.overdue for d in rows)
        self.stdout.write(
            f"{organisation.name}: {len(rows)} open request(s), {overdue} overdue, as of {on}."
        )
        for d in rows:
            r = d.request
            if d.due_on is None:
                when = "paused (waiting for a clarification)"
            elif d.overdue:
                when = f"OVERDUE: was due {d.due_on} ({-d.days_left} day(s) ago)"
            else:
                when = f"due {d.due_on} ({d.days_left} day(s) left)"
            self.stdout.write(f"{r.reference}\t{r.kind}\t{r.status}\t{when}")

    def report(self, organisation, *, start: str, end: str, json: bool, **options):
        try:
            report = on_time_report(
                organisation, _day("from", start), _day("to", end), timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(str(exc).replace("to:", "--to:")) from None
        if json:
            self.stdout.write(_json(report.as_json()))
            return
        t = report.total
        rate = report.on_time_rate
        self.stdout.write(f"{organisation.name}: rights requests received {start} to {end}")
        self.stdout.write(
            f"Answered on time: {'n/a' if rate is None else f'{rate:.0%}'} "
            f"({t.answered_on_time} on time, {t.answered_late} late, {t.open_overdue} open and "
            f"overdue, {t.open_not_yet_due} open and not yet due; {t.received} received)"
        )
        labels = dict(RequestKind.choices)
        for kind, counts in report.by_kind.items():
            if counts.received:
                self.stdout.write(
                    f"  {kind} ({labels[kind]}): {counts.received} received, "
                    f"{counts.answered_on_time} on time, {counts.answered_late} late, "
                    f"{counts.open_overdue} overdue"
                )


def _json(value) -> str:
    return json.dumps(value, indent=2)
