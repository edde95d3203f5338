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
from lawful.staff.models import staff_member

from .models import Disclosure

__all__ = [
    "RecipientToTell",
    "parse_day",
    "record_disclosure",
    "record_disclosures_bulk",
    "recipients_to_tell",
]


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
            by=staff_member(actor),
        )
        record(
            AuditAction.DISCLOSURE,
            actor=actor,
            target=disclosure,
            person=person,
            summary=f"disclosed to recipient {recipient.id}",
        )
    return disclosure


def record_disclosures_bulk(
    organisation, person_ids, *, actor, recipient_id: str, what: str, batch: int = 2000
) -> int:
    """record_disclosure() for many people of the organisation at once (an export of a
    list to a mailing service), set-based: one Disclosure and one audit event each, in
    the caller's transaction or one of its own. Erased and restricted people are refused
    as record_disclosure refuses them (InvalidValue, nothing written)."""
    from lawful.audit.services import record_many

    what = str(what or "").strip()
    if not what:
        raise InvalidValue("what", "say what was disclosed (the kinds of data, in words)")
    if len(what) > Disclosure._meta.get_field("what").max_length:
        raise InvalidValue("what", "at most 500 characters")
    recipient = _recipient(organisation, recipient_id)
    ids = list(dict.fromkeys(person_ids))
    org_pk = getattr(organisation, "pk", organisation)
    day = timezone.localdate()
    by = staff_member(actor)
    with transaction.atomic():
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            people = Person.objects.filter(organisation_id=org_pk, pk__in=chunk)
            if people.count() != len(chunk):
                raise InvalidValue("person", "not every person given is of this organisation")
            if (
                people.filter(erased_at__isnull=False).exists()
                or people.filter(restricted=True).exists()
            ):
                raise InvalidValue(
                    "person", "an erased or restricted person's data may not be disclosed"
                )
            made = Disclosure.objects.bulk_create(
                Disclosure(
                    organisation_id=org_pk,
                    person_id=pk,
                    recipient_id=recipient.id,
                    recipient_name=recipient.name,
                    what=what,
                    disclosed_on=day,
                    by=by,
                )
                for pk in chunk
            )
            record_many(
                (
                    {
                        "action": AuditAction.DISCLOSURE,
                        "actor": actor,
                        "target": d,
                        "person": d.person_id,
                        "summary": f"disclosed to recipient {recipient.id}",
                    }
                    for d in made
                ),
                organisation=org_pk,
            )
    return len(ids)


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


# --- Telling recipients (Art 19) --------------------------------------------------------


def notifications_to_send(rights_request, action: str) -> list:
    """A notification to send to every recipient the person's data went to, for this
    request's correction, erasure or restriction (made once; returned each time)."""
    from .models import RecipientNotification

    action = RecipientNotification.Action(action)
    person = rights_request.person
    for recipient in recipients_to_tell(rights_request.organisation_id, person):
        RecipientNotification.objects.get_or_create(
            request=rights_request,
            recipient_id=recipient.recipient_id,
            action=action,
            defaults={
                "organisation_id": rights_request.organisation_id,
                "recipient_name": recipient.name,
            },
        )
    return list(RecipientNotification.objects.filter(request=rights_request, action=action))


def _settle(notification, *, status, actor, on, reason: str, summary: str):
    from .models import RecipientNotification

    if notification.status != RecipientNotification.Status.TO_SEND:
        raise InvalidValue(
            "notification",
            f"telling {notification.recipient_name} is already recorded as "
            f"{notification.get_status_display()}",
        )
    day = parse_day("sent_on", on or timezone.localdate())
    with transaction.atomic():
        notification.status = status
        notification.sent_on = day
        notification.reason = reason
        notification.by = staff_member(actor)
        notification.save(update_fields=["status", "sent_on", "reason", "by"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=notification,
            person=notification.request.person_id,
            summary=summary,
        )
    return notification


def record_notification_sent(notification, *, actor, on=None):
    """Record that the recipient was told (on `on`, default today); audited."""
    from .models import RecipientNotification

    return _settle(
        notification,
        status=RecipientNotification.Status.SENT,
        actor=actor,
        on=on,
        reason="",
        summary=f"told recipient {notification.recipient_id} of the {notification.action}",
    )


def record_notification_impossible(notification, *, actor, reason: str, on=None):
    """Record that telling the recipient is impossible or involves disproportionate
    effort (Art 19 allows this), with why; audited."""
    from .models import RecipientNotification

    reason = str(reason or "").strip()
    if not reason:
        raise InvalidValue(
            "reason", "say why telling this recipient is impossible or disproportionate"
        )
    return _settle(
        notification,
        status=RecipientNotification.Status.IMPOSSIBLE,
        actor=actor,
        on=on,
        reason=reason,
        summary=f"did not tell recipient {notification.recipient_id}: impossible or "
        "disproportionate",
    )
