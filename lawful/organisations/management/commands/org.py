"""`lawful org add SLUG --register FILE [--name NAME] [--host HOST]...`, `lawful org list`.

An organisation is made from its register: the controller gives its name, kind and
nation, and the file's own document control becomes its notice history, so the version
the file records as adopted is in force at once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from lawful.notices.services import RegisterProblems, adopted_version
from lawful.organisations.models import Organisation
from lawful.organisations.services import OrganisationError, create_organisation


class Command(BaseCommand):
    help = "Add and list the organisations this installation serves."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Add an organisation from its register (YAML).")
        add.add_argument("slug", help="Short name for its addresses, e.g. ashbrook.")
        add.add_argument("--register", required=True, type=Path, help="Its register file.")
        add.add_argument("--name", default="", help="Default: the register's controller.")
        add.add_argument(
            "--host", action="append", default=[], help="A host name its public pages answer at."
        )
        sub.add_parser("list", help="Every organisation, with its version in force.")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def add(self, slug, register, name, host, **options):
        try:
            text = register.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{register}: cannot read: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{register}: not UTF-8 text") from exc
        try:
            organisation = create_organisation(
                slug, text, today=timezone.localdate(), name=name, hosts=tuple(host)
            )
        except RegisterProblems as exc:
            for line in exc.lines(register):
                self.stdout.write(line)
            raise CommandError(
                f"{register}: {len(exc.problems)} problem(s); nothing was added", returncode=1
            ) from exc
        except OrganisationError as exc:
            raise CommandError(str(exc)) from exc
        adopted = adopted_version(organisation)
        in_force = f"version {adopted.version} in force" if adopted else "no version adopted yet"
        self.stdout.write(f"Added {organisation.name} ({organisation.slug}): {in_force}.")

    def list(self, **options):
        organisations = Organisation.objects.annotate(people_count=Count("people")).order_by("slug")
        if not organisations:
            self.stdout.write("No organisations yet: lawful org add SLUG --register FILE")
        for organisation in organisations:
            adopted = adopted_version(organisation)
            version = f"version {adopted.version}" if adopted else "no version adopted"
            self.stdout.write(
                f"{organisation.slug}\t{organisation.name}\t{version}\t"
                f"{organisation.people_count} people"
            )
