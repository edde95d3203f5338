"""The cases API: cases within the caller's need-to-know scope, and the work on them.

Every case is reached through `lawful.casework.scope` (Case.objects.visible_to): a case
outside the caller's scope is a 404. The router translates; the services check, write
and audit.
"""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.errors import FieldProblem
from lawful.api.schemas import responses
from lawful.organisations.scope import get_person_for_user
from lawful.people.normalise import InvalidValue
from lawful.staff.access import Can

from . import services
from .models import Case, CaseStatus
from .scope import cases_for, get_case_for, search_cases

router = Router(auth=ApiTokenAuth(needs=Can.WORK_ON_CASES), tags=["cases"])

LIST_LIMIT = 100


class CaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: int
    subject: str
    description: str = ""
    category: str = ""
    ward: str = ""
    special_categories: list[str] = []
    special_category_condition: str = ""
    criminal_offence_condition: str = ""
    assigned_to: str = ""
    due_on: date | None = None


class CaseSummary(Schema):
    id: int
    reference: str
    person: int
    subject: str
    category: str
    ward: str
    status: str
    opened_on: date
    due_on: date | None
    closed_on: date | None


class CaseOut(CaseSummary):
    description: str
    outcome: str
    purpose: str
    special_categories: list[str]
    special_category_condition: str
    criminal_offence_condition: str
    councillor: str
    caseworker: str
    third_parties: list[int]
    notes: int
    correspondence: int
    referrals: int


class Created(Schema):
    id: int


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    note_kind: str = "note"
    happened_on: date | None = None


class ReferralIn(Schema):
    model_config = ConfigDict(extra="forbid")
    recipient: str
    shared: str
    reason: str = ""


class PartyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person: int
    role: str = ""


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: str


def _summary(case: Case) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "person": case.person_id,
        "subject": case.subject,
        "category": case.category,
        "ward": case.ward,
        "status": case.status,
        "opened_on": case.opened_on,
        "due_on": case.due_on,
        "closed_on": case.closed_on,
    }


def case_out(case: Case) -> dict:
    return _summary(case) | {
        "description": case.description,
        "outcome": case.outcome,
        "purpose": case.purpose_id,
        "special_categories": list(case.special_categories),
        "special_category_condition": case.special_category_condition,
        "criminal_offence_condition": case.criminal_offence_condition,
        "councillor": case.councillor.username if case.councillor else "",
        "caseworker": case.caseworker.username if case.caseworker else "",
        "third_parties": [p.person_id for p in case.parties.all()],
        "notes": case.notes.count(),
        "correspondence": case.correspondence.count(),
        "referrals": case.referrals.count(),
    }


def _problem(exc: InvalidValue, rename: dict | None = None):
    return FieldProblem.from_invalid(exc, (rename or {}).get(exc.field, exc.field))


@router.get("", response=responses({200: list[CaseSummary]}), summary="Cases")
def list_cases(
    request: HttpRequest, status: str = "", ward: str = "", category: str = "", q: str = ""
):
    """The cases the caller may see (a caseworker: theirs; a councillor: their ward's and
    theirs; the data protection lead: all), newest first, at most 100; filtered by
    `status`, `ward`, `category`, and `q` (in the subject, or every whole word of it in the
    description, notes or correspondence). Audited."""
    who = caller(request)
    cases = cases_for(who.membership).defer("description", "outcome")
    if status:
        if status not in CaseStatus.values:
            raise FieldProblem([("status", f"one of: {', '.join(CaseStatus.values)}")])
        cases = cases.filter(status=status)
    if ward:
        cases = cases.filter(ward__iexact=ward.strip())
    if category:
        cases = cases.filter(category__iexact=category.strip())
    if q.strip():
        cases = search_cases(cases, q)
    found = list(cases[:LIST_LIMIT])
    services.record_case_list(who.organisation, actor=who.user, count=len(found), via="the API")
    return [_summary(c) for c in found]


@router.post("", response=responses({201: Created}), summary="Open a case")
def open_case(request: HttpRequest, response: HttpResponse, case: CaseIn):
    """Open a case; special-category data needs the condition the register allows
    (422 naming `special_category_condition` otherwise)."""
    who = caller(request)
    person = get_person_for_user(who.user, who.organisation, case.person)
    try:
        created = services.open_case(
            who.organisation,
            actor=who.user,
            person=person,
            subject=case.subject,
            description=case.description,
            category=case.category,
            ward=case.ward,
            special_categories=case.special_categories,
            special_category_condition=case.special_category_condition,
            criminal_offence_condition=case.criminal_offence_condition,
            assigned_to=case.assigned_to,
            due_on=case.due_on,
        )
    except InvalidValue as exc:
        raise _problem(exc) from None
    response["Location"] = reverse("api-v1:get_case", kwargs={"case_id": created.pk})
    return Status(201, {"id": created.pk})


@router.get("/{int:case_id}", response=responses({200: CaseOut}), summary="A case")
def get_case(request: HttpRequest, case_id: int):
    """The case, if it is within the caller's scope (else 404). Audited as a view."""
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    services.record_case_view(case, actor=who.user, via="the API")
    return case_out(case)


@router.post("/{int:case_id}/notes", response=responses({201: Created}), summary="Add a note")
def add_note(request: HttpRequest, case_id: int, note: NoteIn):
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    try:
        made = services.add_note(
            case, actor=who.user, text=note.text, kind=note.note_kind, happened_on=note.happened_on
        )
    except InvalidValue as exc:
        raise _problem(exc, {"kind": "note_kind"}) from None
    return Status(201, {"id": made.pk})


@router.post(
    "/{int:case_id}/correspondence",
    response=responses({201: Created}),
    summary="Import an email (.eml)",
)
def add_correspondence(request: HttpRequest, case_id: int, file: File[UploadedFile]):
    """An email saved as an .eml file, with its attachments; the sender is matched to a
    person held by their email address."""
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    try:
        made = services.import_email(case, actor=who.user, data=file.read())
    except InvalidValue as exc:
        raise _problem(exc) from None
    return Status(201, {"id": made.pk})


@router.post(
    "/{int:case_id}/referrals", response=responses({201: Created}), summary="Refer the case"
)
def add_referral(request: HttpRequest, case_id: int, referral: ReferralIn):
    """Share the case (what is said in `shared`) with a recipient of the register named
    for a purpose covering the case's data (else 422 naming `recipient`); logged in the
    disclosure log."""
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    try:
        made = services.refer_case(
            case,
            actor=who.user,
            recipient=referral.recipient,
            shared=referral.shared,
            reason=referral.reason,
        )
    except InvalidValue as exc:
        raise _problem(exc) from None
    return Status(201, {"id": made.pk})


@router.post(
    "/{int:case_id}/third-parties",
    response=responses({201: Created}),
    summary="Name a third party",
)
def add_third_party(request: HttpRequest, case_id: int, party: PartyIn):
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    person = get_person_for_user(who.user, who.organisation, party.person)
    try:
        made = services.add_third_party(case, actor=who.user, person=person, role=party.role)
    except InvalidValue as exc:
        raise _problem(exc) from None
    return Status(201, {"id": made.pk})


@router.post("/{int:case_id}/close", response=responses({200: CaseOut}), summary="Close")
def close_case(request: HttpRequest, case_id: int, close: CloseIn):
    who = caller(request)
    case = get_case_for(who.membership, case_id)
    try:
        services.close_case(case, actor=who.user, outcome=close.outcome)
    except InvalidValue as exc:
        raise _problem(exc) from None
    return case_out(case)
