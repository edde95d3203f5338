"""The rights desk in the registry: a person's earlier requests and complaints.

They appear on the person's page and in the access pack. Erasure keeps the bare record
that each request and complaint was received and answered, and when (the kind, the
dates, the clock's events, the outcome's status) — what the organisation needs to show
the ICO or a court that it handled them lawfully (UK GDPR Art 5(2), the limitation
period for a claim) — and erases everything that identifies the requester: their name,
contact details, their words, and notes. A request or complaint still being answered
(the erasure request itself among them) keeps them until the reply is sent or the
outcome told: the services call `forget_requester_once_answered` and
`forget_complainant_once_told` then.
"""

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.registry import ErasureOutcome, PersonalDataSource
from lawful.security.sqlite import forget_erased_pages

from .models import (
    Complaint,
    ComplaintStatus,
    EventType,
    IdentityCheck,
    InvestigationStep,
    RequestEvent,
    RequestStatus,
    RightsRequest,
)

ERASED = "[erased]"


def _requests(organisation, person):
    return (
        RightsRequest.objects.for_org(organisation)
        .filter(person=person)
        .order_by("received_on", "pk")
    )


def _complaints(organisation, person):
    return (
        Complaint.objects.for_org(organisation).filter(person=person).order_by("received_on", "pk")
    )


def request_fields(r: RightsRequest) -> dict:
    fields = {
        "Reference": r.reference,
        "Kind": r.get_kind_display(),
        "Received": r.received_on.isoformat(),
        "By": r.get_via_display(),
        "Name given": r.requester_name,
        "Email given": r.requester_email,
        "Telephone given": r.requester_phone,
        "Address given": "\n".join(filter(None, [r.requester_address_lines, r.requester_postcode])),
        "Details": r.details,
        "Status": r.get_status_display(),
        "Due": r.due_on.isoformat() if r.due_on else "",
        "Closed": r.closed_on.isoformat() if r.closed_on else "",
    }
    if r.agent_name:
        fields["Made on their behalf by"] = f"{r.agent_name} ({r.agent_relationship})".replace(
            " ()", ""
        )
    return {k: v for k, v in fields.items() if v}


def complaint_fields(c: Complaint) -> dict:
    fields = {
        "Reference": c.reference,
        "Received": c.received_on.isoformat(),
        "Name given": c.complainant_name,
        "Email given": c.complainant_email,
        "Telephone given": c.complainant_phone,
        "Address given": c.complainant_address_lines,
        "Complaint": c.text,
        "Acknowledged": c.acknowledged_on.isoformat() if c.acknowledged_on else "",
        "Outcome": c.outcome,
        "Told": c.told_on.isoformat() if c.told_on else "",
    }
    return {k: v for k, v in fields.items() if v}


class RightsSource(PersonalDataSource):
    key = "rights"
    order = 500
    label = "Requests and complaints"
    models = (RightsRequest, RequestEvent, IdentityCheck, Complaint, InvestigationStep)

    def find(self, organisation, person):
        return [*_requests(organisation, person), *_complaints(organisation, person)]

    def describe(self, record):
        if isinstance(record, RightsRequest):
            return "Rights request", request_fields(record), record.received_on
        if isinstance(record, Complaint):
            return "Complaint", complaint_fields(record), record.received_on
        raise TypeError(f"not a record of the rights app: {record!r}")

    def export(self, organisation, person):
        rows = []
        for r in _requests(organisation, person).prefetch_related("events", "identity_checks"):
            rows.append(
                {
                    "type": "rights.rightsrequest",
                    "id": r.pk,
                    "label": "Rights request",
                    "fields": request_fields(r),
                    "date": r.received_on.isoformat(),
                    "events": [
                        {"type": e.type, "on": e.on.isoformat(), "reason": e.reason}
                        for e in r.events.all()
                    ],
                    "identity_checks": [
                        {"seen": i.seen, "checked_on": i.checked_on.isoformat()}
                        for i in r.identity_checks.all()
                    ],
                }
            )
        for c in _complaints(organisation, person).prefetch_related("steps"):
            rows.append(
                {
                    "type": "rights.complaint",
                    "id": c.pk,
                    "label": "Complaint",
                    "fields": complaint_fields(c),
                    "date": c.received_on.isoformat(),
                    "steps": [{"on": s.on.isoformat(), "text": s.text} for s in c.steps.all()],
                }
            )
        return rows

    def erase(self, organisation, person, actor):
        with transaction.atomic():
            requests = _requests(organisation, person)
            answered = list(
                requests.filter(status__in=RequestStatus.closed()).values_list("pk", flat=True)
            )
            awaiting = requests.exclude(pk__in=answered).count()
            complaints = _complaints(organisation, person)
            told = list(
                complaints.filter(status=ComplaintStatus.CLOSED).values_list("pk", flat=True)
            )
            open_complaints = complaints.exclude(pk__in=told).count()
            _blank_requests(answered)
            _blank_complaints(told)
            if answered or told:
                record(
                    AuditAction.DELETE,
                    actor=actor,
                    organisation=organisation,
                    person=person,
                    summary=f"erased the requester's details from {len(answered)} request(s) "
                    f"and {len(told)} complaint(s)",
                )
        erased = []
        kept = []
        if answered:
            erased.append(
                f"the name, contact details and words of {len(answered)} rights request(s), "
                "and notes on them"
            )
        if answered or awaiting:
            kept.append(
                "that each rights request was received, its kind, dates, the steps of its "
                "clock and its outcome: to show the request was answered lawfully and on "
                "time (UK GDPR Art 5(2); a claim may be brought for six years)"
            )
        if awaiting:
            kept.append(
                f"the name, contact details and words given with {awaiting} request(s) not "
                "yet answered, this one included: to send the reply; erased as soon as it "
                "is sent"
            )
        if told:
            erased.append(
                f"the name, contact details, text and outcome of {len(told)} complaint(s)"
            )
        if told or open_complaints:
            kept.append(
                "that each complaint was received, acknowledged and answered, and when: "
                "to show it was handled as DPA 2018 s164A requires"
            )
        if open_complaints:
            kept.append(
                f"the name, contact details and words of {open_complaints} complaint(s) not "
                "yet answered: to tell the outcome; erased as soon as it is told"
            )
        return ErasureOutcome(erased=erased, kept=kept)

    def restrict(self, organisation, person, actor):
        # Requests and complaints are only stored and used to answer the person
        # themselves: answering them is not a use restriction stops (Art 18(2) claims).
        return None


# --- Erasure of what identifies the requester ------------------------------------------


def _blank_requests(ids: list[int]) -> None:
    RightsRequest.objects.filter(pk__in=ids).update(
        requester_name=ERASED,
        requester_email="",
        requester_phone="",
        requester_postcode="",
        requester_address_lines="",
        email_normalised="",
        phone_normalised="",
        postcode_normalised="",
        details="",
        agent_name="",
        agent_relationship="",
    )
    # Notes are free text about the person; the clock's events are dates and types.
    RequestEvent.objects.filter(request_id__in=ids, type=EventType.NOTE).update(reason="")
    IdentityCheck.objects.filter(request_id__in=ids).update(notes="")


def _blank_complaints(ids: list[int]) -> None:
    Complaint.objects.filter(pk__in=ids).update(
        complainant_name=ERASED,
        complainant_email="",
        complainant_phone="",
        complainant_address_lines="",
        text="",
        outcome="",
    )
    InvestigationStep.objects.filter(complaint_id__in=ids).update(text="")


def _person_erased(person_id) -> bool:
    from lawful.people.models import Person

    return (
        person_id is not None
        and Person.objects.filter(pk=person_id, erased_at__isnull=False).exists()
    )


def forget_requester_once_answered(rights_request: RightsRequest, *, actor) -> bool:
    """Once the reply to a request of an erased person has been sent, erase what the
    request kept to send it (its name, contact details, words and notes); audited.
    False where there is nothing to do (the person is not erased, the request is open,
    or its details are erased already)."""
    now = RightsRequest.objects.get(pk=rights_request.pk)  # the caller's copy may be stale
    answered = not now.is_open and now.requester_name != ERASED
    return _forget(
        rights_request,
        answered and _person_erased(now.person_id),
        _blank_requests,
        "the reply was sent: erased the requester's details from the request",
        actor,
    )


def forget_complainant_once_told(complaint: Complaint, *, actor) -> bool:
    """The same for a complaint of an erased person, once the outcome is told."""
    now = Complaint.objects.get(pk=complaint.pk)
    told = now.status == ComplaintStatus.CLOSED and now.complainant_name != ERASED
    return _forget(
        complaint,
        told and _person_erased(now.person_id),
        _blank_complaints,
        "the outcome was told: erased the complainant's details from the complaint",
        actor,
    )


def _forget(found, due: bool, blank, summary: str, actor) -> bool:
    if not due:
        return False
    with transaction.atomic():
        blank([found.pk])
        forget_erased_pages()
        record(
            AuditAction.DELETE, actor=actor, target=found, person=found.person_id, summary=summary
        )
    found.refresh_from_db()
    return True
