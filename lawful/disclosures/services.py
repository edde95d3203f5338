"""Recording disclosures, and listing the recipients to tell of a correction, erasure or
restriction (Art 19)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue

from .models import Disclosure

__all__ = ["RecipientToTell", "parse_day", "record_disclosure", "recipients_to_tell"]


@dataclass(frozen=True)
class RecipientToTell:
    """A recipient the person's data was disclosed to: what, and when last."""

    recipient_id: str
    name: str
    what: list[str]
    last_disclosed_on: date


def parse_day(field: str, value) -> date:
    """A date, or a YYYY-MM-DD string; InvalidValue naming the field otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue(field, f"{value!r} is not a date written YYYY-MM-DD") from None


def _recipient(organisation, recipient_id: str):
    try:
        recipients = register_in_force(organisation).recipients
    except NoRegisterInForce as exc:
        raise InvalidValue("recipient", str(exc)) from None
    if recipient_id not in recipients:
        known = ", ".join(sorted(recipients)) or "none"
        raise InvalidValue(
            "recipient",
            f"{recipient_id!r} is not a recipient in the register in force (it names: {known})",
        )
    return recipients[recipient_id]


def record_disclosure(
    person: Person, *, actor, recipient_id: str, what: str, disclosed_on=None
) -> Disclosure:
    """Log that `what` (the categories of data, in words) of the person's data went to
    a recipient of the register in force; audited DISCLOSURE.

    Refused for an erased person, and for a restricted one (disclosure is a use, Art 18).
    """
    what = str(what or "").strip()
    if not what:
        raise InvalidValue("what", "say what was disclosed (the kinds of data, in words)")
    if len(what) > Disclosure._meta.get_field("what").max_length:
        raise InvalidValue("what", "at most 500 characters")
    day = parse_day("disclosed_on", disclosed_on or timezone.localdate())
    if day > timezone.localdate():
        raise InvalidValue("disclosed_on", f"{day} is in the future")
    if person.erased_at is not None:
        raise InvalidValue("person", "this person's data has been erased: it cannot be disclosed")
    if person.restricted:
        raise InvalidValue(
            "person",
            "processing of this person's data is restricted: it may not be disclosed until "
            "the restriction is lifted",
        )
    recipient = _recipient(person.organisation_id, recipient_id)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            recipient_id=recipient.id,
            recipient_name=recipient.name,
            what=what,
            disclosed_on=day,
            by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(
            AuditAction.DISCLOSURE,
            actor=actor,
            target=disclosure,
            person=person,
            summary=f"disclosed to recipient {recipient.id}",
        )
    return disclosure


def recipients_to_tell(organisation, person) -> list[RecipientToTell]:
    """Every recipient the person's data was disclosed to, by name (Art 19)."""
    grouped: dict[str, RecipientToTell] = {}
    for d in (
        Disclosure.objects.for_org(organisation)
        .filter(person=person)
        .order_by("disclosed_on", "pk")
    ):
        seen = grouped.get(d.recipient_id)
        whats = [*seen.what] if seen else []
        if d.what not in whats:
            whats.append(d.what)
        grouped[d.recipient_id] = RecipientToTell(
            d.recipient_id, d.recipient_name, whats, d.disclosed_on
        )
    return sorted(grouped.values(), key=lambda r: (r.name, r.recipient_id))
