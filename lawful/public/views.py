from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from lawful.notices.pdf import adopted_notice_pdf
from lawful.notices.registry import current_register
from lawful.notices.services import recorded_history
from lawful.policy.notice import build_notice, render_html


@require_GET
def home(request):
    return render(request, "public/home.html", {"register": current_register()})


@require_GET
def privacy_notice(request):
    """The privacy notice, generated from the live register on every request."""
    register = current_register()
    # Once Lawful keeps the notice's versions, they are its history; before, the register's.
    notice = build_notice(register, recorded_history() or None)
    return render(
        request,
        "public/privacy.html",
        {
            "register": register,
            "title": notice.title,
            # render_html escapes every value taken from the register.
            "notice_html": mark_safe(render_html(notice, pdf_href=reverse("public:privacy-pdf"))),  # noqa: S308
        },
    )


@require_GET
def privacy_notice_pdf(request):
    """The adopted version of the notice as a PDF, to download, print or keep."""
    pdf = adopted_notice_pdf()
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    return response
