"""`lawful suppression redigest [--org SLUG]`: recompute each contact point's
do-not-contact digest under LAWFUL_SUPPRESSION_KEY as set now (after it is first set
or changed)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lawful.organisations.commands import organisation_for_command
from lawful.people.services import recompute_suppression_digests


class Command(BaseCommand):
    help = "The do-not-contact list's digests."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        redigest = sub.add_parser(
            "redigest", help="Recompute every contact point's digest under the key set now."
        )
        redigest.add_argument("--org", help="Only this organisation (its short name).")

    def handle(self, *args, action, org=None, **options):
        if not getattr(settings, "LAWFUL_SUPPRESSION_KEY", ""):
            raise CommandError(
                "LAWFUL_SUPPRESSION_KEY (or LAWFUL_SUPPRESSION_KEY_FILE) is not set: there "
                "is nothing to compute the digests with"
            )
        organisation = organisation_for_command(org) if org else None
        changed = recompute_suppression_digests(organisation)
        self.stdout.write(f"{changed} contact points given a new digest.")
