"""`lawful register check FILE`: report every problem in a register as FILE:LINE: message.

Warnings (things to look at that may be right) print as FILE:LINE: warning: message; only
errors make the command exit 1. Whatever the file holds (aliases, tags, deep nesting, another
encoding, a megabyte of anything) it answers with FILE:LINE: lines, never a traceback, and
within a second: see lawful/policy/safe_yaml.py for the limits.
`lawful register load SLUG FILE --version V`: check it the same way and store it as a
draft of the organisation's register (nothing is stored if there is any problem).
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lawful.notices.services import NoticeError, RegisterProblems, load_draft
from lawful.organisations.services import OrganisationError, organisation_by_slug
from lawful.policy.checks import check_text
from lawful.policy.register import Problem, read_register_text


def read_register_file(file: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops it being read as a register (over 1 MB,
    not UTF-8, binary)."""
    try:
        return read_register_text(file)
    except OSError as exc:
        raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc


def read_register(file: Path) -> str:
    text, problems = read_register_file(file)
    if text is None:
        raise CommandError("\n".join(p.format(file) for p in problems), returncode=1)
    return text


class Command(BaseCommand):
    help = "Work with a register of processing (YAML)."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Validate a register file against the rules.")
        check.add_argument("file", type=Path)
        check.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Check as of this date (YYYY-MM-DD), e.g. for the review date.",
        )
        load = sub.add_parser("load", help="Check a register and store it as a draft version.")
        load.add_argument("slug", help="The organisation's short name.")
        load.add_argument("file", type=Path)
        load.add_argument("--version", required=True, help="e.g. 3, 2.1 or 2026.1")
        load.add_argument("--description", default="")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def check(self, file, today=None, **options):
        text, problems = read_register_file(file)
        if text is not None:
            problems = check_text(text, today or date.today())
        for problem in problems:
            self.stdout.write(problem.format(file))
        errors = [p for p in problems if p.is_error]
        if errors:
            raise CommandError(f"{file}: {len(errors)} problem(s)", returncode=1)
        warnings = len(problems) - len(errors)
        self.stdout.write(f"{file}: OK" + (f" ({warnings} warning(s))" if warnings else ""))

    def load(self, slug, file, version, description, **options):
        try:
            organisation = organisation_by_slug(slug)
        except OrganisationError as exc:
            raise CommandError(str(exc).replace("--org", "slug", 1)) from exc
        text = read_register(file)
        try:
            draft = load_draft(
                organisation,
                text,
                version=version,
                today=timezone.localdate(),
                description=description,
            )
        except RegisterProblems as exc:
            for line in exc.lines(file):
                self.stdout.write(line)
            raise CommandError(
                f"{file}: {len(exc.problems)} problem(s); nothing was stored", returncode=1
            ) from exc
        except NoticeError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            f"Stored draft version {draft.version} of {organisation.name}'s register. "
            f"Adopt it with: lawful notice adopt {draft.version} --org {organisation.slug} "
            "--minute MINUTE"
        )
