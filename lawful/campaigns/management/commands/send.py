"""`lawful send PURPOSE --org SLUG --channel email --subject TEXT --body FILE [--ward
CODE] [--constituency CODE] [--by USERNAME]`: compose the message and queue it for the
worker (`lawful worker --until-done` sends it). With LAWFUL_EMAIL_DIR set, messages
are written to files there instead of being sent."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lawful.campaigns.services import Target, compose_send, start_send
from lawful.organisations.models import Membership, Organisation
from lawful.people.normalise import InvalidValue


class Command(BaseCommand):
    help = "Send an email to everyone who may be emailed for a purpose (by the worker)."

    def add_arguments(self, parser):
        parser.add_argument("purpose", help="a purpose of the register in force")
        parser.add_argument("--org", required=True, help="the organisation's short name")
        parser.add_argument("--channel", default="email", help="email (the only one sent)")
        parser.add_argument("--subject", required=True)
        parser.add_argument("--body", required=True, help="a text file: the message")
        parser.add_argument("--ward", default="", help="a ward's ONS code")
        parser.add_argument("--constituency", default="", help="a constituency's ONS code")
        parser.add_argument("--by", help="the member of staff sending it (username)")

    def handle(self, *args, purpose, org, channel, subject, body, ward, constituency, by, **o):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"--org: no organisation {org!r} (lawful org list shows them)")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if (
                actor is None
                or not Membership.objects.filter(user=actor, organisation=organisation).exists()
            ):
                raise CommandError(f"--by: {by!r} is not a member of staff of {org}")
        try:
            text = Path(body).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--body: {body}: cannot be read ({exc})") from None
        try:
            send = compose_send(
                organisation,
                actor=actor,
                target=Target(purpose, channel, ward, constituency),
                subject=subject,
                body=text,
            )
        except InvalidValue as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        job = start_send(send)
        job.refresh_from_db()
        self.stdout.write(f"Send {send.pk} queued as job {job.pk} ({job.status}).")
