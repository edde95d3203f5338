"""What the people API takes and gives, beside its router (lawful/people/api.py)."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema


def _lines_as_text(value):
    """A list of address lines as one text, a line each (what the services store)."""
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "\n".join(value)
    if not isinstance(value, str):
        raise ValueError("must be text with a line per line of the address, or a list of lines")
    return value


# One text or a list of lines; the schema says both, the endpoint receives the text.
AddressLines = Annotated[
    str,
    BeforeValidator(_lines_as_text),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": '"1 High Street\\nAshbrook" or ["1 High Street", "Ashbrook"]',
        }
    ),
]


class PurposeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose_id: str = Field(description="The id of a purpose in the register in force.")
    basis: str = Field(description="The lawful basis, as the register states it: consent, ...")
    source: str = Field(description="Where the data came from: data-subject, ...")
    since: date | None = Field(None, description="YYYY-MM-DD; today if left out.")


class PersonIn(Schema):
    """A person to add. At least a given name or a family name; every contact detail is
    checked and normalised (emails lower-cased, phones to +44..., postcodes "SW1A 1AA").
    `address_lines` is the postal address without its postcode: one string with a line
    per line of the address, or a list of lines; it needs `postcode` and vice versa."""

    model_config = ConfigDict(extra="forbid")

    title: str = ""
    given_name: str = ""
    family_name: str = ""
    ward: str = ""
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    address_lines: AddressLines = ""
    postcode: str = ""
    purposes: list[PurposeIn] = Field(default_factory=list)


class ContactOut(Schema):
    value: str = Field(description="As entered.")
    normalised: str = Field(description="The form matching uses.")
    primary: bool


class AddressOut(Schema):
    address_lines: list[str]
    postcode: str
    primary: bool


class PurposeOut(Schema):
    purpose_id: str
    basis: str
    source: str
    since: date
    ended: date | None


class PersonOut(Schema):
    id: int
    name: str = Field(description="Title, given and family name, as shown on the pages.")
    title: str
    given_name: str
    family_name: str
    ward: str
    emails: list[ContactOut]
    phones: list[ContactOut]
    addresses: list[AddressOut]
    purposes: list[PurposeOut]
    restricted: bool = Field(description="Processing restricted: stored, not otherwise used.")
    erased: bool
    created_at: datetime
    updated_at: datetime


class PersonFound(Schema):
    id: int
    name: str
    ward: str
    restricted: bool


class RecordOut(Schema):
    label: str
    fields: dict[str, Any]
    date: str | None


class RecordGroup(Schema):
    label: str = Field(description="The part of Lawful that holds these records.")
    records: list[RecordOut]


class PersonRecords(Schema):
    id: int
    sources: dict[str, RecordGroup] = Field(
        description="Every part of Lawful that holds records about people, by its key "
        "(people first, the audit log last), each listed even when it holds none."
    )
