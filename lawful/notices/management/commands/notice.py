"""`lawful notice render FILE [--format html|md]`: the privacy notice a register generates."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawful.policy.notice import build_notice, render_html, render_markdown
from lawful.policy.register import RegisterError, load_register


class Command(BaseCommand):
    help = "Generate the privacy notice from a register of processing."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="Print the notice a register generates.")
        render.add_argument("file", type=Path)
        render.add_argument("--format", choices=["md", "html"], default="md")

    def handle(self, *args, action, file, format, **options):
        try:
            register = load_register(file)
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        except RegisterError as exc:
            raise CommandError(f"the register has problems:\n{exc}", returncode=1) from exc
        notice = build_notice(register)
        self.stdout.write(render_html(notice) if format == "html" else render_markdown(notice))
