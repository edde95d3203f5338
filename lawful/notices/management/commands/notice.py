"""`lawful notice ...`: the privacy notice a register generates, and its versions.

lawful notice render FILE [--format md|html|json]
                                               print the notice a register generates
lawful notice draft VERSION [--description T]  record the live register's notice as a draft
lawful notice adopt VERSION --minute M [--on YYYY-MM-DD]
                                               adopt a draft; the version before is superseded
lawful notice status                           the adopted version, and whether the live
                                               register has changed since (exit 1 if so)
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawful.notices.models import NoticeVersion
from lawful.notices.registry import current_register
from lawful.notices.services import (
    NoticeError,
    adopt_version,
    adopted_version,
    changed_since_adoption,
    draft_version,
)
from lawful.policy.notice import build_notice, render_html, render_json, render_markdown
from lawful.policy.register import RegisterError, load_register

# One notice, three layouts: for a web page, for reading as text, and as data.
RENDERERS = {"html": render_html, "md": render_markdown, "json": render_json}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--on: {text!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Generate the privacy notice from a register, and keep its versions."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="Print the notice a register generates.")
        render.add_argument("file", type=Path)
        render.add_argument("--format", choices=sorted(RENDERERS), default="md")
        draft = sub.add_parser("draft", help="Record the live register's notice as a draft.")
        draft.add_argument("version")
        draft.add_argument("--description", default="")
        adopt = sub.add_parser("adopt", help="Adopt a draft by a minute.")
        adopt.add_argument("version")
        adopt.add_argument("--minute", required=True, help="The minute that adopted it.")
        adopt.add_argument("--on", default=None, help="Adopted on (YYYY-MM-DD; default today).")
        sub.add_parser("status", help="Has the register changed since the adopted version?")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except NoticeError as exc:
            raise CommandError(str(exc)) from exc
        except RegisterError as exc:
            raise CommandError(f"the register has problems:\n{exc}", returncode=1) from exc

    def render(self, file, format, **options):
        try:
            register = load_register(file)
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        self.stdout.write(RENDERERS[format](build_notice(register)), ending="")

    def draft(self, version, description, **options):
        draft = draft_version(
            current_register(), version=version, dated=date.today(), description=description
        )
        self.stdout.write(f"Drafted version {draft.version} from the live register.")

    def adopt(self, version, minute, on, **options):
        try:
            draft = NoticeVersion.objects.get(version=version)
        except NoticeVersion.DoesNotExist as exc:
            raise CommandError(f"version: no version {version!r} has been drafted") from exc
        adopted = adopt_version(draft, adopted_on=_day(on) if on else date.today(), minute=minute)
        self.stdout.write(
            f"Adopted version {adopted.version} on {adopted.dated.isoformat()}, "
            f"minute {adopted.minute}."
        )

    def status(self, **options):
        adopted = adopted_version()
        if adopted is None:
            raise CommandError("No version of the notice has been adopted.", returncode=1)
        self.stdout.write(
            f"Adopted: version {adopted.version} on {adopted.dated.isoformat()}, "
            f"minute {adopted.minute or '(none)'}."
        )
        if changed_since_adoption(current_register()):
            raise CommandError(
                "The register has changed since this version was adopted: draft and adopt "
                "a new version (lawful notice draft VERSION; lawful notice adopt VERSION).",
                returncode=1,
            )
        self.stdout.write("The live register is the one this version was adopted from.")
