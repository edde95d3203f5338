"""`lawful audience PURPOSE --org SLUG --channel CHANNEL [--ward CODE] [--constituency
CODE] [--format csv|json]`: the permitted contacts on stdout, the count left out by
reason on stderr."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from lawful.campaigns.services import Target, target_audience
from lawful.organisations.commands import organisation_for_command
from lawful.people.normalise import InvalidValue
from lawful.security.spreadsheets import safe_row


class Command(BaseCommand):
    help = "Who may be contacted for a purpose on a channel (in a ward or constituency)."

    def add_arguments(self, parser):
        parser.add_argument("purpose", help="a purpose of the register in force")
        parser.add_argument("--org", required=True, help="the organisation's short name")
        parser.add_argument("--channel", required=True, help="email, sms, phone, post, ...")
        parser.add_argument("--ward", default="", help="a ward's ONS code (e.g. E05012345)")
        parser.add_argument("--constituency", default="", help="a constituency's ONS code")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args, purpose, org, channel, ward, constituency, format, **options):
        organisation = organisation_for_command(org)
        target = Target(purpose, channel, ward, constituency)
        try:
            found = target_audience(organisation, target)
        except InvalidValue as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        rows = found.people.values_list("pk", "contact", "given_name", "family_name")
        if format == "json":
            self.stdout.write(
                json.dumps(
                    [
                        {"person_id": pk, "contact": c, "given_name": g, "family_name": f}
                        for pk, c, g, f in rows.iterator(chunk_size=5000)
                    ],
                    indent=1,
                )
            )
        else:
            writer = csv.writer(self.stdout)
            writer.writerow(["person_id", "contact", "given_name", "family_name"])
            for row in rows.iterator(chunk_size=5000):
                writer.writerow(safe_row(row))
        self.stderr.write(f"Left out of {target.describe()}:")
        for reason, count in found.excluded.items():
            self.stderr.write(f"  {count:>8,}  {reason}")
        if not found.excluded:
            self.stderr.write("  nobody")
