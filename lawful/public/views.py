from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from lawful.notices.pdf import html_pdf, notice_pdf
from lawful.notices.registry import BrokenRegisterInForce, register_in_force, stored_notice_html
from lawful.notices.services import adopted_version, recorded_history
from lawful.organisations.models import Organisation, OrganisationHost
from lawful.policy.notice import build_notice, notice_date, render_html
from lawful.policy.vocab import NoticeStatus


def host_organisation(request) -> Organisation | None:
    """The organisation whose host name the request came to, if any (remembered for the
    request). Only the public pages ask, so other requests pay nothing for it."""
    if not hasattr(request, "_host_organisation"):
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        match = OrganisationHost.objects.filter(host=host).select_related("organisation").first()
        request._host_organisation = match.organisation if match else None
    return request._host_organisation


def public_organisation(request, slug: str | None) -> Organisation:
    """The organisation a public page is for: by /o/<slug>/, by the host name the request
    came to, or the only organisation of the installation; else 404."""
    if slug is not None:
        return get_object_or_404(Organisation, slug=slug)
    by_host = host_organisation(request)
    if by_host is not None:
        return by_host
    only = list(Organisation.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise Http404("Which organisation? Its pages are under /o/<short name>/.")


@require_GET
def home(request, slug=None):
    if slug is None and host_organisation(request) is None:
        organisations = list(Organisation.objects.order_by("name"))
        if len(organisations) != 1:
            # Many organisations, no host name: a plain list of them.
            return render(request, "public/organisations.html", {"organisations": organisations})
    organisation = public_organisation(request, slug)
    adopted = adopted_version(organisation)
    register = _footer_register(adopted)
    from lawful.policy.contact import consent_purposes

    return render(
        request,
        "public/home.html",
        {
            "organisation": organisation,
            "register": register,
            "adopted": adopted,
            # consent: a link to the sign-up form where there is something to sign up to
            "sign_up": register is not None and bool(consent_purposes(register)),
        },
    )


def _footer_register(adopted):
    """The register the page's footer names the controller from, if it reads."""
    if adopted is None:
        return None
    try:
        return register_in_force(adopted.organisation)
    except BrokenRegisterInForce:
        return None


# Said under a notice served from its stored copy: the reader is told nothing is wrong
# with what they read (it is the adopted notice), only that the page is plainer.
STORED_NOTE = (
    "This is the privacy notice as adopted, shown from its stored copy while the "
    "organisation corrects a technical problem."
)


def _notice_in_force(organisation):
    """The notice of the version the organisation adopted (never a draft), or None.

    Raises BrokenRegisterInForce if the adopted register no longer parses (logged there):
    the callers then serve the version's stored notice."""
    adopted = adopted_version(organisation)
    if adopted is None:
        return None, None
    register = register_in_force(organisation)
    # The public history lists versions adopted (and since superseded), not drafts.
    history = [v for v in recorded_history(organisation) if v.status != NoticeStatus.DRAFT]
    return adopted, build_notice(register, history or None)


@require_GET
def privacy_notice(request, slug=None):
    """The notice of the version the organisation adopted: never a draft."""
    organisation = public_organisation(request, slug)
    try:
        adopted, notice = _notice_in_force(organisation)
    except BrokenRegisterInForce:
        adopted = adopted_version(organisation)
        return render(
            request,
            "public/privacy.html",
            {
                "organisation": organisation,
                "title": f"{organisation.name}: privacy notice",
                "stored_note": STORED_NOTE,
                # Rendered (and escaped) when the version was drafted.
                "notice_html": mark_safe(stored_notice_html(adopted)),  # noqa: S308
            },
        )
    if notice is None:
        return render(request, "public/no_notice.html", {"organisation": organisation}, status=404)
    # Relative, so it is right at /o/<slug>/privacy and at /privacy alike.
    pdf = "privacy.pdf"
    return render(
        request,
        "public/privacy.html",
        {
            "organisation": organisation,
            "register": register_in_force(organisation),
            "title": notice.title,
            # render_html escapes every value taken from the register.
            "notice_html": mark_safe(render_html(notice, pdf_href=pdf)),  # noqa: S308
        },
    )


@require_GET
def privacy_notice_pdf(request, slug=None):
    """The same notice, of the adopted version, as a PDF to download, print or keep."""
    organisation = public_organisation(request, slug)
    try:
        adopted, notice = _notice_in_force(organisation)
    except BrokenRegisterInForce:
        adopted, notice = adopted_version(organisation), None
        version = f"Version {adopted.version}, adopted {notice_date(adopted.dated)}"
        title = f"{organisation.name}: privacy notice"
        pdf = html_pdf(title, stored_notice_html(adopted), version)
    else:
        if notice is None:
            return render(
                request, "public/no_notice.html", {"organisation": organisation}, status=404
            )
        version = f"Version {adopted.version}, adopted {notice_date(adopted.dated)}"
        pdf = notice_pdf(notice, version)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{organisation.slug}-privacy-notice-{adopted.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
