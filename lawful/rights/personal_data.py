"""The rights desk in the registry: a person's earlier requests and complaints.

They appear on the person's page and in the access pack. Erasure keeps the bare record
that each request and complaint was received and answered, and when (the kind, the
dates, the clock's events, the outcome's status) — what the organisation needs to show
the ICO or a court that it handled them lawfully (UK GDPR Art 5(2), the limitation
period for a claim) — and erases everything that identifies the requester: their name,
contact details, their words, and notes.
"""

from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.registry import ErasureOutcome, PersonalDataSource

from .models import (
    Complaint,
    EventType,
    IdentityCheck,
    InvestigationStep,
    RequestEvent,
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
            ids = list(requests.values_list("pk", flat=True))
            requests.update(
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
            complaints = _complaints(organisation, person)
            complaint_ids = list(complaints.values_list("pk", flat=True))
            complaints.update(
                complainant_name=ERASED,
                complainant_email="",
                complainant_phone="",
                complainant_address_lines="",
                text="",
                outcome="",
            )
            InvestigationStep.objects.filter(complaint_id__in=complaint_ids).update(text="")
            if ids or complaint_ids:
                record(
                    AuditAction.DELETE,
                    actor=actor,
                    organisation=organisation,
                    person=person,
                    summary=f"erased the requester's details from {len(ids)} request(s) "
                    f"and {len(complaint_ids)} complaint(s)",
                )
        erased = []
        kept = []
        if ids:
            erased.append(
                f"the name, contact details and words of {len(ids)} rights request(s), "
                "and notes on them"
            )
            kept.append(
                "that each rights request was received, its kind, dates, the steps of its "
                "clock and its outcome: to show the request was answered lawfully and on "
                "time (UK GDPR Art 5(2); a claim may be brought for six years)"
            )
        if complaint_ids:
            erased.append(
                f"the name, contact details, text and outcome of {len(complaint_ids)} complaint(s)"
            )
            kept.append(
                "that each complaint was received, acknowledged and answered, and when: "
                "to show it was handled as DPA 2018 s164A requires"
            )
        return ErasureOutcome(erased=erased, kept=kept)

    def restrict(self, organisation, person, actor):
        # Requests and complaints are only stored and used to answer the person
        # themselves: answering them is not a use restriction stops (Art 18(2) claims).
        return None
