"""Lists and sends: audiences by purpose, channel and area; composing and sending email
from the worker; the export for a mailing service; its unsubscribe events.

Whom to include is never decided here: every list, export and send takes the audience
of lawful.consent.contact (one set of rules for all), narrowed to a ward or a
constituency by lawful.geography. Each change is audited in its own transaction.
"""

import csv
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record, record_many
from lawful.consent.links import MessageLinks
from lawful.geography.services import people_in_area
from lawful.jobs.services import JobError, job_task, report_progress, start_job
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import ContactPoint, Person
from lawful.people.normalise import InvalidValue, normalise_email
from lawful.security.spreadsheets import safe_row
from lawful.staff.models import staff_member

from .models import Delivery, Send, WebhookSecret

__all__ = [
    "EXPORT_COLUMNS",
    "Target",
    "compose_send",
    "export_for_mailing_service",
    "mailing_service_unsubscribe",
    "new_webhook_secret",
    "send_audience",
    "start_send",
    "target_audience",
]

BATCH = 500
EXPORT_COLUMNS = ("Email Address", "First Name", "Last Name")
MAX_SUBJECT = 200
MAX_BODY = 50_000


@dataclass(frozen=True)
class Target:
    """Whom a list is for: a purpose, a channel, optionally a ward or a constituency."""

    purpose: str
    channel: str
    ward: str = ""
    constituency: str = ""

    def describe(self) -> str:
        where = ""
        if self.ward:
            where += f" in ward {self.ward}"
        if self.constituency:
            where += f" in constituency {self.constituency}"
        return f"{self.purpose} by {self.channel}{where}"


def target_audience(organisation, target: Target):
    """The Audience (lawful.consent.contact) for the target: the permitted people with
    their contact, and the count left out by reason. InvalidValue names a bad field."""
    from lawful.consent.contact import audience

    people = None
    if target.ward or target.constituency:
        people = people_in_area(organisation, ward=target.ward, constituency=target.constituency)
    return audience(organisation, target.purpose, target.channel, people=people)


def _text(field: str, value, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidValue(field, "this is needed")
    if len(text) > limit:
        raise InvalidValue(field, f"at most {limit:,} characters, not {len(text):,}")
    return text


# --- Sending email ------------------------------------------------------------------


def compose_send(organisation, *, actor, target: Target, subject: str, body: str) -> Send:
    """A message to the target's audience, checked (the audience itself is worked out
    when the worker sends it); audited. Only email is sent by Lawful."""
    if target.channel != "email":
        raise InvalidValue("channel", "Lawful sends email only (post and calls are by hand)")
    subject = _text("subject", subject, MAX_SUBJECT)
    if "\n" in subject or "\r" in subject:
        raise InvalidValue("subject", "one line only")
    body = _text("body", body, MAX_BODY)
    target_audience(organisation, target)  # raises InvalidValue for a bad purpose/channel
    with transaction.atomic():
        send = Send.objects.create(
            organisation=organisation,
            purpose_id=target.purpose,
            channel=target.channel,
            ward_code=target.ward.strip().upper(),
            constituency_code=target.constituency.strip().upper(),
            subject=subject,
            body=body,
            created_by=staff_member(actor),
        )
        record(
            AuditAction.CREATE,
            actor=actor,
            target=send,
            summary=f"composed a send: {target.describe()}",
        )
    return send


def start_send(send: Send):
    """Queue the send for the worker; returns its Job."""
    job = start_job("campaign-send", send_audience, send.pk, organisation=send.organisation)
    Send.objects.filter(pk=send.pk).update(job=job)
    return job


def _footer(organisation, unsubscribe: str, preferences: str) -> str:
    return (
        "\n\n--\n"
        f"You receive this from {organisation.name} because you agreed to hear from us "
        "by email.\n"
        f"Unsubscribe: {unsubscribe}\n"
        f"Change what you hear about: {preferences}\n"
    )


def _message(send: Send, links, person_id: int, address: str, connection) -> EmailMessage:
    """The message to one person: the same signed unsubscribe link in the RFC 8058
    headers and the footer, and their preferences link (`links`: the send's
    lawful.consent.links.MessageLinks)."""
    unsubscribe = links.unsubscribe(person_id)
    return EmailMessage(
        subject=send.subject,
        body=send.body + _footer(send.organisation, unsubscribe, links.preferences(person_id)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers=links.headers(unsubscribe),
        connection=connection,
    )


@job_task(atomic=False)  # batch by batch: each batch's deliveries commit with it
def send_audience(job, send_id: int) -> str:
    """Send the message to everyone the audience permits now, BATCH at a time; record
    each delivery. Resumable: anyone already sent this message is not sent it again."""
    send = Send.objects.select_related("organisation").get(pk=send_id)
    organisation = send.organisation
    target = Target(send.purpose_id, send.channel, send.ward_code, send.constituency_code)
    try:
        found = target_audience(organisation, target)
    except InvalidValue as exc:
        Send.objects.filter(pk=send.pk).update(status=Send.Status.FAILED)
        raise JobError(f"Not sent: {exc.message}") from None
    Send.objects.filter(pk=send.pk).update(status=Send.Status.SENDING, excluded=found.excluded)
    already = set(Delivery.objects.filter(send=send).values_list("person_id", flat=True))
    rows = [(pk, contact) for pk, contact in found.rows() if pk not in already]
    total = len(rows)
    report_progress(job.pk, 0, total)
    links = MessageLinks(organisation, send.purpose_id, send.channel)
    # One connection a batch (a relay may limit the messages of one connection).
    connection = get_connection()
    for start in range(0, total, BATCH):
        chunk = rows[start : start + BATCH]
        # Asked again batch by batch: someone who withdrew while the send was under way
        # is not sent it from that moment.
        still = set(
            found.people.filter(pk__in=[pk for pk, _ in chunk]).values_list("pk", flat=True)
        )
        chunk = [(pk, address) for pk, address in chunk if pk in still]
        messages = [_message(send, links, pk, address, connection) for pk, address in chunk]
        connection.send_messages(messages)
        now = timezone.now()
        with transaction.atomic():
            deliveries = Delivery.objects.bulk_create(
                Delivery(
                    organisation=organisation,
                    send=send,
                    person_id=pk,
                    address=address,
                    sent_at=now,
                )
                for pk, address in chunk
            )
            record_many(
                (
                    {
                        "action": AuditAction.CREATE,
                        "target": d,
                        "person": d.person_id,
                        "summary": f"sent email {send.pk} ({send.purpose_id})",
                    }
                    for d in deliveries
                ),
                organisation=organisation,
            )
        report_progress(job.pk, min(start + BATCH, total), total)
    sent = Delivery.objects.filter(send=send).count()
    Send.objects.filter(pk=send.pk).update(
        status=Send.Status.SENT, sent_count=sent, finished_at=timezone.now()
    )
    return f"Sent to {sent:,} people; {sum(found.excluded.values()):,} left out."


# --- Export for a mailing service ------------------------------------------------------


def _mailing_recipient(organisation, purpose_id: str, recipient_id: str):
    """The register's recipient, if it names it and says the purpose's data goes there."""
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce as exc:
        raise InvalidValue("recipient", str(exc)) from None
    recipient = register.recipients.get(recipient_id)
    if recipient is None:
        known = ", ".join(sorted(register.recipients)) or "none"
        raise InvalidValue(
            "recipient",
            f"{recipient_id!r} is not a recipient in the register in force (it names: {known})",
        )
    purpose = next((p for p in register.purposes if p.id == purpose_id), None)
    if purpose is not None and recipient_id not in purpose.recipients:
        raise InvalidValue(
            "recipient",
            f"the register does not say that data for {purpose_id!r} goes to "
            f"{recipient.name} ({recipient_id}): the notice would not be true",
        )
    return recipient


def export_for_mailing_service(
    organisation, *, actor, target: Target, recipient_id: str
) -> tuple[str, int]:
    """A CSV of the permitted contacts (Email Address, First Name, Last Name), as mailing
    services import it, and how many rows; each person's disclosure to the recipient
    logged (lawful.disclosures) and audited, in one transaction with nothing else."""
    from lawful.disclosures.services import record_disclosures_bulk

    if target.channel != "email":
        raise InvalidValue("channel", "a mailing service's list is of email addresses")
    found = target_audience(organisation, target)
    recipient = _mailing_recipient(organisation, target.purpose, recipient_id)
    rows = list(found.people.values_list("pk", "contact", "given_name", "family_name"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for _, contact, given, family in rows:
        writer.writerow(safe_row([contact, given, family]))
    with transaction.atomic():
        record_disclosures_bulk(
            organisation,
            [pk for pk, *_ in rows],
            actor=actor,
            recipient_id=recipient.id,
            what=f"name and email address, for {target.purpose}",
        )
        record(
            AuditAction.EXPORT,
            actor=actor,
            organisation=organisation,
            summary=f"exported {len(rows)} contacts for {recipient.id}: {target.describe()}",
        )
    return out.getvalue(), len(rows)


# --- The mailing service's unsubscribe events -------------------------------------------


def new_webhook_secret(organisation, *, actor) -> str:
    """A fresh secret for the mailing service to sign its events with (the old one stops
    working); audited. Returned once, to give to the service."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        WebhookSecret.objects.update_or_create(
            organisation=organisation, defaults={"secret": secret}
        )
        record(
            AuditAction.CHANGE,
            actor=actor,
            organisation=organisation,
            summary="made a new mailing-service webhook secret",
        )
    return secret


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(organisation, body: bytes, given: str) -> bool:
    held = WebhookSecret.objects.filter(organisation=organisation).first()
    if held is None or not given:
        return False
    given = given.strip().removeprefix("sha256=")
    return hmac.compare_digest(signature(held.secret, body), given)


def mailing_service_unsubscribe(organisation, *, email: str, purpose: str = "") -> int:
    """Withdraw consent to email (for `purpose`, or every purpose consented to) of
    everyone of the organisation with this address, as the mailing service reported;
    returns how many withdrawals were recorded. InvalidValue for a bad address."""
    from lawful.consent.models import ConsentState
    from lawful.consent.services import record_consent

    address = normalise_email(email)
    people = Person.objects.for_org(organisation).filter(
        pk__in=ContactPoint.objects.for_org(organisation)
        .filter(kind=ContactPoint.Kind.EMAIL, normalised=address)
        .values("person_id")
    )
    done = 0
    with transaction.atomic():
        for person in people:
            states = ConsentState.objects.filter(person=person, channel="email", granted=True)
            if purpose:
                states = states.filter(purpose=purpose)
            for purpose_id in states.values_list("purpose", flat=True):
                record_consent(
                    organisation,
                    person,
                    purpose=purpose_id,
                    channel="email",
                    action="withdraw",
                    method="mailing-service",
                    wording="Unsubscribed at our mailing service.",
                    evidence="the mailing service's signed unsubscribe event",
                )
                done += 1
    return done
