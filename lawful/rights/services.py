"""The rights desk's services: intake, clock events, identity checks, closing, complaints.

Each function checks its input first and raises `InvalidValue` naming the field in the
caller's words ("requester.email: 'x' is not an email address"); only then does it write,
inside one `transaction.atomic()` with its audit event. The clock is the policy module's
(`lawful.policy.clock.RequestClock`): every event replays the request's events into a
clock and stores the due date it gives, so the date a page shows is never computed there.
Audit summaries name kinds and fields, never the requester's details.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.people.models import Person
from lawful.people.normalise import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from lawful.policy.clock import RequestClock
from lawful.staff.models import staff_member

from .matching import Candidate, candidates
from .models import (
    ACKNOWLEDGE_WITHIN,
    RESTARTS_CLOCK,
    Complaint,
    ComplaintStatus,
    EventType,
    IdentityCheck,
    InvestigationStep,
    RequestEvent,
    RequestKind,
    RequestStatus,
    RightsRequest,
    Via,
)

__all__ = [
    "Candidate",
    "ClockState",
    "InvalidValue",
    "REQUESTER_FIELDS",
    "acknowledge_complaint",
    "add_investigation_step",
    "candidates",
    "classify_request",
    "clock_for",
    "close_request",
    "complaint_warning",
    "receive_complaint",
    "receive_request",
    "record_complaint_outcome",
    "record_event",
    "record_identity_check",
]

REQUESTER_FIELDS = ("name", "email", "phone", "postcode", "address_lines")
AGENT_FIELDS = ("name", "relationship", "authority_received")
# Events that only the closing service records (with the outcome's own checks).
_CLOSING_EVENTS = (EventType.COMPLETED, EventType.REFUSED)
# What each "requested" event leaves the request waiting for.
_AWAITING = {
    EventType.IDENTITY_REQUESTED: RequestStatus.AWAITING_IDENTITY,
    EventType.AUTHORITY_REQUESTED: RequestStatus.AWAITING_IDENTITY,
    EventType.FEE_REQUESTED: RequestStatus.AWAITING_FEE,
}


def today() -> date:
    return timezone.localdate()


# --- checking input -------------------------------------------------------------------


def _text(field: str, value, max_length: int | None = None, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be text")
    text = value.strip()
    if required and not text:
        raise InvalidValue(field, "is required")
    if max_length is not None and len(text) > max_length:
        raise InvalidValue(field, f"at most {max_length} characters, not {len(text)}")
    return text


def _choice(field: str, value, choices) -> str:
    if value not in choices.values:
        raise InvalidValue(field, f"{value!r} is not one of: {', '.join(choices.values)}")
    return value


def _day(field: str, value, *, not_before: date | None = None, what_before: str = "") -> date:
    """A date that is not in the future (and not before `not_before`)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(field, f"{value!r} is not a date written YYYY-MM-DD") from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValue(field, "must be a date written YYYY-MM-DD")
    if value > today():
        raise InvalidValue(field, f"{value.isoformat()} is in the future")
    if not_before is not None and value < not_before:
        raise InvalidValue(field, f"{value.isoformat()} is before {what_before} ({not_before})")
    return value


def _unknown_keys(prefix: str, given: Mapping, known: Iterable[str]) -> None:
    if not isinstance(given, Mapping):
        raise InvalidValue(prefix, "must be an object with " + ", ".join(known))
    for key in given:
        if key not in known:
            raise InvalidValue(f"{prefix}.{key}", "is not a field this takes")


@dataclass(frozen=True)
class Requester:
    """The requester as given, checked, with the normal forms matching uses."""

    name: str
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address_lines: str = ""
    email_normalised: str = ""
    phone_normalised: str = ""
    postcode_normalised: str = ""


def check_requester(requester: Mapping, prefix: str = "requester") -> Requester:
    """The requester's details checked: a name, and a way to reply (email, telephone or
    address). Raises InvalidValue naming `prefix.field`."""
    _unknown_keys(prefix, requester, REQUESTER_FIELDS)
    given = {key: requester.get(key) for key in REQUESTER_FIELDS}
    name = _text(f"{prefix}.name", given["name"], 300, required=True)
    email = _text(f"{prefix}.email", given["email"], 254)
    phone = _text(f"{prefix}.phone", given["phone"], 40)
    postcode = _text(f"{prefix}.postcode", given["postcode"], 16)
    lines = "\n".join(
        line.strip()
        for line in _text(f"{prefix}.address_lines", given["address_lines"], 1000).splitlines()
        if line.strip()
    )
    normal = {}
    for field, value, normalise in (
        ("email", email, normalise_email),
        ("phone", phone, normalise_phone),
        ("postcode", postcode, normalise_postcode),
    ):
        try:
            normal[field] = normalise(value) if value else ""
        except InvalidValue as exc:
            raise InvalidValue(f"{prefix}.{field}", exc.message) from None
    if not (email or phone or lines or postcode):
        raise InvalidValue(
            f"{prefix}.email",
            "give at least one way to reply: an email address, a telephone number or an address",
        )
    return Requester(
        name,
        email,
        phone,
        postcode,
        lines,
        normal["email"],
        normal["phone"],
        normal["postcode"],
    )


def _check_agent(agent: Mapping | None) -> dict:
    if not agent:
        return {}
    _unknown_keys("agent", agent, AGENT_FIELDS)
    name = _text("agent.name", agent.get("name"), 300)
    relationship = _text("agent.relationship", agent.get("relationship"), 200)
    received = agent.get("authority_received", False)
    if not isinstance(received, bool):
        raise InvalidValue("agent.authority_received", "must be true or false")
    if not name and (relationship or received):
        raise InvalidValue("agent.name", "name the person acting on the requester's behalf")
    return {
        "agent_name": name,
        "agent_relationship": relationship,
        "agent_authority_received": received and bool(name),
    }


# --- intake ---------------------------------------------------------------------------


def receive_request(
    organisation,
    *,
    kind: str,
    received_on: date | str,
    via: str,
    requester: Mapping,
    details: str = "",
    actor,
    agent: Mapping | None = None,
) -> RightsRequest:
    """Record a request however it arrived (any wording counts); audited CREATE.

    requester: name, email, phone, postcode, address_lines as the person gave them.
    agent: name, relationship, authority_received for a request made on someone's
    behalf. The due date is the clock's from the day received. Raises InvalidValue
    naming the field, and writes nothing, on bad input.
    """
    kind = _choice("kind", kind, RequestKind)
    via = _choice("via", via, Via)
    received_on = _day("received_on", received_on)
    who = check_requester(requester)
    details = _text("details", details, 20000)
    agent_fields = _check_agent(agent)
    rights_request = RightsRequest(
        organisation=organisation,
        kind=kind,
        received_on=received_on,
        via=via,
        requester_name=who.name,
        requester_email=who.email,
        requester_phone=who.phone,
        requester_postcode=who.postcode,
        requester_address_lines=who.address_lines,
        email_normalised=who.email_normalised,
        phone_normalised=who.phone_normalised,
        postcode_normalised=who.postcode_normalised,
        details=details,
        **agent_fields,
    )
    state = _replay(rights_request, [])
    _apply(rights_request, state)
    with transaction.atomic():
        rights_request.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            target=rights_request,
            summary=f"received a rights request ({kind}) by {via}",
        )
    return rights_request


def classify_request(rights_request: RightsRequest, *, kind: str, actor) -> RightsRequest:
    """Set the kind of a request received as "not sure yet" (or correct it); audited."""
    kind = _choice("kind", kind, RequestKind)
    _refuse_if_closed(rights_request)
    if kind == rights_request.kind:
        return rights_request
    before = rights_request.kind
    with transaction.atomic():
        rights_request.kind = kind
        rights_request.save(update_fields=["kind"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=rights_request,
            person=rights_request.person,
            summary=f"classified the request: {before} -> {kind}",
        )
    return rights_request


# --- the clock ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockState:
    """The request's clock as its events make it, and what it is waiting for."""

    clock: RequestClock
    status: str
    person_id: int | None
    extension: tuple[date, str] | None

    @property
    def due_on(self) -> date | None:
        return self.clock.due()

    @property
    def extension_must_be_notified_by(self) -> date:
        return self.clock.extension_must_be_notified_by()

    def days_left(self, on: date) -> int:
        return self.clock.days_left(on)


def _replay(rights_request: RightsRequest, events: list[RequestEvent]) -> ClockState:
    """Replay events (in order) into a clock; InvalidValue for an event the rules refuse."""
    nation = rights_request.organisation.nation
    received = rights_request.received_on
    started: date | None = None
    pauses: list[tuple[date, date | None]] = []
    asked: dict[str, date] = {}  # what is awaited: requested type -> day asked
    extension: tuple[date, str] | None = None
    person_id = rights_request.person_id
    for event in events:
        kind = event.type
        if kind in _AWAITING:
            asked.setdefault(kind, event.on)
        elif kind in RESTARTS_CLOCK:
            wanted = RESTARTS_CLOCK[kind]
            if wanted not in asked:
                raise InvalidValue(
                    "type",
                    f"{kind}: it was not asked for (record {wanted} first); the clock "
                    "moves only for what was reasonably asked for",
                )
            if event.on < asked[wanted]:
                raise InvalidValue("on", f"{event.on} is before it was asked for ({asked[wanted]})")
            del asked[wanted]
            # The month starts again from the day it arrived (ICO: "the day you receive").
            started = max(started or received, event.on)
        elif kind == EventType.CLARIFICATION_REQUESTED:
            if pauses and pauses[-1][1] is None:
                raise InvalidValue("type", "a clarification is already awaited")
            pauses.append((event.on, None))
        elif kind == EventType.CLARIFICATION_RECEIVED:
            if not pauses or pauses[-1][1] is not None:
                raise InvalidValue(
                    "type", "no clarification was asked for (record clarification-requested first)"
                )
            if event.on < pauses[-1][0]:
                raise InvalidValue("on", f"{event.on} is before it was asked for ({pauses[-1][0]})")
            pauses[-1] = (pauses[-1][0], event.on)
        elif kind == EventType.EXTENDED:
            if extension is not None:
                raise InvalidValue("type", "the request has already been extended")
            if not event.reason.strip():
                raise InvalidValue(
                    "reason", "say why the request is complex or numerous: the person is told"
                )
            closed_pauses = tuple(p for p in pauses if p[1] is not None)
            by = _clock(
                rights_request, nation, started, closed_pauses
            ).extension_must_be_notified_by()
            if event.on > by:
                raise InvalidValue(
                    "on",
                    f"the person must be told of an extension within the first month, by {by}; "
                    f"{event.on} is too late",
                )
            extension = (event.on, event.reason.strip())
        elif kind == EventType.PERSON_CONFIRMED:
            person_id = event.person_id
        try:  # the policy clock's own checks (pauses in order, not before receipt)
            _clock(rights_request, nation, started, pauses, extension is not None)
        except ValueError as exc:
            raise InvalidValue("on", str(exc)) from None
    clock = _clock(rights_request, nation, started, pauses, extension is not None)
    return ClockState(
        clock, _status(rights_request, asked, pauses, person_id), person_id, extension
    )


def _clock(rights_request, nation, started, pauses, extended=False) -> RequestClock:
    return RequestClock(
        received=rights_request.received_on,
        nation=nation,
        started=started,
        pauses=tuple(pauses),
        extended=extended,
    )


def _status(rights_request, asked, pauses, person_id) -> str:
    if rights_request.status in RequestStatus.closed():
        return rights_request.status
    if pauses and pauses[-1][1] is None:
        return RequestStatus.AWAITING_CLARIFICATION
    for requested, status in _AWAITING.items():
        if requested in asked:
            return status
    return RequestStatus.IN_PROGRESS if person_id else RequestStatus.OPEN


def _apply(rights_request: RightsRequest, state: ClockState) -> list[str]:
    """Store what the clock gives on the request; the names of the fields set."""
    values = {
        "due_on": state.due_on,
        "clock_started_on": state.clock.start(),
        "status": state.status,
        "person_id": state.person_id,
        "extension_notified_on": state.extension[0] if state.extension else None,
        "extension_reason": state.extension[1] if state.extension else "",
    }
    for name, value in values.items():
        setattr(rights_request, name, value)
    return list(values)


def _events(rights_request: RightsRequest) -> list[RequestEvent]:
    return list(rights_request.events.order_by("on", "pk"))


def clock_for(rights_request: RightsRequest) -> ClockState:
    """The request's clock now, from its recorded events (for pages and reports)."""
    return _replay(rights_request, _events(rights_request))


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if not getattr(actor, "is_authenticated", False):
        return "public"
    return actor.get_username()


def _person_of(organisation, person) -> Person:
    pk = getattr(person, "pk", person)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise InvalidValue("person", f"{person!r} is not a person's id") from None
    found = Person.objects.for_org(organisation).filter(pk=pk, erased_at__isnull=True).first()
    if found is None:
        raise InvalidValue("person", f"there is no person {pk} in this organisation")
    return found


def _refuse_if_closed(rights_request: RightsRequest) -> None:
    if not rights_request.is_open:
        raise InvalidValue(
            "request",
            f"the request is {rights_request.get_status_display()}: it is closed",
        )


def record_event(
    rights_request: RightsRequest,
    *,
    type: str,
    on: date | str,
    actor,
    reason: str = "",
    person=None,
) -> RequestEvent:
    """Record what happened to a request and recompute its due date; audited CHANGE.

    identity-/authority-/fee-received move the start to the day received, only where
    it was asked for; a clarification asked for pauses the count until it arrives;
    `extended` needs a reason and is refused after the first month; person-confirmed
    links the person held (of the same organisation). Raises InvalidValue naming the
    field, and writes nothing, when the rules refuse.
    """
    type = _choice("type", type, EventType)
    if type in _CLOSING_EVENTS:
        raise InvalidValue("type", f"{type}: close the request with its outcome instead")
    on = _day("on", on, not_before=rights_request.received_on, what_before="the day received")
    if type != EventType.NOTE:
        _refuse_if_closed(rights_request)
    reason = _text("reason", reason, 5000)
    if type == EventType.NOTE and not reason:
        raise InvalidValue("reason", "write the note")
    confirmed = None
    if type == EventType.PERSON_CONFIRMED:
        if person is None or person == "":
            raise InvalidValue("person", "say which person held the requester is")
        confirmed = _person_of(rights_request.organisation, person)
    elif person not in (None, ""):
        raise InvalidValue("person", f"only {EventType.PERSON_CONFIRMED} names a person")
    event = RequestEvent(
        organisation_id=rights_request.organisation_id,
        request=rights_request,
        type=type,
        on=on,
        reason=reason,
        person=confirmed,
        actor=staff_member(actor),
        actor_label=_actor_label(actor),
    )
    # The new event goes after every earlier one recorded for the same day.
    events = sorted([*_events(rights_request), event], key=lambda e: e.on)
    state = _replay(rights_request, events)
    with transaction.atomic():
        event.save()
        fields = _apply(rights_request, state)
        rights_request.save(update_fields=fields)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=rights_request,
            person=confirmed or rights_request.person,
            summary=f"recorded {type} on the request; due {state.due_on or 'paused'}",
        )
    return event


def record_identity_check(
    rights_request: RightsRequest, *, seen: str, checked_on: date | str, actor, notes: str = ""
) -> IdentityCheck:
    """Record what was seen to confirm the requester's identity, by whom, when."""
    seen = _text("seen", seen, 300, required=True)
    checked_on = _day(
        "checked_on", checked_on, not_before=rights_request.received_on, what_before="received"
    )
    notes = _text("notes", notes, 5000)
    check = IdentityCheck(
        organisation_id=rights_request.organisation_id,
        request=rights_request,
        seen=seen,
        checked_on=checked_on,
        checked_by=staff_member(actor),
        notes=notes,
    )
    with transaction.atomic():
        check.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            target=rights_request,
            person=rights_request.person,
            summary="recorded an identity check on the request",
        )
    return check


def close_request(
    rights_request: RightsRequest,
    *,
    outcome: str,
    on: date | str,
    actor,
    reason: str = "",
    reply_sent: bool = True,
) -> RightsRequest:
    """Close a request as completed or refused (a refusal needs its reason); audited.

    The due date stays as it was, so the on-time report can compare the two. Where the
    reply was sent (`on`) and the person has been erased, what the request kept to send
    it goes now; fulfilment closes with reply_sent=False (the completion letter follows).
    """
    if outcome not in _CLOSING_EVENTS:
        raise InvalidValue("outcome", f"{outcome!r} is not one of: completed, refused")
    _refuse_if_closed(rights_request)
    on = _day("on", on, not_before=rights_request.received_on, what_before="the day received")
    reason = _text("reason", reason, 5000)
    if outcome == EventType.REFUSED and not reason:
        raise InvalidValue("reason", "a refusal must say why")
    with transaction.atomic():
        RequestEvent(
            organisation_id=rights_request.organisation_id,
            request=rights_request,
            type=outcome,
            on=on,
            reason=reason,
            actor=staff_member(actor),
            actor_label=_actor_label(actor),
        ).save()
        rights_request.status = outcome
        rights_request.closed_on = on
        rights_request.closed_at = timezone.now()
        rights_request.save(update_fields=["status", "closed_on", "closed_at"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=rights_request,
            person=rights_request.person,
            summary=f"closed the request: {outcome}",
        )
        if reply_sent:
            from .personal_data import forget_requester_once_answered

            forget_requester_once_answered(rights_request, actor=actor)
    return rights_request


# --- complaints (DPA 2018 s164A) ------------------------------------------------------


def receive_complaint(
    organisation,
    *,
    received_on: date | str,
    complainant: Mapping,
    text: str,
    actor,
    via: str = Via.WEB_FORM,
    request: RightsRequest | None = None,
) -> Complaint:
    """Record a complaint; it is to be acknowledged within 30 days. Audited CREATE."""
    received_on = _day("received_on", received_on)
    via = _choice("via", via, Via)
    who = check_requester(complainant, prefix="complainant")
    text = _text("text", text, 20000, required=True)
    if request is not None and request.organisation_id != organisation.pk:
        raise InvalidValue("request", "no such request in this organisation")
    complaint = Complaint(
        organisation=organisation,
        received_on=received_on,
        via=via,
        complainant_name=who.name,
        complainant_email=who.email,
        complainant_phone=who.phone,
        complainant_address_lines="\n".join(filter(None, [who.address_lines, who.postcode])),
        text=text,
        request=request,
        person=request.person if request else None,
        acknowledge_by=received_on + ACKNOWLEDGE_WITHIN,
    )
    with transaction.atomic():
        complaint.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            target=complaint,
            summary=f"received a complaint by {via}",
        )
    return complaint


def _refuse_if_told(complaint: Complaint) -> None:
    if complaint.status == ComplaintStatus.CLOSED:
        raise InvalidValue(
            "complaint", "the outcome has already been told: the complaint is closed"
        )


def acknowledge_complaint(complaint: Complaint, *, on: date | str, actor) -> Complaint:
    _refuse_if_told(complaint)
    if complaint.acknowledged_on:
        raise InvalidValue("on", f"already acknowledged on {complaint.acknowledged_on}")
    on = _day("on", on, not_before=complaint.received_on, what_before="the day received")
    with transaction.atomic():
        complaint.acknowledged_on = on
        complaint.status = ComplaintStatus.ACKNOWLEDGED
        complaint.save(update_fields=["acknowledged_on", "status"])
        record(AuditAction.CHANGE, actor=actor, target=complaint, summary="acknowledged complaint")
    return complaint


def add_investigation_step(
    complaint: Complaint, *, on: date | str, text: str, actor
) -> InvestigationStep:
    _refuse_if_told(complaint)
    on = _day("on", on, not_before=complaint.received_on, what_before="the day received")
    text = _text("text", text, 5000, required=True)
    step = InvestigationStep(
        organisation_id=complaint.organisation_id,
        complaint=complaint,
        on=on,
        text=text,
        actor=staff_member(actor),
    )
    with transaction.atomic():
        step.save()
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=complaint,
            summary="recorded an investigation step",
        )
    return step


def record_complaint_outcome(
    complaint: Complaint, *, outcome: str, told_on: date | str, actor
) -> Complaint:
    """The outcome, and the day the complainant was told of it; closes the complaint."""
    _refuse_if_told(complaint)
    outcome = _text("outcome", outcome, 20000, required=True)
    told_on = _day("told_on", told_on, not_before=complaint.received_on, what_before="received")
    with transaction.atomic():
        complaint.outcome = outcome
        complaint.told_on = told_on
        complaint.acknowledged_on = complaint.acknowledged_on or told_on
        complaint.status = ComplaintStatus.CLOSED
        complaint.save(update_fields=["outcome", "told_on", "acknowledged_on", "status"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=complaint,
            summary="recorded the outcome of a complaint and that it was told",
        )
        from .personal_data import forget_complainant_once_told

        forget_complainant_once_told(complaint, actor=actor)
    return complaint


# Warn this many days before the acknowledgement is due.
ACKNOWLEDGEMENT_WARNING_DAYS = 7


def complaint_warning(complaint: Complaint, on: date) -> str:
    """A warning when the acknowledgement is due soon or overdue ("" when none)."""
    if complaint.acknowledged_on is not None or complaint.status == ComplaintStatus.CLOSED:
        return ""
    days = (complaint.acknowledge_by - on).days
    if days < 0:
        return f"Acknowledgement overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Acknowledgement due today"
    if days <= ACKNOWLEDGEMENT_WARNING_DAYS:
        return f"Acknowledgement due in {days} day{'s' if days != 1 else ''}"
    return ""
