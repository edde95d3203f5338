"""The adopted privacy notice as a PDF, laid out by WeasyPrint from the notice's HTML.

The PDF is what the council adopted: it is built from the register text kept with the
adopted version (notices.NoticeVersion), not from the live register, which may have
changed since. Before Lawful records any version, the live register's own adopted
version is used.
"""

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lawful.policy.notice import build_notice, notice_date, render_html
from lawful.policy.register import (
    NoticeVersionRecord,
    Register,
    RegisterError,
    current_version,
    parse_register,
)

from .registry import current_register
from .services import adopted_version, recorded_history


@dataclass(frozen=True)
class NoticePdf:
    content: bytes
    filename: str


def adopted_notice_pdf() -> NoticePdf:
    register, history = _adopted_register()
    notice = build_notice(register, history or None)
    version = _version_label(register, history)
    html = render_to_string(
        "public/notice_pdf.html",
        {
            "title": notice.title,
            "version": _cap(version),
            # render_html escapes every value taken from the register.
            "notice_html": mark_safe(render_html(notice, expanded=True)),  # noqa: S308
        },
    )
    return NoticePdf(_weasyprint(html), f"privacy-notice-{_slug(version) or 'current'}.pdf")


def _adopted_register() -> tuple[Register, list[NoticeVersionRecord]]:
    adopted = adopted_version()
    history = recorded_history()
    if adopted is None:
        return current_register(), history
    register, problems = parse_register(adopted.register_text)
    if register is None or problems:
        raise RegisterError(problems, f"notice version {adopted.version}")
    return register, history


def _version_label(register: Register, history: list[NoticeVersionRecord]) -> str:
    current = current_version(history or register.document.versions)
    if current is None:
        return ""
    return f"version {current.version}, adopted {notice_date(current.date)}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() or c == "." else " " for c in text).split())


def _weasyprint(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only this page needs.
    from weasyprint import CSS, HTML

    css = finders.find("public/public.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=css)] if css else [])
