"""`lawful staff add USERNAME --role ROLE [--email E]`: a staff account; prints its password."""

from django.core.management.base import BaseCommand, CommandError

from lawful.staff.models import Role
from lawful.staff.services import StaffError, create_staff


class Command(BaseCommand):
    help = "Manage staff accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create a staff account with a generated password.")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--email", default="")

    def handle(self, *args, action, username, role, email, **options):
        try:
            user, password = create_staff(username, role=role, email=email)
        except StaffError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Created {user.get_role_display().lower()} {user.username}.\n"
            f"Password: {password}\n(give it to them securely; they should change it.)"
        )
