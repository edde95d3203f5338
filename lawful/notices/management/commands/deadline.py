"""`lawful deadline YYYY-MM-DD`: when a rights request received that day must be answered.

Explains the count, then prints the due date alone on the last line, for scripts.
"""

import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lawful.policy.clock import bank_holiday, calendar_due, next_working_day
from lawful.policy.vocab import Nation

# date.fromisoformat also takes 20240225 and 2024-W09: ask for the one form people write.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(argument: str, value: str) -> date:
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise CommandError(f"{argument}: {value!r} is not a date (YYYY-MM-DD)")


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class Command(BaseCommand):
    help = "Work out when a rights request must be answered (the ICO's statutory clock)."
    # Pure arithmetic: no database, so no system or migration checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("received", help="The day the request was received (YYYY-MM-DD).")
        parser.add_argument(
            "--nation",
            choices=Nation.slugs(),
            default=Nation.ENGLAND.value,
            help="Whose bank holidays apply (default: england).",
        )
        parser.add_argument(
            "--extended",
            action="store_true",
            help="Extended by two months for a complex request or several requests.",
        )
        parser.add_argument(
            "--paused-days",
            type=int,
            default=0,
            help="Days spent waiting for clarification, which do not count.",
        )

    def handle(self, *args, received, nation, extended, paused_days, **options):
        received = parse_date("received", received)
        nation = Nation(nation)
        if paused_days < 0:
            raise CommandError(f"--paused-days: must be 0 or more, not {paused_days}")
        try:
            on_paper = calendar_due(received, extended=extended, paused_days=paused_days)
            due = next_working_day(on_paper, nation)
        except (ValueError, OverflowError) as exc:  # past the year 9999
            raise CommandError(f"received: {received} is too late to count from") from exc
        for line in self.explain(received, nation, extended, paused_days, on_paper, due):
            self.stdout.write(line)
        self.stdout.write(due.isoformat())

    def explain(self, received, nation, extended, paused_days, on_paper, due):
        months = "three calendar months (extended)" if extended else "one calendar month"
        yield f"Received: {long_date(received)} (day one of the count)"
        yield f"Nation:   {nation.label} (its bank holidays apply)"
        yield f"Limit:    {months}"
        if paused_days:
            yield f"Paused:   {paused_days} day(s) waiting for clarification, which do not count"
        if due == on_paper:
            yield f"Due:      {long_date(due)}"
            return
        why = bank_holiday(on_paper, nation) or "a weekend"
        yield f"The count ends on {long_date(on_paper)}: {why}, not a working day."
        yield f"Due:      {long_date(due)}, the next working day"
