"""POST /api/v1/requests/{id}/fulfil: carry a request out (lawful.rights.fulfil).

Mounted on the requests router (lawful/rights/api.py). The lead only: it erases,
restricts and ends processing. 409 while the request cannot be carried out (no person
confirmed, waiting for identity or a clarification, closed); a right that does not
apply is a 200 whose `outcome` is "refused" and whose `reason` says why, nothing done.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.schemas import Detail, responses
from lawful.staff.access import Can

from .fulfil import NotAvailable, NotReady, fulfil
from .scope import get_request_for_user

# The lead only, as every route of the requests router.
router = Router(auth=ApiTokenAuth(needs=Can.HANDLE_REQUESTS), tags=["requests"])


class FulfilIn(Schema):
    """What the request needs to be carried out, where its kind needs more."""

    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any] | None = Field(
        None,
        description='Rectification: the corrections, field by field: {"family_name": '
        '"Smith", "email": "new@example.org", "phone": "...", "postal": {"postcode": '
        '"...", "address_lines": "..."}}.',
    )
    purposes: list[str] | None = Field(
        None,
        description="Objection, withdrawal of consent: the purpose ids it is about "
        "(default: every purpose the person's data is used for).",
    )
    continue_on: dict[str, str] | None = Field(
        None,
        description="Objection to a public task or legitimate interests: {purpose id: "
        "the compelling legitimate grounds} where processing continues after weighing it.",
    )


class Done(Schema):
    what: str
    why: str
    purpose: str = Field("", description="The purpose's id, where it is about one.")


class RecipientToTellOut(Schema):
    recipient: str = Field(description="The recipient's id in the register.")
    name: str
    action: str = Field(description="rectification, erasure or restriction")
    status: str = Field(description="to-send, sent or impossible-or-disproportionate")


class FulfilmentOut(Schema):
    id: int
    kind: str
    outcome: str = Field(description="completed, refused, or handed-over (access: the pack)")
    reason: str = Field(description="Why the request was refused, or what comes next.")
    erased: list[Done]
    kept: list[Done] = Field(description="What was kept, each with why.")
    stopped: list[Done]
    continued: list[Done] = Field(description="Objections weighed: the grounds to continue.")
    changed: list[str]
    refusals: list[Done] = Field(description="Purposes the right does not reach, and why.")
    recipients_to_tell: list[RecipientToTellOut]
    export: dict[str, Any] | None = Field(
        None, description="Portability: what the person provided, machine-readable."
    )


@router.post(
    "/{int:request_id}/fulfil",
    response=responses({200: FulfilmentOut, 409: Detail, 501: Detail}),
    summary="Carry a request out",
)
def fulfil_request(request: HttpRequest, request_id: int, body: FulfilIn | None = None):
    """Erase, restrict, stop, end consent or correct, by the rights table; the reply
    names what was done, what was kept and why, and the recipients to tell."""
    who = caller(request)
    rights_request = get_request_for_user(who.user, who.organisation, request_id)
    body = body or FulfilIn()
    try:
        result = fulfil(
            rights_request,
            actor=who.user,
            changes=body.changes,
            purposes=body.purposes,
            continue_on=body.continue_on,
        )
    except NotReady as exc:
        raise HttpError(409, str(exc)) from None
    except NotAvailable as exc:
        raise HttpError(501, str(exc)) from None
    return result.as_dict()
