"""`lawful notice ...`: the privacy notice a register generates, and its versions.

lawful notice render FILE [--format md|html|json] print the notice a register file generates
lawful notice draft VERSION --register FILE [--org SLUG] [--description T]
                                                  check the file and store it as a draft
lawful notice adopt VERSION [--org SLUG] --minute M [--on YYYY-MM-DD] [--by USERNAME]
                                                  adopt a draft; the version before is superseded
lawful notice status [--org SLUG]                 the version in force, and drafts awaiting
                                                  adoption (exit 1 if any, or none adopted)

--org may be left out when the installation serves a single organisation.
"""

import re
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lawful.notices.management.commands.register import read_register
from lawful.notices.models import NoticeVersion
from lawful.notices.services import (
    NoticeError,
    RegisterProblems,
    adopt_version,
    adopted_version,
    check_version_name,
    drafts,
    load_draft,
)
from lawful.organisations.scope import membership_for
from lawful.organisations.services import OrganisationError, organisation_by_slug
from lawful.policy.notice import build_notice, render_html, render_json, render_markdown
from lawful.policy.register import RegisterError, load_register

# One notice, three layouts: for a web page, for reading as text, and as data.
RENDERERS = {"html": render_html, "md": render_markdown, "json": render_json}

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str) -> date:
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise CommandError(f"--on: {text!r} is not a date (YYYY-MM-DD)")


class Command(BaseCommand):
    help = "Generate the privacy notice from a register, and keep its versions."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="Print the notice a register generates.")
        render.add_argument("file", type=Path)
        render.add_argument("--format", choices=sorted(RENDERERS), default="md")
        draft = sub.add_parser("draft", help="Check a register and store it as a draft.")
        draft.add_argument("version", help="e.g. 3, 2.1 or 2026.1")
        draft.add_argument("--register", required=True, type=Path, help="The register file.")
        draft.add_argument("--org", default=None, help="The organisation's short name.")
        draft.add_argument("--description", default="")
        adopt = sub.add_parser("adopt", help="Adopt a draft by a minute.")
        adopt.add_argument("version")
        adopt.add_argument("--org", default=None, help="The organisation's short name.")
        adopt.add_argument("--minute", default="", help="The minute that adopted it.")
        adopt.add_argument("--on", default=None, help="Adopted on (YYYY-MM-DD; default today).")
        adopt.add_argument("--by", default=None, help="Username of the staff member adopting it.")
        status = sub.add_parser("status", help="The version in force, and drafts waiting.")
        status.add_argument("--org", default=None, help="The organisation's short name.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except (NoticeError, OrganisationError) as exc:
            raise CommandError(str(exc)) from exc
        except RegisterError as exc:
            raise CommandError(f"the register has problems:\n{exc}", returncode=1) from exc

    def render(self, file, format, **options):
        try:
            register = load_register(file)
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        self.stdout.write(RENDERERS[format](build_notice(register)), ending="")

    def draft(self, version, register, org, description, **options):
        organisation = organisation_by_slug(org)
        check_version_name(version)
        text = read_register(register)
        try:
            draft = load_draft(
                organisation,
                text,
                version=version,
                today=timezone.localdate(),
                description=description,
            )
        except RegisterProblems as exc:
            for line in exc.lines(register):
                self.stdout.write(line)
            raise CommandError(
                f"{register}: {len(exc.problems)} problem(s); nothing was stored", returncode=1
            ) from exc
        self.stdout.write(f"Drafted version {draft.version} for {organisation.name}.")

    def adopt(self, version, org, minute, on, by, **options):
        organisation = organisation_by_slug(org)
        actor = self._staff_member(by, organisation) if by else None
        try:
            draft = NoticeVersion.objects.for_org(organisation).get(version=version)
        except NoticeVersion.DoesNotExist as exc:
            raise CommandError(
                f"version: no version {version!r} has been drafted for {organisation.name}"
            ) from exc
        adopted = adopt_version(
            draft,
            adopted_on=_day(on) if on else timezone.localdate(),
            minute=minute,
            actor=actor,
        )
        by_minute = f", minute {adopted.minute}" if adopted.minute else ""
        self.stdout.write(
            f"Adopted version {adopted.version} on {adopted.dated.isoformat()}{by_minute}."
        )

    def _staff_member(self, username, organisation):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or membership_for(user, organisation) is None:
            raise CommandError(
                f"--by: {username!r} is not a member of staff of {organisation.name}"
            )
        return user

    def status(self, org, **options):
        organisation = organisation_by_slug(org)
        adopted = adopted_version(organisation)
        if adopted is None:
            raise CommandError(
                f"No version of {organisation.name}'s notice has been adopted.", returncode=1
            )
        self.stdout.write(
            f"Adopted: version {adopted.version} on {adopted.dated.isoformat()}, "
            f"minute {adopted.minute or '(none)'}."
        )
        waiting = [d.version for d in drafts(organisation).order_by("created_at", "pk")]
        if waiting:
            raise CommandError(
                f"Drafts awaiting adoption: {', '.join(waiting)} "
                f"(lawful notice adopt VERSION --org {organisation.slug} --minute M).",
                returncode=1,
            )
        self.stdout.write("No drafts await adoption: the register in force is the latest.")
