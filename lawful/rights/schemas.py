"""What the requests API takes and gives, beside its router (lawful/rights/api.py)."""

from datetime import date

from ninja import Field, Schema
from pydantic import ConfigDict

from lawful.people.schemas import AddressLines


class RequesterIn(Schema):
    """The requester as they gave themselves: a name and at least one way to reply."""

    model_config = ConfigDict(extra="forbid")

    name: str
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address_lines: AddressLines = ""


class AgentIn(Schema):
    """Someone acting for the requester (a solicitor, a relative)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    relationship: str = ""
    authority_received: bool = False


class RequestIn(Schema):
    """A request, however it arrived. `kind`: access, rectification, erasure,
    restriction, objection, portability, withdraw-consent or unclear (for staff to
    classify). `via`: email, letter, phone, social-media, in-person, web-form or api."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    received_on: date = Field(description="YYYY-MM-DD: day one of the count.")
    via: str = "api"
    requester: RequesterIn
    details: str = ""
    agent: AgentIn | None = None


class EventIn(Schema):
    """What happened: identity-requested, identity-received, authority-requested,
    authority-received, clarification-requested, clarification-received, fee-requested,
    fee-received, extended (with `reason`), person-confirmed (with `person`), note (with
    `reason`)."""

    model_config = ConfigDict(extra="forbid")

    type: str
    on: date = Field(description="YYYY-MM-DD: the day it was asked, received or told.")
    reason: str = ""
    person: int | None = Field(None, description="person-confirmed: the person's id.")


class RequesterOut(Schema):
    name: str
    email: str
    phone: str
    postcode: str
    address_lines: str


class CandidateOut(Schema):
    person: int
    name: str
    score: int
    reasons: list[str]


class EventOut(Schema):
    type: str
    on: date
    reason: str
    person: int | None
    by: str


class RequestOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    via: str
    received_on: date
    due_on: date | None = Field(description="null while the clock is stopped for a clarification.")
    clock_started_on: date | None
    extension_must_be_notified_by: date | None
    extension_notified_on: date | None
    extension_reason: str
    person: int | None = Field(description="The person held, once confirmed.")
    requester: RequesterOut
    details: str
    events: list[EventOut]
    candidates: list[CandidateOut]
