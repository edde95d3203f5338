"""`lawful tps load FILE [--org SLUG]`: the Telephone Preference Service file live calls
are screened against (lawful.consent.tps). Problems as FILE:LINE: message, exit 1,
nothing loaded."""

from django.core.management.base import BaseCommand, CommandError

from lawful.organisations.services import OrganisationError, organisation_by_slug

from ...tps import TpsFileError, load_tps


class Command(BaseCommand):
    help = "The Telephone Preference Service file: live marketing calls never go to its numbers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Replace the organisation's TPS list with FILE.")
        load.add_argument("file", help="The TPS file: a number per line.")
        load.add_argument(
            "--org", help="The organisation's short name (not needed while there is only one)."
        )

    def handle(self, *args, action, file, org=None, **options):
        try:
            organisation = organisation_by_slug(org)
        except OrganisationError as exc:
            raise CommandError(str(exc)) from None
        try:
            count = load_tps(organisation, file)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a text file (UTF-8)") from None
        except TpsFileError as exc:
            for line, message in exc.problems:
                self.stderr.write(f"{file}:{line}: {message}")
            raise CommandError(f"{file}: nothing loaded") from None
        self.stdout.write(f"{organisation.name}: {count} numbers on the TPS list from {file}")
