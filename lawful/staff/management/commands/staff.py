"""`lawful staff add USERNAME --role ROLE [--org SLUG] [--email E] [--ward W]`;
`lawful staff token USERNAME [--org SLUG] [--name NAME]` (a new API token, printed as the
last line), `lawful staff token USERNAME [--org SLUG] --revoke PREFIX` and `--list`.

A new account gets a generated password, printed once; an existing account is given
the role in the organisation (a membership). --org may be left out when the
installation serves a single organisation.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from lawful.api.services import TokenError, issue_token, revoke_token, tokens_of
from lawful.organisations.services import (
    OrganisationError,
    add_membership,
    organisation_by_slug,
)
from lawful.staff.models import Role, StaffUser
from lawful.staff.services import StaffError, create_staff


class Command(BaseCommand):
    help = "Manage staff accounts and their roles in organisations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add", help="Give a member of staff a role in an organisation (new: with a password)."
        )
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--org", default=None, help="The organisation's short name.")
        add.add_argument("--email", default="")
        add.add_argument("--ward", default="", help="A councillor's ward.")
        token = sub.add_parser(
            "token",
            help="Make an API token for a member of staff in an organisation (printed once, "
            "as the last line), or revoke one.",
        )
        token.add_argument("username")
        token.add_argument("--org", default=None, help="The organisation's short name.")
        token.add_argument("--name", default="", help="What the token is for.")
        token.add_argument(
            "--revoke", default=None, metavar="PREFIX", help="Revoke the token starting so."
        )
        token.add_argument(
            "--list",
            dest="list_tokens",
            action="store_true",
            help="List their tokens (never the tokens themselves).",
        )

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def add(self, username, role, org, email, ward, **options):
        try:
            organisation = organisation_by_slug(org)
            existing = StaffUser.objects.filter(username=username).first()
            if existing is not None:
                add_membership(existing, organisation, role=role, ward=ward)
                self.stdout.write(
                    f"{existing.username} is now {Role(role).label.lower()} of {organisation.name}."
                )
                return
            user, password = create_staff(
                username, role=role, organisation=organisation, ward=ward, email=email
            )
        except (StaffError, OrganisationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Created {Role(role).label.lower()} {user.username} of {organisation.name}.\n"
            f"Password: {password}\n(give it to them securely; they should change it.)"
        )

    def token(self, username, org, name, revoke, list_tokens, **options):
        try:
            organisation = organisation_by_slug(org)
            user = StaffUser.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"username: no member of staff {username!r}")
            if list_tokens:
                self._list_tokens(user, organisation)
                return
            if revoke is not None:
                token = revoke_token(user, organisation, revoke)
                self.stdout.write(f"Revoked {token.display_prefix} of {username}.")
                return
            issued = issue_token(user, organisation, name=name)
        except (TokenError, OrganisationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"API token {issued.token.display_prefix} for {username} in {organisation.name} "
            "(shown once: keep it secret; revoke it with --revoke "
            f"{issued.token.display_prefix}):\n{issued.secret}"
        )

    def _list_tokens(self, user, organisation):
        def day(moment):
            return f"{localtime(moment):%Y-%m-%d %H:%M}"

        for token in tokens_of(user, organisation):
            if token.revoked_at:
                state = f"revoked {day(token.revoked_at)}"
            else:
                state = f"last used {day(token.last_used_at)}" if token.last_used_at else "unused"
            self.stdout.write(
                f"{token.display_prefix}  {token.name or '-'}  "
                f"made {day(token.created_at)}, {state}"
            )
