"""`lawful register check FILE`: report every problem in a register as FILE:LINE: message.

Warnings (things to look at that may be right) print as FILE:LINE: warning: message; only
errors make the command exit 1. Whatever the file holds (aliases, tags, deep nesting, another
encoding, a megabyte of anything) it answers with FILE:LINE: lines, never a traceback, and
within a second: see lawful/policy/safe_yaml.py for the limits.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawful.policy.checks import check_text
from lawful.policy.register import read_register_text


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

    def handle(self, *args, action, file, today=None, **options):
        try:
            # Over 1 MB, not UTF-8 or binary: the problem that stops it being read.
            text, problems = read_register_text(file)
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        if text is not None:
            problems = check_text(text, today or date.today())
        for problem in problems:
            self.stdout.write(problem.format(file))
        errors = [p for p in problems if p.is_error]
        if errors:
            raise CommandError(f"{file}: {len(errors)} problem(s)", returncode=1)
        warnings = len(problems) - len(errors)
        self.stdout.write(f"{file}: OK" + (f" ({warnings} warning(s))" if warnings else ""))
