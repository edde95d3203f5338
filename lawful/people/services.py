"""Every change to a person's data, each checked, audited and committed as one.

A service function checks its input first (normalising contact details, checking
purposes against the register) and raises `InvalidValue` naming the field; only then
does it write, inside one `transaction.atomic()` with its audit event, so a change and
its record of having happened commit together or not at all. Audit summaries name
fields, never values.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy.register import Register, parse_register
from lawful.policy.vocab import LawfulBasis, Source

from .models import Alias, ContactPoint, Person, PurposeLink, refresh_suppression_digests
from .normalise import InvalidValue, normalise_email, normalise_phone, normalise_postcode

__all__ = [
    "InvalidValue",
    "PostalAddress",
    "PurposeClaim",
    "add_alias",
    "add_contact_point",
    "check_purpose",
    "check_purpose_in_force",
    "contact_lookup",
    "create_person",
    "delete_person",
    "end_purpose",
    "erase_person",
    "lift_restriction",
    "find_by_contact",
    "link_purpose",
    "normalise_address_lines",
    "normalise_contact",
    "record_view",
    "remove_alias",
    "remove_contact_point",
    "restrict_person",
    "update_alias",
    "update_contact_point",
    "update_person",
    "update_purpose_link",
]

Kind = ContactPoint.Kind
PERSON_FIELDS = ("title", "given_name", "family_name", "ward")


@dataclass(frozen=True)
class PostalAddress:
    address_lines: str
    postcode: str


@dataclass(frozen=True)
class PurposeClaim:
    """That a person's data is processed for `purpose_id`, on `basis`, from `source`."""

    purpose_id: str
    basis: LawfulBasis | str
    source: Source | str
    since: date | None = None  # None: today


# --- Checking input ------------------------------------------------------------------


def _text(field: str, value, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise InvalidValue(field, f"at most {max_length} characters, not {len(text)}")
    return text


def _person_fields(changes: Mapping) -> dict[str, str]:
    unknown = sorted(set(changes) - set(PERSON_FIELDS))
    if unknown:
        raise InvalidValue(
            unknown[0],
            f"not a field of a person that can be changed here "
            f"(these can: {', '.join(PERSON_FIELDS)})",
        )
    return {
        name: _text(name, value, Person._meta.get_field(name).max_length)
        for name, value in changes.items()
    }


def normalise_contact(kind: str, value: str) -> str:
    """The normal form of a contact point's value for its kind."""
    if kind == Kind.EMAIL:
        return normalise_email(value)
    if kind == Kind.PHONE:
        return normalise_phone(value)
    if kind == Kind.POSTAL:
        return normalise_postcode(value)
    raise InvalidValue("kind", f"{kind!r} is not one of: {', '.join(Kind.values)}")


def normalise_address_lines(text) -> str:
    """Address lines as stored: Unix line endings (a browser's form sends CRLF), no
    trailing spaces, no blank lines, so the same address saved again is no change."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _contact_point(kind: str, value: str, address_lines: str = "") -> ContactPoint:
    """An unsaved contact point, its value normalised (raises InvalidValue)."""
    normalised = normalise_contact(kind, value)
    entered = _text(kind, value, ContactPoint._meta.get_field("value").max_length)
    lines = normalise_address_lines(address_lines)
    if kind == Kind.POSTAL:
        if not lines:
            raise InvalidValue("address_lines", "a postal address needs its address lines")
        return ContactPoint(
            kind=kind,
            value=entered,
            normalised=normalised,
            address_lines=lines,
            postcode=normalised,
        )
    if lines:
        raise InvalidValue("address_lines", f"only a postal address has address lines, not {kind}")
    return ContactPoint(kind=kind, value=entered, normalised=normalised)


def check_purpose_in_force(organisation, claim: PurposeClaim | Sequence) -> PurposeClaim:
    """check_purpose() against the organisation's register in force (never a draft).

    A purpose that exists only in a draft is refused, naming the draft: a new purpose
    needs its notice adopted before the processing starts.
    """
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce as exc:
        raise InvalidValue("purposes", str(exc)) from None
    if not isinstance(claim, PurposeClaim):
        claim = PurposeClaim(*claim)
    if not any(p.id == claim.purpose_id for p in register.purposes):
        draft = _draft_with_purpose(organisation, claim.purpose_id)
        if draft is not None:
            raise InvalidValue(
                "purposes",
                f"{claim.purpose_id!r} is only in draft version {draft} of the register, "
                "not in the register in force: adopt that version before processing "
                "for it (a new purpose needs a notice before it starts)",
            )
    return check_purpose(register, claim)


def _draft_with_purpose(organisation, purpose_id: str) -> str | None:
    from lawful.notices.services import drafts

    for version, text in drafts(organisation).values_list("version", "register_text"):
        register, _ = parse_register(text)
        if register is not None and any(p.id == purpose_id for p in register.purposes):
            return version
    return None


def check_purpose(register: Register, claim: PurposeClaim | Sequence) -> PurposeClaim:
    """The claim as a PurposeClaim of vocabulary terms, if the register allows it.

    Refused: a purpose the register does not list, a lawful basis or a source its
    purpose does not state (the notice would then be untrue).
    """
    if not isinstance(claim, PurposeClaim):
        claim = PurposeClaim(*claim)
    if register is None:
        raise InvalidValue("purposes", "a register is needed to check purposes against")
    purpose = next((p for p in register.purposes if p.id == claim.purpose_id), None)
    if purpose is None:
        raise InvalidValue("purposes", f"{claim.purpose_id!r} is not a purpose in the register")
    stated = [choice.basis for choice in purpose.bases]
    if claim.basis not in LawfulBasis.slugs():
        raise InvalidValue("purposes", f"{claim.basis!r} is not a lawful basis")
    basis = LawfulBasis(claim.basis)
    if basis not in stated:
        raise InvalidValue(
            "purposes",
            f"purpose {purpose.id!r} does not state the lawful basis {basis.value!r} "
            f"(it states: {', '.join(stated)})",
        )
    if claim.source not in Source.slugs():
        raise InvalidValue("purposes", f"{claim.source!r} is not a source of personal data")
    source = Source(claim.source)
    if source not in purpose.sources:
        raise InvalidValue(
            "purposes",
            f"purpose {purpose.id!r} does not state the source {source.value!r} "
            f"(it states: {', '.join(purpose.sources)})",
        )
    since = claim.since or timezone.localdate()
    return PurposeClaim(purpose.id, basis, source, since)


def _as_postal(postal) -> list[PostalAddress]:
    if postal is None:
        return []
    if isinstance(postal, PostalAddress | Mapping):
        postal = [postal]
    return [p if isinstance(p, PostalAddress) else PostalAddress(**p) for p in postal]


# --- People --------------------------------------------------------------------------


def create_person(
    *,
    organisation,
    actor,
    given_name: str,
    family_name: str,
    title: str = "",
    ward: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    postal: PostalAddress | Mapping | Iterable[PostalAddress | Mapping] | None = None,
    aliases: Iterable[str | tuple[str, str]] = (),
    purposes: Iterable[PurposeClaim | Sequence] = (),
) -> Person:
    """Create a person with their contact points, aliases and purposes; audited CREATE.

    The first of each kind of contact point is the primary one; the same address given
    twice is kept once. purposes: PurposeClaims or (purpose_id, basis, source[, since])
    tuples, each checked against the organisation's register in force.
    Raises InvalidValue naming the field, and writes nothing, on bad input.
    """
    fields = _person_fields(
        {"title": title, "given_name": given_name, "family_name": family_name, "ward": ward}
    )
    if not (fields["given_name"] or fields["family_name"]):
        raise InvalidValue("name", "a given name or a family name is required")
    person = Person(organisation=organisation, **fields)

    contact_points: list[ContactPoint] = []
    seen: set[tuple[str, str]] = set()
    wanted = [(Kind.EMAIL, e, "") for e in emails] + [(Kind.PHONE, p, "") for p in phones]
    wanted += [(Kind.POSTAL, p.postcode, p.address_lines) for p in _as_postal(postal)]
    for kind, value, lines in wanted:
        point = _contact_point(kind, value, lines)
        if (kind, point.normalised) in seen:
            continue
        point.is_primary = not any(k == kind for k, _ in seen)
        seen.add((kind, point.normalised))
        contact_points.append(point)

    alias_rows = []
    for alias in aliases:
        name, kind = (alias, Alias.Kind.KNOWN_AS) if isinstance(alias, str) else alias
        alias_rows.append(_alias(name, kind))

    claims = [check_purpose_in_force(organisation, claim) for claim in purposes]
    ids = [c.purpose_id for c in claims]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise InvalidValue("purposes", f"{twice!r} is given twice")
    _refuse_if_suppressed(organisation, contact_points, fields["family_name"], ids)

    with transaction.atomic():
        person.save()
        for row in (*contact_points, *alias_rows):
            row.person = person
            row.organisation = organisation
        for point in contact_points:
            point.set_suppression_digest(person.family_name)
        ContactPoint.objects.bulk_create(contact_points)
        Alias.objects.bulk_create(alias_rows)
        PurposeLink.objects.bulk_create(
            PurposeLink(
                organisation=organisation,
                person=person,
                purpose_id=c.purpose_id,
                basis=c.basis,
                source=c.source,
                since=c.since,
            )
            for c in claims
        )
        record(AuditAction.CREATE, actor=actor, target=person, summary="created person")
    return person


def update_person(person: Person, *, actor, **changes) -> list[str]:
    """Change a person's name, title or ward; audited CHANGE naming the fields changed.

    Returns the names of the fields that changed (nothing is written if none did).
    """
    _refuse_if_erased(person)
    cleaned = _person_fields(changes)
    merged = {name: getattr(person, name) for name in PERSON_FIELDS} | cleaned
    if not (merged["given_name"] or merged["family_name"]):
        raise InvalidValue("name", "a given name or a family name is required")
    changed = [n for n in PERSON_FIELDS if n in cleaned and cleaned[n] != getattr(person, n)]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(person, name, cleaned[name])
        person.save(update_fields=[*changed, "updated_at"])
        if "family_name" in changed:
            refresh_suppression_digests(person)
        record(AuditAction.CHANGE, actor=actor, target=person, summary=_changed_fields(changed))
    return changed


def delete_person(person: Person, *, actor) -> None:
    """Delete a person and everything held about them here; audited DELETE.

    The audit event outlives the person: it keeps their id, not their data.
    """
    with transaction.atomic():
        record(AuditAction.DELETE, actor=actor, target=person, summary="deleted person")
        person.delete()


def _refuse_if_erased(person: Person) -> None:
    if person.erased_at is not None:
        raise InvalidValue("person", "this person's data has been erased: nothing can be added")


def _refuse_if_restricted(person: Person, doing: str) -> None:
    # Restriction (Art 18): store, correct, stop using; nothing new is done with the data.
    if person.restricted:
        raise InvalidValue(
            "person",
            f"processing of this person's data is restricted: it may be stored and "
            f"corrected but not {doing} until the restriction is lifted",
        )


def _refuse_if_suppressed(organisation, points, family_name: str, purpose_ids) -> None:
    """Refuse details on the do-not-contact list (lawful.suppression): an erased person
    is not brought back by a later import, and someone who objected to marketing is not
    put on a direct-marketing purpose again."""
    from lawful.suppression.services import ContactDetails, refuse_if_suppressed

    details = ContactDetails(
        emails=tuple(p.normalised for p in points if p.kind == Kind.EMAIL),
        phones=tuple(p.normalised for p in points if p.kind == Kind.PHONE),
        postal=tuple((p.postcode, family_name) for p in points if p.kind == Kind.POSTAL),
    )
    refuse_if_suppressed(
        organisation,
        details,
        marketing=lambda: _any_direct_marketing(organisation, purpose_ids),
    )


def _any_direct_marketing(organisation, purpose_ids) -> bool:
    try:
        register = register_in_force(getattr(organisation, "pk", organisation))
    except NoRegisterInForce:
        return False
    wanted = set(purpose_ids)
    return any(p.direct_marketing for p in register.purposes if p.id in wanted)


def _open_purpose_ids(person: Person) -> list[str]:
    return list(person.purposes.filter(ended__isnull=True).values_list("purpose_id", flat=True))


def record_view(person: Person, *, actor) -> None:
    """Record that `actor` opened this person's record."""
    with transaction.atomic():
        record(AuditAction.VIEW, actor=actor, target=person, summary="viewed person")


def _changed_fields(names: Iterable[str], what: str = "") -> str:
    return f"changed {what}fields: {', '.join(names)}"


def _touch(person: Person) -> None:
    person.save(update_fields=["updated_at"])


def _save_part_changes(part, values: Mapping, changed: list[str], *, actor, what: str) -> None:
    """Save the changed fields of a person's alias or purpose link, audited as a CHANGE.

    Call inside the caller's transaction, after its checks.
    """
    for name in changed:
        setattr(part, name, values[name])
    part.save(update_fields=changed)
    _touch(part.person)
    record(
        AuditAction.CHANGE,
        actor=actor,
        target=part,
        person=part.person_id,
        summary=_changed_fields(changed, f"{what} "),
    )


# --- Contact points ------------------------------------------------------------------


def add_contact_point(
    person: Person,
    *,
    actor,
    kind: str,
    value: str,
    address_lines: str = "",
    is_primary: bool = False,
) -> ContactPoint:
    """Add an email, phone or postal address (value: the postcode) to a person.

    The first of its kind becomes primary; is_primary=True makes it primary in place
    of the current one. Refused if the person already has it, however written.
    """
    _refuse_if_erased(person)
    point = _contact_point(kind, value, address_lines)
    _refuse_if_suppressed(
        person.organisation_id, [point], person.family_name, _open_purpose_ids(person)
    )
    with transaction.atomic():
        same_kind = ContactPoint.objects.select_for_update().filter(person=person, kind=kind)
        if same_kind.filter(normalised=point.normalised).exists():
            raise InvalidValue(kind, "this person already has it")
        point.person = person
        point.organisation_id = person.organisation_id
        point.is_primary = is_primary or not same_kind.exists()
        if point.is_primary:
            same_kind.filter(is_primary=True).update(is_primary=False)
        point.save()
        _touch(person)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=point,
            person=person,
            summary=f"added contact point: {point.kind}",
        )
    return point


def update_contact_point(point: ContactPoint, *, actor, **changes) -> list[str]:
    """Change a contact point's kind, value, address lines or primary flag; audited CHANGE.

    Returns the names of the fields that changed (nothing is written if none did).
    """
    fields = ("kind", "value", "address_lines", "is_primary")
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise InvalidValue(unknown[0], "not a field of a contact point that can be changed here")
    fresh = _contact_point(
        changes.get("kind", point.kind),
        changes.get("value", point.value),
        changes.get("address_lines", point.address_lines),
    )
    fresh.is_primary = bool(changes.get("is_primary", point.is_primary))
    changed = [name for name in fields if getattr(fresh, name) != getattr(point, name)]
    if not changed:
        return []
    if fresh.normalised != point.normalised:
        person = point.person
        _refuse_if_suppressed(
            person.organisation_id, [fresh], person.family_name, _open_purpose_ids(person)
        )
    with transaction.atomic():
        others = ContactPoint.objects.filter(person_id=point.person_id, kind=fresh.kind).exclude(
            pk=point.pk
        )
        if others.filter(normalised=fresh.normalised).exists():
            raise InvalidValue(fresh.kind, "this person already has it")
        if fresh.is_primary:
            others.filter(is_primary=True).update(is_primary=False)
        for name in ("kind", "value", "normalised", "address_lines", "postcode", "is_primary"):
            setattr(point, name, getattr(fresh, name))
        point.save()
        _touch(point.person)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=point,
            person=point.person_id,
            summary=_changed_fields(changed, f"{point.kind} contact point "),
        )
    return changed


def remove_contact_point(point: ContactPoint, *, actor) -> None:
    """Remove a contact point; audited CHANGE on the person (the point itself is gone)."""
    with transaction.atomic():
        person = point.person
        kind, was_primary = point.kind, point.is_primary
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=person,
            summary=f"removed contact point: {kind}",
        )
        point.delete()
        if was_primary:
            successor = person.contact_points.filter(kind=kind).order_by("pk").first()
            if successor:
                successor.is_primary = True
                successor.save(update_fields=["is_primary"])
        _touch(person)


def contact_lookup(value: str) -> tuple[str, str]:
    """(kind, normalised value) of an email address, phone number or postcode.

    An '@' means an email address; otherwise a phone number, then a postcode. A value
    that is none of these raises InvalidValue ("contact: ...").
    """
    text = str(value).strip()
    if "@" in text:
        return Kind.EMAIL, normalise_email(text)
    try:
        return Kind.PHONE, normalise_phone(text)
    except InvalidValue:
        pass
    try:
        return Kind.POSTAL, normalise_postcode(text)
    except InvalidValue:
        raise InvalidValue(
            "contact", f"{value!r} is not an email address, phone number or postcode"
        ) from None


def find_by_contact(organisation, value: str) -> QuerySet[Person]:
    """The organisation's people with this email address, phone number or postcode,
    however written (see contact_lookup; InvalidValue if it is none of these)."""
    kind, normalised = contact_lookup(value)
    # Driven from the contact points: the index on their (organisation, kind,
    # normalised) finds the few matching rows whatever the size of the organisation,
    # and each person is then fetched by primary key (a join could start from the
    # organisation's people instead, which is every person of a large organisation).
    matches = (
        ContactPoint.objects.for_org(organisation)
        .filter(kind=kind, normalised=normalised)
        .values("person_id")
    )
    return Person.objects.for_org(organisation).filter(pk__in=matches)


# --- Aliases -------------------------------------------------------------------------


def _alias(name: str, kind: str) -> Alias:
    text = _text("alias", name, Alias._meta.get_field("name").max_length)
    if not text:
        raise InvalidValue("alias", "the name is empty")
    if kind not in Alias.Kind.values:
        raise InvalidValue("alias", f"kind {kind!r} is not one of: {', '.join(Alias.Kind.values)}")
    return Alias(name=text, kind=kind)


def add_alias(person: Person, *, actor, name: str, kind: str = Alias.Kind.KNOWN_AS) -> Alias:
    _refuse_if_erased(person)
    alias = _alias(name, kind)
    with transaction.atomic():
        alias.person = person
        alias.organisation_id = person.organisation_id
        alias.save()
        _touch(person)
        record(AuditAction.CHANGE, actor=actor, target=alias, person=person, summary="added alias")
    return alias


def update_alias(alias: Alias, *, actor, **changes) -> list[str]:
    unknown = sorted(set(changes) - {"name", "kind"})
    if unknown:
        raise InvalidValue(unknown[0], "not a field of an alias that can be changed here")
    fresh = _alias(changes.get("name", alias.name), changes.get("kind", alias.kind))
    changed = [n for n in ("name", "kind") if getattr(fresh, n) != getattr(alias, n)]
    if not changed:
        return []
    with transaction.atomic():
        values = {name: getattr(fresh, name) for name in changed}
        _save_part_changes(alias, values, changed, actor=actor, what="alias")
    return changed


def remove_alias(alias: Alias, *, actor) -> None:
    with transaction.atomic():
        person = alias.person
        record(AuditAction.CHANGE, actor=actor, target=person, summary="removed alias")
        alias.delete()
        _touch(person)


# --- Purposes ------------------------------------------------------------------------


def link_purpose(
    person: Person,
    *,
    actor,
    purpose_id: str,
    basis: LawfulBasis | str,
    source: Source | str,
    since: date | None = None,
) -> PurposeLink:
    """Record that the person's data is now processed for a purpose; audited CHANGE.

    Refused if the organisation's register in force does not allow it (a purpose only
    in a draft included), the purpose is already linked, or the person's data is
    restricted or erased.
    """
    _refuse_if_erased(person)
    _refuse_if_restricted(person, f"processed for {purpose_id!r}")
    claim = check_purpose_in_force(person.organisation_id, (purpose_id, basis, source, since))
    _refuse_if_suppressed(
        person.organisation_id,
        list(person.contact_points.all()),
        person.family_name,
        [claim.purpose_id],
    )
    with transaction.atomic():
        open_links = PurposeLink.objects.select_for_update().filter(
            person=person, purpose_id=claim.purpose_id, ended__isnull=True
        )
        if open_links.exists():
            raise InvalidValue("purposes", f"{claim.purpose_id!r} is already linked to this person")
        link = PurposeLink.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            purpose_id=claim.purpose_id,
            basis=claim.basis,
            source=claim.source,
            since=claim.since,
        )
        _touch(person)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=link,
            person=person,
            summary=f"linked purpose {claim.purpose_id}",
        )
    return link


def end_purpose(
    person: Person, *, actor, purpose_id: str, ended: date | None = None
) -> PurposeLink:
    """End the person's open link to a purpose (from `ended`, default today)."""
    ended = ended or timezone.localdate()
    with transaction.atomic():
        link = (
            PurposeLink.objects.select_for_update()
            .filter(person=person, purpose_id=purpose_id, ended__isnull=True)
            .first()
        )
        if link is None:
            raise InvalidValue("purposes", f"{purpose_id!r} is not linked to this person")
        if ended < link.since:
            raise InvalidValue("ended", f"{ended} is before the link began ({link.since})")
        link.ended = ended
        link.save(update_fields=["ended"])
        _touch(person)
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=link,
            person=person,
            summary=f"ended purpose {purpose_id}",
        )
    return link


def update_purpose_link(link: PurposeLink, *, actor, **changes) -> list[str]:
    """Correct a purpose link's basis, source or dates, within what the register allows."""
    fields = ("purpose_id", "basis", "source", "since", "ended")
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise InvalidValue(unknown[0], "not a field of a purpose link that can be changed here")
    wanted = {name: changes.get(name, getattr(link, name)) for name in fields}
    if link.ended is not None and wanted["ended"] is None:
        # Reopening an ended link is processing again.
        person = Person.objects.only("restricted", "erased_at").get(pk=link.person_id)
        _refuse_if_erased(person)
        _refuse_if_restricted(person, f"processed for {wanted['purpose_id']!r} again")
    claim = check_purpose_in_force(
        link.organisation_id,
        (wanted["purpose_id"], wanted["basis"], wanted["source"], wanted["since"] or link.since),
    )
    wanted.update(purpose_id=claim.purpose_id, basis=claim.basis, source=claim.source)
    if wanted["ended"] is not None and wanted["ended"] < claim.since:
        raise InvalidValue("ended", f"{wanted['ended']} is before the link began ({claim.since})")
    changed = [name for name in fields if wanted[name] != getattr(link, name)]
    if not changed:
        return []
    with transaction.atomic():
        if wanted["ended"] is None and (
            PurposeLink.objects.filter(
                person_id=link.person_id, purpose_id=wanted["purpose_id"], ended__isnull=True
            )
            .exclude(pk=link.pk)
            .exists()
        ):
            raise InvalidValue(
                "purposes", f"{wanted['purpose_id']!r} is already linked to this person"
            )
        _save_part_changes(link, wanted, changed, actor=actor, what="purpose link")
    return changed


# --- Erasure and restriction (the registry's people source calls these) ---------------


@dataclass(frozen=True)
class ErasureResult:
    erased: list[str]
    kept: list[str]


def _erasure_refusals(person: Person) -> list[str]:
    """Why the person's data must be kept: one line per open purpose link whose basis
    makes erasure not apply (Art 17(3)(b): a legal obligation or a public task)."""
    from lawful.policy.rights import erasure_decision, rights_for_basis
    from lawful.policy.vocab import Right

    try:
        purposes = {p.id: p for p in register_in_force(person.organisation_id).purposes}
    except NoRegisterInForce:
        purposes = {}
    reasons = []
    for link in person.purposes.filter(ended__isnull=True):
        basis = LawfulBasis(link.basis)
        purpose = purposes.get(link.purpose_id)
        rule = (
            erasure_decision(purpose, basis)
            if purpose is not None
            else rights_for_basis(basis)[Right.ERASURE]
        )
        if not rule.available:
            name = purpose.name if purpose is not None else link.purpose_id
            reasons.append(f"{name} ({basis.label}): {rule.explanation}")
    return reasons


def erase_person(person: Person, *, actor) -> ErasureResult:
    """Erase a person's data as the rights rules allow; audited DELETE.

    Where an open purpose's basis makes erasure not apply (a legal obligation, a public
    task), everything is kept and the reasons returned. Otherwise their aliases and
    contact points are deleted, their open purposes ended, and the person kept only as
    an anonymous record (no name, no ward), so the audit log's person id and the ended
    purposes (the history of the bases we held their data on) still mean something.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            return ErasureResult(erased=[], kept=[])
        refusals = _erasure_refusals(person)
        if refusals:
            return ErasureResult(erased=[], kept=refusals)
        points = ContactPoint.objects.filter(person=person)
        aliases = Alias.objects.filter(person=person)
        erased = [
            "name, title and ward",
            f"{points.count()} contact point(s)",
            f"{aliases.count()} alias(es)",
        ]
        points.delete()
        aliases.delete()
        ended = person.purposes.filter(ended__isnull=True)
        today = timezone.localdate()
        for link in ended:
            link.ended = max(today, link.since)
            link.save(update_fields=["ended"])
        person.title = person.given_name = person.family_name = person.ward = ""
        person.erased_at = timezone.now()
        person.save(
            update_fields=["title", "given_name", "family_name", "ward", "erased_at", "updated_at"]
        )
        record(AuditAction.DELETE, actor=actor, target=person, summary="erased person")
    kept = ["an anonymous record that a person was held, with the purposes and bases ended"]
    return ErasureResult(erased=erased, kept=kept)


def restrict_person(person: Person, *, actor) -> bool:
    """Restrict processing of a person's data (store only); audited. False if it was."""
    return _set_restricted(person, True, actor=actor)


def lift_restriction(person: Person, *, actor) -> bool:
    return _set_restricted(person, False, actor=actor)


def _set_restricted(person: Person, restricted: bool, *, actor) -> bool:
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.restricted == restricted:
            return False
        person.restricted = restricted
        person.save(update_fields=["restricted", "updated_at"])
        summary = "restricted processing" if restricted else "lifted the restriction"
        record(AuditAction.CHANGE, actor=actor, target=person, summary=summary)
    return True


def recompute_suppression_digests(organisation=None, *, batch: int = 5000) -> int:
    """Recompute every contact point's do-not-contact digest (of the organisation, or of
    all) under LAWFUL_SUPPRESSION_KEY as set now: needed after the key is first set or
    changed, or the list's joins would miss people whose digests were made without it.
    A batch a transaction (a rerun after an interruption redoes what is left; the
    digests are a pure function of the point). Audited per organisation, with counts
    only. Returns the number of points whose digest changed."""
    from lawful.organisations.models import Organisation
    from lawful.suppression.services import contact_digest

    organisations = [organisation] if organisation is not None else Organisation.objects.all()
    changed_in_all = 0
    for org in organisations:
        points = ContactPoint.objects.filter(organisation=org).order_by("pk")
        rows = points.values_list(
            "pk", "kind", "normalised", "person__family_name", "suppression_digest"
        )
        changed_here, last = 0, 0
        while chunk := list(rows.filter(pk__gt=last)[:batch]):
            last = chunk[-1][0]
            changed = [
                ContactPoint(pk=pk, suppression_digest=new)
                for pk, kind, normalised, family_name, old in chunk
                if (new := contact_digest(org.pk, kind, normalised, family_name or "")) != old
            ]
            with transaction.atomic():
                ContactPoint.objects.bulk_update(changed, ["suppression_digest"], batch_size=1000)
            changed_here += len(changed)
        record(
            AuditAction.CHANGE,
            actor=None,
            organisation=org,
            summary=f"recomputed the do-not-contact digests: {changed_here} contact points changed",
        )
        changed_in_all += changed_here
    return changed_in_all
