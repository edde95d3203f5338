"""A privacy notice as a PDF, laid out by WeasyPrint from the notice's own HTML.

The public page offers the adopted version's notice as a PDF (public.views), with every
collapsible part open and the page's print stylesheet applied.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lawful.policy.notice import Notice, render_html


def notice_pdf(notice: Notice, version: str) -> bytes:
    """The notice as PDF bytes; `version` (e.g. "Version 3, adopted 14 May 2026") is
    printed under the title and in every page's footer."""
    html = render_to_string(
        "public/notice_pdf.html",
        {
            "title": notice.title,
            "version": version,
            # render_html escapes every value taken from the register.
            "notice_html": mark_safe(render_html(notice, expanded=True)),  # noqa: S308
        },
    )
    # Imported here: WeasyPrint loads Pango when imported, which only this page needs.
    from weasyprint import CSS, HTML

    css = finders.find("public/public.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=css)] if css else [])
