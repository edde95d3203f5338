"""The public request and complaint forms: /o/<slug>/request and /o/<slug>/complaint
(and /request, /complaint at the organisation's own host name).

A short just-in-time notice says what happens next and when the answer is due (the
clock's date for a request received today); no form or photo ID is required, and a
letter, an email or a call counts the same. Invalid input stores nothing; each client
may send only a few forms an hour (the cache counts them), so the form cannot be used
to flood the desk. Submissions are audited as "public".
"""

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.normalise import InvalidValue
from lawful.policy.clock import response_due
from lawful.public.views import public_organisation

from . import services
from .forms import ComplaintForm, PublicRequestForm, add_service_error
from .models import RightsRequest, Via

# Forms one client may send to one organisation in an hour.
HOURLY_LIMIT = 10
_THANKS = "rights-thanks"


def _too_many(request, organisation, form_name: str) -> bool:
    """Count this submission; True once the client has sent more than the limit."""
    client = request.META.get("REMOTE_ADDR", "unknown")
    key = f"rights-form:{organisation.pk}:{form_name}:{client}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > HOURLY_LIMIT


def _refused_as_too_many(request, organisation, form_name: str, form) -> bool:
    """Count this submission; once over the limit, say so on the form and return True."""
    if not _too_many(request, organisation, form_name):
        return False
    form.add_error(
        None,
        "You have sent several forms in the last hour. Please try "
        "again later, or write to us or phone us instead.",
    )
    return True


def _contact(organisation):
    """The organisation's own postal address and lead, from its register in force."""
    try:
        return register_in_force(organisation).controller
    except NoRegisterInForce:
        return None


def _url(request, name: str, organisation, slug) -> str:
    return (
        reverse(f"public:{name}", kwargs={"slug": organisation.slug})
        if slug
        else reverse(f"public:{name}")
    )


@require_http_methods(["GET", "POST"])
def request_form(request, slug=None):
    organisation = public_organisation(request, slug)
    today = timezone.localdate()
    form = PublicRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _refused_as_too_many(request, organisation, "request", form):
            status = 429
        elif form.is_valid():
            try:
                created = services.receive_request(
                    organisation,
                    kind=form.cleaned_data["kind"],
                    received_on=today,
                    via=Via.WEB_FORM,
                    requester=form.requester(),
                    details=form.cleaned_data["details"],
                    actor=request.user,
                    agent=form.agent(),
                )
            except InvalidValue as exc:
                add_service_error(form, exc)
            else:
                request.session[_THANKS] = {"request": created.pk}
                return redirect(_url(request, "request-thanks", organisation, slug))
        if status == 200:
            status = 400
    return render(
        request,
        "rights/public_request.html",
        {
            "organisation": organisation,
            "form": form,
            "due": response_due(today, organisation.nation),
            "today": today,
            "controller": _contact(organisation),
        },
        status=status,
    )


@require_http_methods(["GET"])
def request_thanks(request, slug=None):
    organisation = public_organisation(request, slug)
    pk = (request.session.get(_THANKS) or {}).get("request")
    found = RightsRequest.objects.for_org(organisation).filter(pk=pk).first() if pk else None
    if found is None:
        return redirect(_url(request, "request", organisation, slug))
    return render(
        request,
        "rights/public_request_thanks.html",
        {
            "organisation": organisation,
            "rights_request": found,
            "controller": _contact(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def complaint_form(request, slug=None):
    organisation = public_organisation(request, slug)
    today = timezone.localdate()
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _refused_as_too_many(request, organisation, "complaint", form):
            status = 429
        elif form.is_valid():
            reference = form.cleaned_data.get("reference", "").strip()
            earlier = _earlier_request(organisation, reference)
            text = form.cleaned_data["text"]
            if reference and earlier is None:
                text += f"\n\n(Reference given: {reference})"
            try:
                created = services.receive_complaint(
                    organisation,
                    received_on=today,
                    complainant=form.requester(),
                    text=text,
                    actor=request.user,
                    request=earlier,
                )
            except InvalidValue as exc:
                add_service_error(form, exc)
            else:
                request.session[_THANKS] = {"complaint": created.pk}
                return redirect(_url(request, "complaint-thanks", organisation, slug))
        if status == 200:
            status = 400
    return render(
        request,
        "rights/public_complaint.html",
        {
            "organisation": organisation,
            "form": form,
            "acknowledge_by": today + services.ACKNOWLEDGE_WITHIN,
            "controller": _contact(organisation),
        },
        status=status,
    )


def _earlier_request(organisation, reference: str):
    """The request a complaint names by its reference, if it is this organisation's.
    A reference that matches nothing is kept in the complaint's words only."""
    digits = "".join(ch for ch in reference if ch.isdigit())
    if not digits:
        return None
    return RightsRequest.objects.for_org(organisation).filter(pk=int(digits)).first()


@require_http_methods(["GET"])
def complaint_thanks(request, slug=None):
    from .models import Complaint

    organisation = public_organisation(request, slug)
    pk = (request.session.get(_THANKS) or {}).get("complaint")
    found = Complaint.objects.for_org(organisation).filter(pk=pk).first() if pk else None
    if found is None:
        return redirect(_url(request, "complaint", organisation, slug))
    return render(
        request,
        "rights/public_complaint_thanks.html",
        {"organisation": organisation, "complaint": found, "controller": _contact(organisation)},
    )
