"""What the consents API takes and gives, beside its router (lawful/consent/api.py)."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(description="The id of a purpose in the register in force.")
    channel: str = Field(
        description="email, sms, automated-call, phone, post, social-media or in-person."
    )
    action: str = Field(description="grant or withdraw.")
    method: str = Field(
        description="How it reached you: web-form, paper-form, email, phone, in-person, "
        "import or mailing-service."
    )
    wording: str = Field("", description="The words the person agreed to (required for a grant).")
    evidence: str = Field("", description="Anything else that shows it: a form's reference...")


class ConsentEventOut(Schema):
    id: int
    purpose: str
    channel: str
    action: str
    method: str
    at: datetime
    wording: str
    notice_version: str
    form: str
    ip_address: str | None
    evidence: str
    recorded_by: str


class ConsentStateOut(Schema):
    purpose: str
    channel: str
    granted: bool
    since: datetime


class ConsentsOut(Schema):
    person: int
    current: list[ConsentStateOut]
    history: list[ConsentEventOut]
