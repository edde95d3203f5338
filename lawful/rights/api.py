"""The requests API: receive a request, read it with its candidates, record its events.

The router only translates: the scope helper reaches a request (another organisation's
is a 404), the rights services check, apply the clock and audit; a refusal comes back
as a 422 naming the caller's field.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.schemas import responses
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.staff.access import Can

from . import services
from .models import RightsRequest
from .schemas import EventIn, RequestIn, RequestOut
from .scope import get_request_for_user

# Reading and working on requests is for the lead; any member of staff may log one.
router = Router(auth=ApiTokenAuth(needs=Can.HANDLE_REQUESTS), tags=["requests"])


def request_out(rights_request: RightsRequest, *, with_candidates: bool = True) -> dict:
    r = rights_request
    state = services.clock_for(r)
    found = services.candidates(r) if with_candidates and r.is_open else []
    return {
        "id": r.pk,
        "reference": r.reference,
        "kind": r.kind,
        "status": r.status,
        "via": r.via,
        "received_on": r.received_on,
        "due_on": r.due_on,
        "clock_started_on": r.clock_started_on,
        "extension_must_be_notified_by": state.extension_must_be_notified_by,
        "extension_notified_on": r.extension_notified_on,
        "extension_reason": r.extension_reason,
        "person": r.person_id,
        "requester": {
            "name": r.requester_name,
            "email": r.requester_email,
            "phone": r.requester_phone,
            "postcode": r.requester_postcode,
            "address_lines": r.requester_address_lines,
        },
        "details": r.details,
        "events": [
            {
                "type": e.type,
                "on": e.on,
                "reason": e.reason,
                "person": e.person_id,
                "by": e.actor_label,
            }
            for e in r.events.order_by("on", "pk")
        ],
        "candidates": [
            {
                "person": c.person.pk,
                "name": c.person.display_name,
                "score": c.score,
                "reasons": c.reasons,
            }
            for c in found
        ],
    }


@router.post(
    "",
    response=responses({201: RequestOut}),
    auth=ApiTokenAuth(needs=Can.LOG_REQUESTS),
    summary="Receive a request",
)
def receive_request(request: HttpRequest, response: HttpResponse, body: RequestIn):
    """Record a request however it arrived; 201 with its `id`, `due_on` and `status`."""
    who = caller(request)
    created = services.receive_request(
        who.organisation,
        kind=body.kind,
        received_on=body.received_on,
        via=body.via,
        requester=body.requester.dict(),
        details=body.details,
        actor=who.user,
        agent=body.agent.dict() if body.agent else None,
    )
    response["Location"] = reverse("api-v1:get_request", kwargs={"request_id": created.pk})
    # Who logged it may not handle requests: the candidates are for the lead.
    return Status(201, request_out(created, with_candidates=who.can(Can.HANDLE_REQUESTS)))


@router.get("/{int:request_id}", response=responses({200: RequestOut}), summary="A request")
def get_request(request: HttpRequest, request_id: int):
    """The request, its clock and events, and the people held who may be the requester,
    with the reasons they matched. Audited as a view."""
    who = caller(request)
    found = get_request_for_user(who.user, who.organisation, request_id)
    record(
        AuditAction.VIEW,
        actor=who.user,
        target=found,
        person=found.person,
        summary="viewed a rights request through the API",
    )
    return request_out(found)


@router.post(
    "/{int:request_id}/events",
    response=responses({200: RequestOut}),
    summary="Record what happened",
)
def add_event(request: HttpRequest, request_id: int, body: EventIn):
    """Record an event on the request's clock; the request, with its new `due_on`."""
    who = caller(request)
    found = get_request_for_user(who.user, who.organisation, request_id)
    services.record_event(
        found,
        type=body.type,
        on=body.on,
        actor=who.user,
        reason=body.reason,
        person=body.person,
    )
    return request_out(found)


# --- rights-erase: POST /{request_id}/fulfil goes below, in its own block ---------------

# --- rights-pack: GET /{request_id}/pack goes below (or in api_pack.py, mounted here) ---
