"""`lawful audit verify [--org SLUG]`: check that audit chains are complete and unaltered.
`lawful audit export [--org SLUG]`: one chain as JSON Lines, to keep or check elsewhere.

Each organisation has its own chain; without --org, verify checks every chain (and the
installation's own, for events that belong to no organisation), each reported; export
writes the installation's chain.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from lawful.audit.services import ChainReport, chains, export_chain, verify_chain
from lawful.organisations.services import OrganisationError, organisation_by_slug


def _line(name: str, report: ChainReport) -> str:
    if report.ok:
        noun = "event" if report.events_checked == 1 else "events"
        return f"{name}: audit chain intact: {report.events_checked:,} {noun}."
    where = f" at event {report.first_broken_seq}" if report.first_broken_seq else ""
    return f"{name}: audit chain broken{where}: {report.reason}"


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="Recompute every event's hash and check each chain has no gap, "
            "alteration or missing end. Exits 1 if any is broken.",
        )
        verify.add_argument("--org", default=None, help="Only this organisation's chain.")
        export = sub.add_parser(
            "export", help="Write one chain's events as JSON Lines, oldest first, with hashes."
        )
        export.add_argument("--org", default=None, help="This organisation's chain.")

    def handle(self, *args, action, org=None, **options):
        if action == "export":
            self.export(org)
            return
        if org:
            try:
                organisation = organisation_by_slug(org)
            except OrganisationError as exc:
                raise CommandError(str(exc)) from exc
            reports = [(organisation, verify_chain(organisation))]
        else:
            reports = chains()
        broken = []
        for organisation, report in reports:
            name = organisation.slug if organisation else "installation"
            line = _line(name, report)
            if report.ok:
                self.stdout.write(line)
            else:
                broken.append(line)
        if broken:
            raise CommandError("\n".join(broken), returncode=1)

    def export(self, org):
        organisation = None
        if org:
            try:
                organisation = organisation_by_slug(org)
            except OrganisationError as exc:
                raise CommandError(str(exc)) from exc
        for event in export_chain(organisation):
            self.stdout.write(json.dumps(event, sort_keys=True))
