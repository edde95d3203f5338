"""Recording consent: every grant and withdrawal goes through here.

`record_consent` checks the purpose against the register in force (a grant only where
the register rests that purpose on consent for that channel), appends the event to the
ledger, moves the current state and writes the audit event, all in one transaction.
`record_consents_bulk` does the same for an imported list, set-based, with one audit
event for the batch. `record_objection` is an objection to direct marketing: every
marketing consent withdrawn and the person's details on the do-not-contact list, at once.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import (
    CHANNELS,
    ConsentAction,
    ConsentMethod,
    Exclusion,
    channel_problem,
    consent_problem,
)
from lawful.staff.models import staff_member

from .models import ConsentEvent, ConsentState

__all__ = [
    "BulkResult",
    "ByContactResult",
    "record_by_contact",
    "InvalidValue",
    "record_consent",
    "record_consents_bulk",
    "record_objection",
    "withdraw_consents",
    "suppressed_people",
    "suppression_conditions",
]

MAX_WORDING = 5000
MAX_EVIDENCE = 5000
BATCH = 5000


def _org_pk(organisation) -> int:
    return getattr(organisation, "pk", organisation)


def _register(organisation):
    try:
        return register_in_force(organisation)
    except NoRegisterInForce as exc:
        raise InvalidValue("purpose", str(exc)) from None


def _purpose(register, purpose_id: str):
    return next((p for p in register.purposes if p.id == purpose_id), None)


def _notice_version(organisation) -> str:
    from lawful.notices.services import adopted_version

    version = adopted_version(organisation)
    return version.version if version is not None else ""


def _text(field_name: str, value, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise InvalidValue(field_name, f"at most {limit} characters, not {len(text)}")
    return text


def _choice(field_name: str, value, vocabulary) -> str:
    if value not in vocabulary.slugs():
        raise InvalidValue(field_name, f"{value!r} is not one of: {', '.join(vocabulary.slugs())}")
    return str(value)


def _check_channel(register, purpose_id: str, channel: str, action: str) -> None:
    if channel not in CHANNELS:
        raise InvalidValue("channel", f"{channel!r} is not one of: {', '.join(CHANNELS)}")
    purpose = _purpose(register, purpose_id)
    if purpose is None:
        raise InvalidValue("purpose", f"{purpose_id!r} is not a purpose of the register in force")
    problem = (
        consent_problem(purpose, purpose_id, channel)
        if action == ConsentAction.GRANT
        else channel_problem(purpose, purpose_id, channel)
    )
    if problem:
        raise InvalidValue("channel", problem)


def _check_ip(value) -> str | None:
    if value in (None, ""):
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise InvalidValue("ip_address", f"{value!r} is not a network address") from None


def _suppression_refusal(organisation, person: Person) -> str | None:
    from lawful.suppression.models import SuppressionEntry

    reasons = suppressed_people(organisation, [person.pk]).get(person.pk)
    if not reasons:
        return None
    if SuppressionEntry.Reason.ERASURE in reasons:
        return "their details belong to someone erased at their request"
    return "their details belong to someone who objected to direct marketing"


def record_consent(
    organisation,
    person: Person,
    *,
    purpose: str,
    channel: str,
    action: str,
    method: str,
    wording: str,
    actor=None,
    notice_version: str | None = None,
    form: str = "",
    ip_address: str | None = None,
    evidence: str = "",
    at: datetime | None = None,
) -> ConsentEvent:
    """Append a grant or withdrawal to the ledger and move the current state; audited.

    Raises InvalidValue naming the field: a purpose not in the register in force, a
    channel it does not use, a grant where the register does not rest the purpose on
    consent for that channel, a grant for someone erased, restricted or on the
    do-not-contact list, or a grant without the wording agreed to. Nothing is written.
    """
    if person.organisation_id != _org_pk(organisation):
        raise InvalidValue("person", "this person is not a person of that organisation")
    action = _choice("action", action, ConsentAction)
    method = _choice("method", method, ConsentMethod)
    purpose = _text("purpose", purpose, 100)
    channel = str(channel or "").strip()
    wording = _text("wording", wording, MAX_WORDING)
    evidence = _text("evidence", evidence, MAX_EVIDENCE)
    form = _text("form", form, 200)
    ip = _check_ip(ip_address)
    _check_channel(_register(organisation), purpose, channel, action)
    if person.erased_at is not None:
        raise InvalidValue("person", "this person's data has been erased")
    if action == ConsentAction.GRANT:
        if not wording:
            raise InvalidValue("wording", "say what the person agreed to, in the words used")
        if person.restricted:
            raise InvalidValue("person", "processing of this person's data is restricted")
        refusal = _suppression_refusal(organisation, person)
        if refusal:
            raise InvalidValue("person", f"{refusal}: consent cannot be recorded for them")
    if notice_version is None:
        notice_version = _notice_version(organisation)
    notice_version = _text("notice_version", notice_version, 40)
    at = at or timezone.now()
    with transaction.atomic():
        # Lock the person row: two events for one person never interleave their states.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        event = ConsentEvent.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            purpose=purpose,
            channel=channel,
            action=action,
            method=method,
            recorded_by=staff_member(actor),
            at=at,
            wording=wording,
            notice_version=notice_version,
            form=form,
            ip_address=ip,
            evidence=evidence,
        )
        state = ConsentState.objects.filter(person=person, purpose=purpose, channel=channel).first()
        granted = action == ConsentAction.GRANT
        if granted:
            _link_on_consent(organisation, [person.pk], purpose)
        if state is None:
            ConsentState.objects.create(
                organisation_id=person.organisation_id,
                person=person,
                purpose=purpose,
                channel=channel,
                granted=granted,
                since=at,
                event=event,
            )
        elif state.since <= at:  # an event dated before the latest does not move the state
            state.granted, state.since, state.event = granted, at, event
            state.save(update_fields=["granted", "since", "event"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=event,
            person=person,
            summary=f"consent {'given' if granted else 'withdrawn'}: {purpose} by "
            f"{channel} ({method})",
        )
    return event


@dataclass
class BulkResult:
    """What a bulk grant did: events recorded, and people left out by reason."""

    recorded: int = 0
    people: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def _ids(org_pk: int, people) -> list[int]:
    """The ids of the people given (a queryset, Persons or ids), of this organisation
    only: another organisation's person is never written to."""
    if isinstance(people, QuerySet):
        return list(people.filter(organisation_id=org_pk).values_list("pk", flat=True))
    return list(dict.fromkeys(p if isinstance(p, int) else p.pk for p in people))


def record_consents_bulk(
    organisation,
    people: Iterable | QuerySet,
    *,
    purpose: str,
    channels: Iterable[str],
    method: str,
    evidence: str,
    wording: str,
    actor=None,
    at: datetime | None = None,
) -> BulkResult:
    """Record consent given by many people at once (an imported list), set-based.

    Each channel is checked as record_consent checks it (InvalidValue, nothing written);
    people erased, restricted or on the do-not-contact list are left out and counted.
    One audit event summarises the batch. All or nothing.
    """
    method = _choice("method", method, ConsentMethod)
    purpose = _text("purpose", purpose, 100)
    channels = list(dict.fromkeys(str(c).strip() for c in channels))
    if not channels:
        raise InvalidValue("channels", "name at least one channel")
    register = _register(organisation)
    for channel in channels:
        try:
            _check_channel(register, purpose, channel, ConsentAction.GRANT)
        except InvalidValue as exc:
            raise InvalidValue("channels", exc.message) from None
    wording = _text("wording", wording, MAX_WORDING)
    if not wording:
        raise InvalidValue("wording", "say what the people agreed to, in the words used")
    evidence = _text("evidence", evidence, MAX_EVIDENCE)
    if not evidence:
        raise InvalidValue("evidence", "say how and when these people gave their consent")
    org_pk = _org_pk(organisation)
    notice_version = _notice_version(organisation)
    at = at or timezone.now()
    recorded_by = staff_member(actor)
    result = BulkResult()
    with transaction.atomic():
        ids = _ids(org_pk, people)
        skipped: Counter = Counter()
        wanted = _usable(org_pk, ids, skipped)
        result.people = len(wanted)
        _link_on_consent(org_pk, wanted, purpose)
        fields = {
            "purpose": purpose,
            "method": method,
            "recorded_by": recorded_by.pk if recorded_by is not None else None,
            "at": at,
            "wording": wording,
            "notice_version": notice_version,
            "evidence": evidence,
        }
        for channel in channels:
            result.recorded += _grant_in_sql(org_pk, wanted, channel, fields)
        result.skipped = {str(k): v for k, v in skipped.items()}
        left_out = sum(skipped.values())
        record(
            AuditAction.CHANGE,
            actor=actor,
            organisation=org_pk,
            summary=f"consent given by {result.people} people to {purpose} by "
            f"{', '.join(channels)} ({method}): {result.recorded} events; "
            f"{left_out} left out",
        )
    return result


def _grant_in_sql(org_pk: int, person_ids: list[int], channel: str, fields: dict) -> int:
    """Grants for many people on one channel in set-based SQL (INSERT ... SELECT, a
    batch of people a statement): the events, then the states moved to them (an upsert
    that leaves a state alone where its latest event is later). The ORM's bulk_create
    spends most of its time building each row in Python; this does not. Returns the
    number of events written."""
    from django.db import connection

    qn = connection.ops.quote_name
    event_t, state_t = ConsentEvent._meta.db_table, ConsentState._meta.db_table
    person_t = Person._meta.db_table
    at = connection.ops.adapt_datetimefield_value(fields["at"])
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {qn(event_t)}")
        before = cursor.fetchone()[0]
        for start in range(0, len(person_ids), BATCH):
            chunk = person_ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {qn(event_t)} (organisation_id, person_id, purpose, channel, "
                "action, method, recorded_by_id, at, wording, notice_version, form, "
                "ip_address, evidence) "
                "SELECT %s, id, %s, %s, %s, %s, %s, %s, %s, %s, '', NULL, %s "
                f"FROM {qn(person_t)} WHERE organisation_id = %s AND id IN ({marks})",
                [
                    org_pk,
                    fields["purpose"],
                    channel,
                    ConsentAction.GRANT.value,
                    fields["method"],
                    fields["recorded_by"],
                    at,
                    fields["wording"],
                    fields["notice_version"],
                    fields["evidence"],
                    org_pk,
                    *chunk,
                ],
            )
            written += cursor.rowcount
            cursor.execute(
                f"INSERT INTO {qn(state_t)} (organisation_id, person_id, purpose, channel, "
                "granted, since, event_id) "
                "SELECT organisation_id, person_id, purpose, channel, %s, at, id "
                f"FROM {qn(event_t)} WHERE id > %s AND organisation_id = %s "
                f"AND purpose = %s AND channel = %s AND person_id IN ({marks}) "
                "ON CONFLICT (person_id, purpose, channel) DO UPDATE SET "
                "granted = excluded.granted, since = excluded.since, "
                "event_id = excluded.event_id "
                f"WHERE {qn(state_t)}.since <= excluded.since",
                [True, before, org_pk, fields["purpose"], channel, *chunk],
            )
    return written


def _usable(org_pk: int, ids: list[int], skipped: Counter) -> list[int]:
    """The ids of people consent may be recorded for; the rest counted by reason."""
    usable = set()
    for start in range(0, len(ids), 10000):
        rows = Person.objects.filter(organisation_id=org_pk, pk__in=ids[start : start + 10000])
        for pk, erased_at, restricted in rows.values_list("pk", "erased_at", "restricted"):
            if erased_at is not None:
                skipped[Exclusion.ERASED] += 1
            elif restricted:
                skipped[Exclusion.RESTRICTED] += 1
            else:
                usable.add(pk)
    for pk in suppressed_people(org_pk, sorted(usable)):
        usable.discard(pk)
        skipped[Exclusion.SUPPRESSED] += 1
    return sorted(usable)


def suppressed_people(organisation, ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """{person id: the do-not-contact reasons} of the organisation's people (of `ids`, or
    all) one of whose contact details is on the do-not-contact list.

    The list holds keyed hashes only; each contact point keeps the digest the list would
    hold for it (ContactPoint.suppression_digest), so this is a join in SQL that returns
    the few people on the list, however many the organisation holds. A point whose
    digest is blank (written around the people services) is hashed here instead.
    """
    from lawful.people.models import ContactPoint
    from lawful.suppression.models import SuppressionEntry

    org_pk = _org_pk(organisation)
    listed = SuppressionEntry.objects.for_org(org_pk)
    if not listed.exists():
        return {}
    from lawful.suppression.services import contact_digest

    points = ContactPoint.objects.filter(organisation_id=org_pk)
    wanted = None if ids is None else set(ids)
    unhashed: dict[int, set[str]] = {}
    if wanted is not None and len(wanted) <= 10000:
        # A few people (one, for may_contact): their points by the person index.
        # Not filtered on the organisation in SQL: SQLite would then walk the
        # organisation's index rather than the person's; checked here instead.
        matched = []
        rows = ContactPoint.objects.filter(person_id__in=sorted(wanted)).values_list(
            "person_id",
            "suppression_digest",
            "kind",
            "normalised",
            "person__family_name",
            "organisation_id",
        )
        for pid, digest, kind, normalised, family_name, point_org in rows:
            if point_org != org_pk:
                continue
            digest = digest or contact_digest(org_pk, kind, normalised, family_name or "")
            if digest:
                matched.append((pid, digest))
    else:
        # The whole organisation: the list joined to the points, the few matches back.
        matched = list(
            points.filter(suppression_digest__in=listed.values("digest")).values_list(
                "person_id", "suppression_digest"
            )
        )
        unhashed = _unhashed_matches(org_pk, points, listed)
    reasons: dict[str, set[str]] = {}
    for digest, reason in listed.filter(digest__in={d for _, d in matched}).values_list(
        "digest", "reason"
    ):
        reasons.setdefault(digest, set()).add(reason)
    found: dict[int, set[str]] = {}
    for pid, digest in matched:
        if digest in reasons:
            found.setdefault(pid, set()).update(reasons[digest])
    for pid, person_reasons in unhashed.items():
        found.setdefault(pid, set()).update(person_reasons)
    if wanted is not None:
        found = {pid: r for pid, r in found.items() if pid in wanted}
    return found


def _unhashed_matches(org_pk: int, points, listed) -> dict[int, set[str]]:
    """{person id: reasons} for contact points with no digest kept (none, normally):
    each hashed and compared in Python, as before the digest was kept."""
    from lawful.suppression.services import contact_digest

    blank = points.filter(suppression_digest="").values_list(
        "person_id", "kind", "normalised", "person__family_name"
    )
    found: dict[int, set[str]] = {}
    entries = None
    for pid, kind, normalised, family_name in blank.iterator(chunk_size=10000):
        digest = contact_digest(org_pk, kind, normalised, family_name or "")
        if not digest:
            continue
        if entries is None:
            entries = {}
            for d, reason in listed.values_list("digest", "reason").iterator():
                entries.setdefault(d, set()).add(reason)
        if digest in entries:
            found.setdefault(pid, set()).update(entries[digest])
    return found


def suppression_conditions(organisation):
    """(objected, erased): conditions on a Person queryset (their contact points joined
    to the do-not-contact list): one of their details is listed for an objection to
    direct marketing, or for an erasure. None, None for an empty list."""
    from django.db.models import Exists, OuterRef, Q

    from lawful.people.models import ContactPoint
    from lawful.sql import sets_are_cheap
    from lawful.suppression.models import SuppressionEntry

    org_pk = _org_pk(organisation)
    listed = SuppressionEntry.objects.for_org(org_pk)
    if not listed.exists():
        return None, None
    Reason = SuppressionEntry.Reason
    points = ContactPoint.objects.filter(organisation_id=org_pk)
    unhashed = _unhashed_matches(org_pk, points, listed)

    def hit(reason):
        digests = listed.filter(reason=reason).values("digest")
        matching = points.filter(suppression_digest__in=digests)
        if sets_are_cheap():
            # The listed digests looked up once in the (organisation, digest) index and
            # the people found kept as a set.
            condition = Q(pk__in=matching.values("person_id"))
        else:
            condition = Q(Exists(matching.filter(person_id=OuterRef("pk"))))
        extra = sorted(pid for pid, reasons in unhashed.items() if reason in reasons)
        return condition | Q(pk__in=extra) if extra else condition

    return hit(Reason.OBJECTION_TO_MARKETING), hit(Reason.ERASURE)


def _link_on_consent(organisation, person_ids: list[int], purpose_id: str) -> None:
    """The people app's record that the person's data is processed for the purpose on
    their consent (what the person page, the rights desk and retention read): an open
    purpose link, made where none is open. Set-based; a link the register's sources do
    not allow is not made (the consent ledger still holds the consent)."""
    from lawful.people.models import PurposeLink
    from lawful.policy.vocab import LawfulBasis, Source

    purpose = _purpose(_register(organisation), purpose_id)
    if purpose is None or LawfulBasis.CONSENT not in purpose.basis_set:
        return
    source = Source.DATA_SUBJECT if Source.DATA_SUBJECT in purpose.sources else None
    if source is None:
        return
    from django.db import connection

    qn = connection.ops.quote_name
    link_t, person_t = PurposeLink._meta.db_table, Person._meta.db_table
    org_pk = _org_pk(organisation)
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    with connection.cursor() as cursor:
        for start in range(0, len(person_ids), BATCH):
            chunk = person_ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {qn(link_t)} (organisation_id, person_id, purpose_id, basis, "
                "source, since, ended) "
                f"SELECT organisation_id, id, %s, %s, %s, %s, NULL FROM {qn(person_t)} p "
                f"WHERE organisation_id = %s AND id IN ({marks}) AND NOT EXISTS ("
                f"SELECT 1 FROM {qn(link_t)} l WHERE l.person_id = p.id "
                "AND l.purpose_id = %s AND l.ended IS NULL)",
                [
                    purpose_id,
                    LawfulBasis.CONSENT.value,
                    source.value,
                    today,
                    org_pk,
                    *chunk,
                    purpose_id,
                ],
            )


def withdraw_consents(
    organisation,
    person: Person,
    *,
    method: str,
    actor=None,
    purposes: Iterable[str] | None = None,
    marketing_only: bool = False,
    evidence: str = "",
    wording: str = "Withdrawn.",
) -> list[tuple[str, str]]:
    """Withdraw every consent the person has given (to `purposes`, or to every purpose;
    with `marketing_only`, to direct-marketing purposes only), each recorded in the
    ledger; returns the (purpose, channel) pairs withdrawn. For the rights desk (a
    withdrawal or an objection, by any channel) and the preferences page."""
    method = _choice("method", method, ConsentMethod)
    try:
        register = register_in_force(organisation)
        known = {p.id: p for p in register.purposes}
    except NoRegisterInForce:
        known = {}
    wanted = None if purposes is None else set(purposes)
    withdrawn = []
    with transaction.atomic():
        granted = ConsentState.objects.filter(person=person, granted=True).order_by("pk")
        for state in granted:
            if wanted is not None and state.purpose not in wanted:
                continue
            purpose = known.get(state.purpose)
            if marketing_only and purpose is not None and not purpose.direct_marketing:
                continue
            if purpose is not None:
                record_consent(
                    organisation,
                    person,
                    purpose=state.purpose,
                    channel=state.channel,
                    action=ConsentAction.WITHDRAW,
                    method=method,
                    wording=wording,
                    actor=actor,
                    evidence=evidence,
                )
            else:
                _withdraw_unknown(person, state, method, actor, evidence, wording)
            withdrawn.append((state.purpose, state.channel))
    return withdrawn


def record_objection(
    organisation, person: Person, *, method: str, actor=None, evidence: str = ""
) -> int:
    """An objection to direct marketing (Art 21(3)): absolute and at once. Every consent
    the person has given to a direct-marketing purpose is withdrawn, and their contact
    details go on the do-not-contact list (so that no list, export or send includes
    them on any channel). Returns the number of consents withdrawn; audited."""
    from lawful.suppression.services import Reason, suppress_person

    method = _choice("method", method, ConsentMethod)
    evidence = _text("evidence", evidence, MAX_EVIDENCE)
    if person.organisation_id != _org_pk(organisation):
        raise InvalidValue("person", "this person is not a person of that organisation")
    if person.erased_at is not None:
        raise InvalidValue("person", "this person's data has been erased")
    with transaction.atomic():
        withdrawn = len(
            withdraw_consents(
                organisation,
                person,
                method=method,
                actor=actor,
                marketing_only=True,
                evidence=evidence,
                wording="Objected to direct marketing.",
            )
        )
        suppress_person(person, reason=Reason.OBJECTION_TO_MARKETING, actor=actor)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=person,
            summary=f"objected to direct marketing ({method}): {withdrawn} consent(s) withdrawn",
        )
    return withdrawn


def _withdraw_unknown(person, state, method, actor, evidence, wording) -> None:
    # A purpose since dropped from the register: the withdrawal is still recorded.
    at = timezone.now()
    event = ConsentEvent.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        purpose=state.purpose,
        channel=state.channel,
        action=ConsentAction.WITHDRAW,
        method=method,
        recorded_by=staff_member(actor),
        at=at,
        wording=wording,
        evidence=evidence,
    )
    state.granted, state.since, state.event = False, at, event
    state.save(update_fields=["granted", "since", "event"])


@dataclass
class ByContactResult:
    """What record_by_contact did: the number of matching records it recorded for, the
    (purpose, channel) withdrawals written, and whether the details given went on the
    do-not-contact list because no one held them."""

    matched: int = 0
    withdrawals: int = 0
    suppressed_unknown: bool = False


def record_by_contact(
    organisation,
    *,
    email: str = "",
    phone: str = "",
    objection: bool,
    choices: Iterable[tuple[str, str]] = (),
    method: str,
    actor=None,
    evidence: str = "",
) -> ByContactResult:
    """A withdrawal or an objection told to a member of staff (on the telephone, in
    person, by email or letter), found by the contact details the person gave: for the
    volunteer's page, which never shows whose record it touched.

    Every person of the organisation (not erased) with that email address or number,
    however written, is found through the normalised contact points. An `objection`
    to direct marketing goes through record_objection for each; otherwise each
    (purpose, channel) in `choices` is withdrawn through record_consent (recorded even
    where no consent was held, so that it stands as an opt-out). Where no one holds the
    details, an objection still puts them on the do-not-contact list (keyed hashes
    only), so that they are never used for marketing if they come in later; a
    withdrawal for one channel of details no one holds has nothing to withdraw and is
    only audited. All in one transaction; InvalidValue names the field.
    """
    from lawful.people.models import ContactPoint
    from lawful.people.normalise import normalise_email, normalise_phone
    from lawful.suppression.services import ContactDetails, Reason, suppress

    method = _choice("method", method, ConsentMethod)
    evidence = _text("evidence", evidence, MAX_EVIDENCE)
    email = normalise_email(email) if str(email or "").strip() else ""
    phone = normalise_phone(phone) if str(phone or "").strip() else ""
    if not email and not phone:
        raise InvalidValue("email", "give the email address or telephone number they gave")
    choices = list(dict.fromkeys((str(p), str(c)) for p, c in choices))
    if not objection:
        if not choices:
            raise InvalidValue("choices", "choose what they no longer want, or stop all marketing")
        register = _register(organisation)
        for purpose, channel in choices:
            try:
                _check_channel(register, purpose, channel, ConsentAction.WITHDRAW)
            except InvalidValue as exc:
                raise InvalidValue("choices", exc.message) from None
    org_pk = _org_pk(organisation)
    result = ByContactResult()
    with transaction.atomic():
        wanted = ContactPoint.objects.none()
        if email:
            wanted = wanted | ContactPoint.objects.filter(kind="email", normalised=email)
        if phone:
            wanted = wanted | ContactPoint.objects.filter(kind="phone", normalised=phone)
        ids = wanted.filter(organisation_id=org_pk).values("person_id")
        people = list(
            Person.objects.for_org(org_pk).filter(pk__in=ids, erased_at__isnull=True).order_by("pk")
        )
        result.matched = len(people)
        for person in people:
            if objection:
                record_objection(
                    organisation, person, method=method, actor=actor, evidence=evidence
                )
                continue
            for purpose, channel in choices:
                record_consent(
                    organisation,
                    person,
                    purpose=purpose,
                    channel=channel,
                    action=ConsentAction.WITHDRAW,
                    method=method,
                    wording="Withdrawn, as told to a member of staff.",
                    actor=actor,
                    evidence=evidence,
                    form="staff: record a withdrawal or objection",
                )
                result.withdrawals += 1
        given = ContactDetails(emails=(email,) if email else (), phones=(phone,) if phone else ())
        if objection:
            # The details as given, too: a match may hold only one of the two.
            added = suppress(org_pk, given, reason=Reason.OBJECTION_TO_MARKETING, actor=actor)
            result.suppressed_unknown = not people and added >= 0
        record(
            AuditAction.CHANGE,
            actor=actor,
            organisation=org_pk,
            summary=(
                f"{'objection to direct marketing' if objection else 'withdrawal'} told to "
                f"staff ({method}), found by contact details: {result.matched} matching "
                f"record(s)"
                + ("" if objection else f"; {', '.join(f'{p} by {c}' for p, c in choices)}")
            ),
        )
    return result
