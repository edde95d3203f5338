"""The rights desk in the staff workspace: requests by due date, a request's page (its
clock, events, candidates and identity checks), staff intake, complaints, the on-time
report.

Every view is wrapped in `workspace_view`: the lead handles requests and complaints
(Can.HANDLE_REQUESTS); any member of staff may log one received (Can.LOG_REQUESTS), but
sees no one else's. Requests and complaints are reached only through
`lawful.rights.scope`; every change goes through `lawful.rights.services`; reading a
request is audited as a view. Due dates come stored from the services, never computed
here.
"""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.disclosures import services as disclosures
from lawful.disclosures.models import RecipientNotification
from lawful.people.normalise import InvalidValue
from lawful.staff.access import Can, can, workspace_view
from lawful.staff.views import _page

from . import services
from .forms import (
    AcknowledgeForm,
    CloseForm,
    ComplaintOutcomeForm,
    ComplaintStepForm,
    EventForm,
    FulfilForm,
    IdentityCheckForm,
    NotificationForm,
    StaffComplaintForm,
    StaffRequestForm,
    add_service_error,
)
from .fulfil import FulfilmentResult, NotAvailable, NotReady, fulfil
from .models import Complaint, ComplaintStatus, EventType, RequestKind, RightsRequest
from .reports import DUE_SOON_DAYS, due_requests, on_time_report
from .scope import get_complaint_for_user, get_request_for_user

SHOW = {"open": "Open", "closed": "Closed", "all": "All"}


def _request_url(organisation, rights_request) -> str:
    return reverse(
        "staff:request", kwargs={"org": organisation.slug, "request_id": rights_request.pk}
    )


@workspace_view(Can.HANDLE_REQUESTS)
@require_GET
def requests_list(request, organisation):
    """Requests by due date: overdue and due within seven days marked."""
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show not in SHOW:
        show = "open"
    if show == "open":
        rows = due_requests(organisation, today)
    else:
        found = RightsRequest.objects.for_org(organisation).order_by("-received_on", "-pk")
        if show == "closed":
            found = found.exclude(pk__in=[d.request.pk for d in due_requests(organisation, today)])
        rows = [_row(r, today) for r in found[:500]]
    record(
        AuditAction.VIEW,
        actor=request.user,
        organisation=organisation,
        summary=f"listed {show} rights requests: {len(rows)} shown",
    )
    return _page(
        request,
        "rights/staff_requests.html",
        {
            "organisation": organisation,
            "rows": rows,
            "show": show,
            "shows": SHOW,
            "today": today,
            "soon_days": DUE_SOON_DAYS,
        },
        section="requests",
    )


def _row(r: RightsRequest, today: date):
    from .reports import DueRequest

    if not r.is_open or r.due_on is None:
        return DueRequest(r, r.due_on, None, False, False)
    left = (r.due_on - today).days
    return DueRequest(r, r.due_on, left, left < 0, 0 <= left <= DUE_SOON_DAYS)


@workspace_view(Can.LOG_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_new(request, organisation):
    """Log a request made by email, letter, phone, social media or in person."""
    form = StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.receive_request(
                organisation,
                kind=form.cleaned_data["kind"],
                received_on=form.cleaned_data["received_on"],
                via=form.cleaned_data["via"],
                requester=form.requester(),
                details=form.cleaned_data["details"],
                actor=request.user,
                agent=form.agent(),
            )
        except InvalidValue as exc:
            add_service_error(form, exc)
        else:
            due = f"{created.due_on:%d %B %Y}" if created.due_on else "when the clock restarts"
            if can(request.membership, Can.HANDLE_REQUESTS):
                messages.success(request, f"Request {created.reference} recorded: due {due}.")
                return redirect(_request_url(organisation, created))
            messages.success(
                request,
                f"Request {created.reference} recorded and passed to the data protection "
                f"lead: due {due}.",
            )
            return redirect("staff:dashboard", org=organisation.slug)
    status = 400 if form.is_bound and form.errors else 200
    return _page(
        request,
        "rights/staff_request_new.html",
        {"organisation": organisation, "form": form},
        section="requests",
        status=status,
    )


@workspace_view(Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_detail(request, organisation, request_id: int):
    """The request, its clock and events, candidates with a confirm button, and the
    forms for what happens next: carry it out, tell the recipients, close it."""
    rights_request = get_request_for_user(request.user, organisation, request_id)
    notifications = RecipientNotification.objects.for_org(organisation).filter(
        request=rights_request
    )
    forms = {
        "event": EventForm(prefix="event"),
        "identity": IdentityCheckForm(prefix="identity"),
        "close": CloseForm(prefix="close"),
        "fulfil": _fulfil_form(rights_request),
        **{
            f"notify-{n.pk}": NotificationForm(prefix=f"notify-{n.pk}")
            for n in notifications
            if n.status == RecipientNotification.Status.TO_SEND
        },
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        done = _act(request, rights_request, action, forms, notifications)
        if isinstance(done, HttpResponse):
            return done
        if done:
            messages.success(request, done)
            return redirect(_request_url(organisation, rights_request))
        status = 400
    else:
        record(
            AuditAction.VIEW,
            actor=request.user,
            target=rights_request,
            person=rights_request.person,
            summary="viewed a rights request",
        )
    today = timezone.localdate()
    clock = services.clock_for(rights_request)
    return _page(
        request,
        "rights/staff_request.html",
        {
            "organisation": organisation,
            "r": rights_request,
            "clock": clock,
            "days_left": clock.days_left(today) if rights_request.is_open else None,
            "events": rights_request.events.order_by("on", "pk"),
            "checks": rights_request.identity_checks.select_related("checked_by"),
            "candidates": services.candidates(rights_request) if rights_request.is_open else [],
            "kinds": RequestKind.choices,
            "today": today,
            "notifications": [(n, forms.get(f"notify-{n.pk}")) for n in notifications],
            **{f"{name}_form": form for name, form in forms.items() if "-" not in name},
        },
        section="requests",
        status=status,
    )


def _fulfil_form(rights_request, data=None) -> FulfilForm:
    person = rights_request.person
    purposes = []
    if person is not None and rights_request.kind == RequestKind.OBJECTION:
        purposes = [
            (p, p)
            for p in person.purposes.filter(ended__isnull=True)
            .order_by("purpose_id")
            .values_list("purpose_id", flat=True)
        ]
    return FulfilForm(data, prefix="fulfil", kind=rights_request.kind, purposes=purposes)


def _items(title: str, items) -> str:
    if not items:
        return ""
    return (
        f" {title}: " + "; ".join(f"{i.what} ({i.why})" if i.why else i.what for i in items) + "."
    )


def _fulfilment_message(result: FulfilmentResult) -> str:
    """What was done, what was kept and why, and who is to be told, in one message."""
    text = f"Carried out the request ({RequestKind(result.kind).label})."
    text += _items("Erased", result.erased) + _items("Stopped", result.stopped)
    text += _items("Continued", result.continued) + _items("Kept", result.kept)
    text += _items("Not reached", result.refusals)
    if result.changed:
        text += " Corrected: " + ", ".join(result.changed) + "."
    if result.recipients_to_tell:
        names = ", ".join(n.recipient_name for n in result.recipients_to_tell)
        text += f" Tell the recipients the data went to (below): {names}."
    return text + " Send the completion letter."


def _portability_download(request, rights_request, result: FulfilmentResult) -> HttpResponse:
    record(
        AuditAction.EXPORT,
        actor=request.user,
        target=rights_request,
        person=rights_request.person_id,
        summary="exported what the person provided, for their portability request",
    )
    response = HttpResponse(result.data.json_text, content_type="application/json")
    name = f"{rights_request.reference}-portability.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _carry_out(request, rights_request, forms: dict):
    """The "fulfil" action: a message, a response (a refusal, a download), or ""."""
    form = forms["fulfil"] = _fulfil_form(rights_request, request.POST)
    if not form.is_valid():
        return ""
    try:
        result = fulfil(rights_request, actor=request.user, **form.service_arguments())
    except (NotReady, NotAvailable) as exc:
        form.add_error(None, f"The request cannot be carried out yet: {exc}.")
        return ""
    if result.outcome == "refused":
        messages.warning(
            request,
            f"Refused, nothing changed: {result.reason}. Send the refusal letter, then "
            "close the request as refused.",
        )
    elif result.outcome == "handed-over":
        messages.info(request, f"{result.reason}.")
    elif result.data is not None:
        return _portability_download(request, rights_request, result)
    else:
        messages.success(request, _fulfilment_message(result))
    return redirect(_request_url(rights_request.organisation, rights_request))


def _tell_recipient(request, action: str, forms: dict, notifications) -> str:
    """The "notify-sent" and "notify-impossible" actions (Art 19)."""
    found = notifications.filter(pk=_int(request.POST.get("notification"))).first()
    if found is None:
        raise Http404("No such recipient to tell on this request")
    key = f"notify-{found.pk}"
    if key not in forms:
        messages.error(request, f"Telling {found.recipient_name} is already recorded.")
        return ""
    form = forms[key] = NotificationForm(request.POST, prefix=key)
    if not form.is_valid():
        return ""
    on = form.cleaned_data["on"]
    if action == "notify-sent":
        disclosures.record_notification_sent(found, actor=request.user, on=on)
        return f"Recorded: {found.recipient_name} was told on {on:%d %B %Y}."
    disclosures.record_notification_impossible(
        found, actor=request.user, on=on, reason=form.cleaned_data["reason"]
    )
    return f"Recorded why {found.recipient_name} cannot be told."


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _act(request, rights_request, action: str, forms: dict, notifications):
    """Carry out one form of the request's page; the message to show, a response, or ""
    (the form now holds its errors)."""
    user = request.user
    try:
        if action == "fulfil":
            return _carry_out(request, rights_request, forms)
        if action in ("notify-sent", "notify-impossible"):
            return _tell_recipient(request, action, forms, notifications)
        if action == "confirm":
            services.record_event(
                rights_request,
                type=EventType.PERSON_CONFIRMED,
                on=timezone.localdate(),
                actor=user,
                person=request.POST.get("person", ""),
            )
            return "Match confirmed: the request is linked to the person."
        if action == "classify":
            services.classify_request(rights_request, kind=request.POST.get("kind", ""), actor=user)
            return f"The request is now: {rights_request.get_kind_display()}."
        if action == "event":
            form = forms["event"] = EventForm(request.POST, prefix="event")
            if form.is_valid():
                event = services.record_event(rights_request, actor=user, **form.cleaned_data)
                due = rights_request.due_on
                return f"Recorded: {event.get_type_display()}. " + (
                    f"Due {due:%d %B %Y}." if due else "The clock is stopped."
                )
            return ""
        if action == "identity":
            form = forms["identity"] = IdentityCheckForm(request.POST, prefix="identity")
            if form.is_valid():
                services.record_identity_check(rights_request, actor=user, **form.cleaned_data)
                return "Identity check recorded."
            return ""
        if action == "close":
            form = forms["close"] = CloseForm(request.POST, prefix="close")
            if form.is_valid():
                services.close_request(rights_request, actor=user, **form.cleaned_data)
                return f"The request is {rights_request.get_status_display()}."
            return ""
    except InvalidValue as exc:
        target = forms.get(action) or forms.get(f"notify-{_int(request.POST.get('notification'))}")
        if target is not None and target.is_bound:
            add_service_error(target, exc)
        else:
            messages.error(request, f"{exc.field}: {exc.message}")
        rights_request.refresh_from_db()
        return ""
    messages.error(request, "Choose what to record.")
    return ""


@workspace_view(Can.HANDLE_REQUESTS)
@require_GET
def requests_report(request, organisation):
    """The on-time rate over any period: counts only, fit to publish."""
    today = timezone.localdate()
    problems = []
    start = _date_param(request, "from", date(today.year, 1, 1), problems)
    end = _date_param(request, "to", today, problems)
    report = None
    if not problems:
        try:
            report = on_time_report(organisation, start, end, today)
        except ValueError as exc:
            problems.append(str(exc))
    return _page(
        request,
        "rights/staff_report.html",
        {
            "organisation": organisation,
            "report": report,
            "start": start,
            "end": end,
            "problems": problems,
            "kind_rows": [
                (label, report.by_kind[kind])
                for kind, label in RequestKind.choices
                if report and report.by_kind[kind].received
            ],
            "percent": (
                None
                if report is None or report.on_time_rate is None
                else round(100 * report.on_time_rate)
            ),
        },
        section="requests",
        status=400 if problems else 200,
    )


def _date_param(request, name: str, default: date, problems: list) -> date:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}: {text!r} is not a date written YYYY-MM-DD")
        return default


# --- complaints -----------------------------------------------------------------------


def _complaint_url(organisation, complaint) -> str:
    return reverse(
        "staff:complaint", kwargs={"org": organisation.slug, "complaint_id": complaint.pk}
    )


@workspace_view(Can.HANDLE_REQUESTS)
@require_GET
def complaints_list(request, organisation):
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    found = Complaint.objects.for_org(organisation)
    if show == "closed":
        found = found.filter(status=ComplaintStatus.CLOSED).order_by("-received_on", "-pk")
    else:
        show = "open"
        found = found.exclude(status=ComplaintStatus.CLOSED).order_by("acknowledge_by", "pk")
    rows = [(c, services.complaint_warning(c, today)) for c in found[:500]]
    record(
        AuditAction.VIEW,
        actor=request.user,
        organisation=organisation,
        summary=f"listed {show} complaints: {len(rows)} shown",
    )
    return _page(
        request,
        "rights/staff_complaints.html",
        {"organisation": organisation, "rows": rows, "show": show},
        section="complaints",
    )


@workspace_view(Can.LOG_REQUESTS)
@require_http_methods(["GET", "POST"])
def complaint_new(request, organisation):
    """Log a complaint made by email, letter, phone or in person."""
    form = StaffComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.receive_complaint(
                organisation,
                received_on=form.cleaned_data["received_on"],
                via=form.cleaned_data["via"],
                complainant=form.requester(),
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except InvalidValue as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"Complaint {created.reference} recorded: to be acknowledged by "
                f"{created.acknowledge_by:%d %B %Y}.",
            )
            if can(request.membership, Can.HANDLE_REQUESTS):
                return redirect(_complaint_url(organisation, created))
            return redirect("staff:dashboard", org=organisation.slug)
    return _page(
        request,
        "rights/staff_complaint_new.html",
        {"organisation": organisation, "form": form},
        section="complaints",
        status=400 if form.is_bound and form.errors else 200,
    )


@workspace_view(Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def complaint_detail(request, organisation, complaint_id: int):
    complaint = get_complaint_for_user(request.user, organisation, complaint_id)
    forms = {
        "acknowledge": AcknowledgeForm(prefix="ack"),
        "step": ComplaintStepForm(prefix="step"),
        "outcome": ComplaintOutcomeForm(prefix="outcome"),
    }
    status = 200
    if request.method == "POST":
        done = _act_on_complaint(request, complaint, request.POST.get("action", ""), forms)
        if done:
            messages.success(request, done)
            return redirect(_complaint_url(organisation, complaint))
        status = 400
    else:
        record(AuditAction.VIEW, actor=request.user, target=complaint, summary="viewed a complaint")
    return _page(
        request,
        "rights/staff_complaint.html",
        {
            "organisation": organisation,
            "c": complaint,
            "warning": services.complaint_warning(complaint, timezone.localdate()),
            "steps": complaint.steps.order_by("on", "pk"),
            **{f"{name}_form": form for name, form in forms.items()},
        },
        section="complaints",
        status=status,
    )


def _act_on_complaint(request, complaint, action: str, forms: dict) -> str:
    kinds = {
        "acknowledge": (AcknowledgeForm, "ack", services.acknowledge_complaint, "Acknowledged."),
        "step": (ComplaintStepForm, "step", services.add_investigation_step, "Step recorded."),
        "outcome": (
            ComplaintOutcomeForm,
            "outcome",
            services.record_complaint_outcome,
            "Outcome recorded: the complaint is closed.",
        ),
    }
    if action not in kinds:
        messages.error(request, "Choose what to record.")
        return ""
    form_class, prefix, service, done = kinds[action]
    form = forms[action] = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return ""
    try:
        service(complaint, actor=request.user, **form.cleaned_data)
    except InvalidValue as exc:
        add_service_error(form, exc)
        complaint.refresh_from_db()
        return ""
    return done
