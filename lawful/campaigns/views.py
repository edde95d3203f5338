"""The campaign page, for the data protection lead: who may be contacted (a count and
the reasons others are left out, never a name), sending email and exporting a list.
(Everyone's counts-only page is the consent app's "Who may we contact?".)"""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lawful.people.normalise import InvalidValue
from lawful.public.views import public_organisation
from lawful.staff.access import Can, can, workspace_view
from lawful.staff.views import _page

from . import services
from .forms import AudienceForm, ExportForm, SendForm
from .models import Send


def _target(form) -> services.Target:
    data = form.cleaned_data
    return services.Target(data["purpose"], data["channel"], data["ward"], data["constituency"])


def _audience(organisation, form):
    """(audience or None); a problem from the rules is added to the form's errors."""
    if not form.is_valid():
        return None
    try:
        return services.target_audience(organisation, _target(form))
    except InvalidValue as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return None


def _context(request, organisation, **extra):
    return {
        "organisation": organisation,
        "may_run": can(request.membership, Can.RUN_CAMPAIGNS),
        "sends": Send.objects.for_org(organisation)[:20],
        **extra,
    }


@workspace_view(Can.RUN_CAMPAIGNS)
@require_GET
def campaigns(request, organisation):
    asked = "purpose" in request.GET  # the form was sent (other parameters are ignored)
    form = AudienceForm(organisation, request.GET if asked else None)
    found = _audience(organisation, form) if asked else None
    status = 400 if asked and found is None else 200
    return _page(
        request,
        "campaigns/campaigns.html",
        _context(
            request,
            organisation,
            form=form,
            count=found.count if found else None,
            excluded=list(found.excluded.items()) if found else [],
            send_form=SendForm(organisation, initial=form.data if asked else None),
            export_form=ExportForm(organisation, initial=form.data if asked else None),
        ),
        section="campaigns",
        status=status,
    )


@workspace_view(Can.RUN_CAMPAIGNS)
@require_POST
def send(request, organisation):
    form = SendForm(organisation, request.POST)
    if _audience(organisation, form) is not None:
        try:
            message = services.compose_send(
                organisation,
                actor=request.user,
                target=_target(form),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except InvalidValue as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            services.start_send(message)
            messages.success(request, f"“{message.subject}” is queued: the worker sends it.")
            return redirect("staff:campaigns", org=organisation.slug)
    return _page(
        request,
        "campaigns/campaigns.html",
        _context(
            request,
            organisation,
            form=AudienceForm(organisation),
            send_form=form,
            export_form=ExportForm(organisation),
            count=None,
            excluded=[],
        ),
        section="campaigns",
        status=400,
    )


@workspace_view(Can.RUN_CAMPAIGNS)
@require_POST
def export(request, organisation):
    form = ExportForm(organisation, request.POST)
    if _audience(organisation, form) is not None:
        try:
            text, _ = services.export_for_mailing_service(
                organisation,
                actor=request.user,
                target=_target(form),
                recipient_id=form.cleaned_data["recipient"],
            )
        except InvalidValue as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            name = f"{organisation.slug}-{form.cleaned_data['purpose']}-{timezone.localdate()}"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
    return _page(
        request,
        "campaigns/campaigns.html",
        _context(
            request,
            organisation,
            form=AudienceForm(organisation),
            send_form=SendForm(organisation),
            export_form=form,
            count=None,
            excluded=[],
        ),
        section="campaigns",
        status=400,
    )


# --- The mailing service's webhook (public: signed, not signed in) ----------------------


@csrf_exempt  # a server's POST, authenticated by its HMAC signature instead
@require_http_methods(["GET", "POST"])
def mailing_service_unsubscribe(request, slug=None):
    """GET: what this address is for. POST: an unsubscribe event from the mailing
    service, its body signed with the organisation's shared secret (HMAC-SHA256, hex,
    in X-Lawful-Signature): JSON {"email": ..., "purpose": ...} or a form with `email`
    (or Mailchimp's `data[email]`). 204 whether or not the address is held; 403
    unsigned or wrongly signed; 400 without a valid address."""
    organisation = public_organisation(request, slug)
    if request.method == "GET":
        return HttpResponse(
            f"{organisation.name}: this address receives unsubscribe events from "
            "our mailing service. It is not a page for people; to change what you hear "
            "from us, use the link at the foot of any email we send.",
            content_type="text/plain; charset=utf-8",
        )
    body = request.body
    if not services.signature_ok(organisation, body, request.headers.get("X-Lawful-Signature", "")):
        return HttpResponse("Not signed with this organisation's secret.", status=403)
    if request.content_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            return HttpResponse("The body is not JSON.", status=400)
        if not isinstance(data, dict):
            return HttpResponse("The body is not a JSON object.", status=400)
    else:
        data = request.POST
    email = str(data.get("email") or data.get("data[email]") or "")
    purpose = str(data.get("purpose") or "")
    try:
        services.mailing_service_unsubscribe(organisation, email=email, purpose=purpose)
    except InvalidValue as exc:
        return HttpResponse(f"{exc.field}: not an email address", status=400)
    return HttpResponse(status=204)
