"""The consents API: a person's consents now and their history, and recording one.

    POST /api/v1/people/{id}/consents   purpose, channel, action, method, wording -> 201
    GET  /api/v1/people/{id}/consents   {"current": [...], "history": [...]}

The router only translates: the scope helper reaches the person, lawful.consent.services
checks, records and audits; a refusal is a 422 naming the field as sent.
"""

from django.http import HttpRequest
from ninja import Router, Status

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.errors import FieldProblem
from lawful.api.schemas import responses
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.organisations.scope import get_person_for_user
from lawful.staff.access import Can

from . import services
from .models import ConsentEvent, ConsentState
from .schemas import ConsentIn, ConsentsOut

router = Router(auth=ApiTokenAuth(needs=Can.SEE_PEOPLE), tags=["consents"])

_FIELDS = {"person": "person_id"}  # the person themselves: erased, restricted...


def consents_out(organisation, person) -> dict:
    states = ConsentState.objects.for_org(organisation).filter(person=person)
    events = (
        ConsentEvent.objects.for_org(organisation)
        .filter(person=person)
        .select_related("recorded_by")
        .order_by("at", "pk")
    )
    return {
        "person": person.pk,
        "current": [
            {"purpose": s.purpose, "channel": s.channel, "granted": s.granted, "since": s.since}
            for s in states
        ],
        "history": [
            {
                "id": e.pk,
                "purpose": e.purpose,
                "channel": e.channel,
                "action": e.action,
                "method": e.method,
                "at": e.at,
                "wording": e.wording,
                "notice_version": e.notice_version,
                "form": e.form,
                "ip_address": e.ip_address,
                "evidence": e.evidence,
                "recorded_by": e.recorded_by.get_username() if e.recorded_by else "",
            }
            for e in events
        ],
    }


@router.get(
    "/{int:person_id}/consents",
    response=responses({200: ConsentsOut}),
    summary="A person's consents",
)
def get_consents(request: HttpRequest, person_id: int):
    """Each consent as it stands now, and every grant and withdrawal with its evidence
    (what a regulator asks to see). Audited as a view."""
    who = caller(request)
    person = get_person_for_user(who.user, who.organisation, person_id)
    record(
        AuditAction.VIEW,
        actor=who.user,
        target=person,
        summary="viewed the person's consents through the API",
    )
    return consents_out(who.organisation, person)


@router.post(
    "/{int:person_id}/consents",
    response=responses({201: ConsentsOut}),
    summary="Record a consent given or withdrawn",
)
def post_consent(request: HttpRequest, person_id: int, consent: ConsentIn):
    """Record a grant or withdrawal (by any member of staff who reaches the person: a
    withdrawal by telephone takes effect at once); 201 with the person's consents."""
    who = caller(request)
    person = get_person_for_user(who.user, who.organisation, person_id)
    try:
        services.record_consent(
            who.organisation,
            person,
            purpose=consent.purpose,
            channel=consent.channel,
            action=consent.action,
            method=consent.method,
            wording=consent.wording,
            evidence=consent.evidence,
            actor=who.user,
            form="api",
        )
    except services.InvalidValue as exc:
        raise FieldProblem.from_invalid(exc, _FIELDS.get(exc.field, exc.field)) from None
    return Status(201, consents_out(who.organisation, person))
