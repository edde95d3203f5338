"""`lawful campaigns export PURPOSE --org SLUG --recipient ID [--ward CODE] [--out FILE]`
and `lawful campaigns webhook-secret --org SLUG`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawful.campaigns.services import (
    Target,
    export_for_mailing_service,
    new_webhook_secret,
)
from lawful.organisations.commands import organisation_for_command
from lawful.people.normalise import InvalidValue


class Command(BaseCommand):
    help = "Lists for a mailing service, and the secret its unsubscribe events are signed with."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser(
            "export",
            help="a CSV of the permitted email contacts for a mailing service to import",
        )
        export.add_argument("purpose", help="a purpose of the register in force")
        export.add_argument("--org", required=True, help="the organisation's short name")
        export.add_argument(
            "--recipient", required=True, help="the mailing service's id in the register"
        )
        export.add_argument("--ward", default="", help="a ward's ONS code")
        export.add_argument("--constituency", default="", help="a constituency's ONS code")
        export.add_argument("--out", help="write the CSV to this file (default: stdout)")
        secret = sub.add_parser(
            "webhook-secret",
            help="make the secret the mailing service signs its unsubscribe events with",
        )
        secret.add_argument("--org", required=True, help="the organisation's short name")

    def handle(self, *args, action, org, **options):
        organisation = organisation_for_command(org)
        if action == "webhook-secret":
            secret = new_webhook_secret(organisation, actor=None)
            self.stdout.write(
                f"Give the mailing service this secret (shown once); it signs each event's "
                f"body as HMAC-SHA256 in the X-Lawful-Signature header, to "
                f"/o/{organisation.slug}/mailing-service/unsubscribe:\n{secret}"
            )
            return
        target = Target(options["purpose"], "email", options["ward"], options["constituency"])
        try:
            text, count = export_for_mailing_service(
                organisation, actor=None, target=target, recipient_id=options["recipient"]
            )
        except InvalidValue as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        if options.get("out"):
            Path(options["out"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        self.stderr.write(f"Exported {count:,} contacts; each disclosure logged.")
