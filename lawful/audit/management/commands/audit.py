"""`lawful audit verify`: check that the audit log is complete and unaltered."""

from django.core.management.base import BaseCommand, CommandError

from lawful.audit.services import verify_chain


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify",
            help="Recompute every event's hash and check the chain has no gap, "
            "alteration or missing end. Exits 1 if it is broken.",
        )

    def handle(self, *args, action, **options):
        report = verify_chain()
        if not report.ok:
            where = f" at event {report.first_broken_seq}" if report.first_broken_seq else ""
            raise CommandError(f"Audit chain broken{where}: {report.reason}", returncode=1)
        noun = "event" if report.events_checked == 1 else "events"
        self.stdout.write(f"Audit chain intact: {report.events_checked:,} {noun}.")
