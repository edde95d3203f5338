"""The casework pages: the case list (with filters and search), a new case, the case
page (its timeline, and the forms for what happens next), and the CSV export.

Every case comes through `lawful.casework.scope` (need-to-know, once, in the query
layer); every view of a case is audited.
"""

import csv
from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.organisations.scope import get_person_for_user
from lawful.people.normalise import InvalidValue
from lawful.policy.vocab import RecipientRole
from lawful.security.spreadsheets import safe_row
from lawful.staff.access import Can, workspace_view
from lawful.staff.views import _page

from . import services
from .forms import (
    CaseFilterForm,
    CaseForm,
    CloseForm,
    EmailForm,
    LetterForm,
    NoteForm,
    PartyForm,
    ReferralForm,
    add_service_error,
)
from .models import CaseStatus
from .scope import cases_for, get_case_for, search_cases

PAGE_SIZE = 50


def filtered_cases(membership, data: dict, user):
    """The caller's cases, filtered as the list page's form says (a bound, valid form's
    cleaned data); used by the list and the export alike."""
    # The list shows what a case is, never its (encrypted) content: not read, not decrypted.
    cases = (
        cases_for(membership)
        .select_related("caseworker", "councillor")
        .defer("description", "outcome")
    )
    if data.get("q"):
        cases = search_cases(cases, data["q"])
    if data.get("status"):
        cases = cases.filter(status=data["status"])
    if data.get("ward"):
        cases = cases.filter(ward__iexact=data["ward"].strip())
    if data.get("category"):
        cases = cases.filter(category__iexact=data["category"].strip())
    if data.get("assigned"):
        name = data["assigned"].strip()
        if name.lower() == "me":
            cases = cases.filter(Q(caseworker=user) | Q(councillor=user))
        else:
            cases = cases.filter(Q(caseworker__username=name) | Q(councillor__username=name))
    today = timezone.localdate()
    if data.get("due") == "overdue":
        cases = cases.filter(due_on__lt=today).exclude(status=CaseStatus.CLOSED)
    elif data.get("due") == "week":
        cases = cases.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7))
    return cases


@require_GET
@workspace_view(Can.WORK_ON_CASES)
def case_list(request, organisation):
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cases = list(filtered_cases(request.membership, data, request.user)[: PAGE_SIZE + 1])
    more = len(cases) > PAGE_SIZE
    cases = cases[:PAGE_SIZE]
    services.record_case_list(
        organisation, actor=request.user, count=len(cases), via="the case list"
    )
    query = request.GET.urlencode()
    return _page(
        request,
        "casework/case_list.html",
        {
            "organisation": organisation,
            "form": form,
            "cases": cases,
            "more": more,
            "export_url": reverse("staff:cases-export", kwargs={"org": organisation.slug})
            + (f"?{query}" if query else ""),
            "today": timezone.localdate(),
        },
        section="cases",
    )


@require_GET
@workspace_view(Can.WORK_ON_CASES)
def case_export(request, organisation):
    """The filtered list as CSV (what each case is, never its content); audited."""
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cases = list(filtered_cases(request.membership, data, request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    writer = csv.writer(response)
    writer.writerow(["reference", "subject", "category", "ward", "status", "opened", "due"])
    for case in cases:
        writer.writerow(
            safe_row(
                [
                    case.reference,
                    case.subject,
                    case.category,
                    case.ward,
                    case.get_status_display(),
                    case.opened_on.isoformat(),
                    case.due_on.isoformat() if case.due_on else "",
                ]
            )
        )
    services.record_case_list(
        organisation, actor=request.user, count=len(cases), via="the CSV export"
    )
    return response


@require_http_methods(["GET", "POST"])
@workspace_view(Can.WORK_ON_CASES)
def case_new(request, organisation):
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = get_person_for_user(request.user, organisation, data["person"])
        except Exception:  # noqa: BLE001 - Http404: not a person of this organisation
            form.add_error("person", "There is no person with that number here.")
        else:
            try:
                case = services.open_case(
                    organisation,
                    actor=request.user,
                    person=person,
                    subject=data["subject"],
                    description=data["description"],
                    category=data["category"],
                    ward=data["ward"],
                    special_categories=data["special_categories"],
                    special_category_condition=data["special_category_condition"],
                    criminal_offence_condition=data["criminal_offence_condition"],
                    assigned_to=data["assigned_to"],
                    due_on=data["due_on"],
                )
            except InvalidValue as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Case {case.reference} opened.")
                if cases_for(request.membership).filter(pk=case.pk).exists():
                    return redirect("staff:case", org=organisation.slug, case_id=case.pk)
                return redirect("staff:cases", org=organisation.slug)
    return _page(
        request,
        "casework/case_new.html",
        {"organisation": organisation, "form": form},
        section="cases",
        status=400 if form.is_bound and form.errors else 200,
    )


def _recipients(organisation):
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        return []
    return [
        (r.id, r.name)
        for r in register.recipients.values()
        if r.role is not RecipientRole.PROCESSOR
    ]


ACTIONS = {
    "note": ("note", NoteForm, "Note added."),
    "referral": ("referral", ReferralForm, "Referral recorded in the disclosure log."),
    "party": ("party", PartyForm, "Third party recorded."),
    "email": ("email", EmailForm, "Email imported."),
    "letter": ("letter", LetterForm, "Letter added."),
    "close": ("close", CloseForm, "Case closed."),
}


def _forms(organisation, data=None, files=None, only=None):
    built = {}
    for name, (prefix, form_class, _) in ACTIONS.items():
        bound = name == only
        kwargs = {"prefix": prefix}
        if form_class is ReferralForm:
            kwargs["recipients"] = _recipients(organisation)
        if bound:
            built[name] = form_class(data, files, **kwargs)
        else:
            built[name] = form_class(**kwargs)
    return built


def _do(request, organisation, case, action, form) -> str:
    data, user = form.cleaned_data, request.user
    if action == "note":
        services.add_note(case, actor=user, text=data["text"], kind=data["kind"])
    elif action == "referral":
        services.refer_case(
            case,
            actor=user,
            recipient=data["recipient"],
            shared=data["shared"],
            reason=data["reason"],
        )
    elif action == "party":
        try:
            person = get_person_for_user(user, organisation, data["person"])
        except Exception:  # noqa: BLE001 - Http404
            raise InvalidValue("person", "there is no person with that number here") from None
        services.add_third_party(case, actor=user, person=person, role=data["role"])
    elif action == "email":
        services.import_email(case, actor=user, data=data["file"].read())
    elif action == "letter":
        upload = data["file"]
        services.add_letter(
            case,
            actor=user,
            data=upload.read(),
            filename=upload.name,
            content_type=getattr(upload, "content_type", ""),
            sender=data["sender"],
            summary=data["summary"],
        )
    elif action == "close":
        services.close_case(case, actor=user, outcome=data["outcome"])
    return ACTIONS[action][2]


@require_http_methods(["GET", "POST"])
@workspace_view(Can.WORK_ON_CASES)
def case_detail(request, organisation, case_id: int):
    case = get_case_for(request.membership, case_id)
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action not in ACTIONS:
        forms = _forms(organisation)
        status = 400
        messages.error(request, "Choose what to do from the forms on the page.")
    else:
        forms = _forms(organisation, request.POST, request.FILES, only=action or None)
    if action in ACTIONS:
        form = forms[action]
        if form.is_valid():
            try:
                done = _do(request, organisation, case, action, form)
            except InvalidValue as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, done)
                return redirect("staff:case", org=organisation.slug, case_id=case.pk)
        status = 400
    services.record_case_view(case, actor=request.user)
    return _page(
        request,
        "casework/case_detail.html",
        {
            "organisation": organisation,
            "case": case,
            "timeline": timeline(case),
            "parties": case.parties.select_related("person"),
            "forms": forms,
            "failed": action if status == 400 else "",
        },
        section="cases",
        status=status,
    )


def timeline(case) -> list[dict]:
    """Notes, correspondence and referrals of the case, by date."""
    entries = []
    for note in case.notes.select_related("by"):
        entries.append(
            {
                "on": note.happened_on,
                "kind": f"Note: {note.get_kind_display()}",
                "title": "",
                "text": note.text,
                "by": note.by,
                "pk": f"note-{note.pk}",
            }
        )
    for item in case.correspondence.prefetch_related("attachments"):
        entries.append(
            {
                "on": item.received_on,
                "kind": item.get_kind_display().capitalize(),
                "title": item.subject,
                "from": item.sender,
                "matched": item.person_id,
                "text": item.body,
                "attachments": list(item.attachments.all()),
                "by": item.by,
                "pk": f"corr-{item.pk}",
            }
        )
    for referral in case.referrals.select_related("by"):
        entries.append(
            {
                "on": referral.referred_on,
                "kind": "Referral",
                "title": f"To {referral.recipient_name}",
                "text": f"Shared: {referral.shared}"
                + (f". Why: {referral.reason}" if referral.reason else ""),
                "basis": referral.basis,
                "by": referral.by,
                "pk": f"ref-{referral.pk}",
            }
        )
    return sorted(entries, key=lambda e: (e["on"], e["pk"]))
