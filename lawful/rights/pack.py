"""The access pack (UK GDPR Art 15): everything held about a person, and what they are
owed to be told about it.

    pack = gather_pack(organisation, person)   # pure data, no files
    pack.records          # {source key: [record, ...]} from every app in the registry
    pack.supplementary    # purposes, categories, recipients, retention, source, rights,
                          # complaints (to us, the ICO, the courts), automated decisions
    pack.mentions         # other people's data found inside the records (to decide on)

Every record comes through `lawful.registry.export_for`, so an app that joins the
registry is in the pack without anyone remembering to add it. The supplementary
information is taken from the register in force through the notice's own building
blocks (lawful.policy.notice), so the pack and the notice cannot disagree.

Other people's personal data (a neighbour named in a complaint) is found by looking up
every name, email address, phone number and postcode written in the records in the
organisation's people search indexes: a match with another person of the organisation
is a `Mention` for the clerk to withhold or release (lawful.rights.pack_service records
each decision). `redacted(pack, withheld)` is the pack with the withheld text replaced.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from lawful import registry
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import Alias, ContactPoint, Person, PurposeLink
from lawful.people.normalise import InvalidValue, normalise_email, normalise_phone
from lawful.people.search import search
from lawful.policy.notice import (
    BASIS_NAME,
    build_notice,
    describe_basis,
    describe_retention,
    notice_data,
)
from lawful.policy.register import Purpose, Register
from lawful.policy.rights import rights_for_basis, rights_for_purpose
from lawful.policy.vocab import ICO_CONTACT, LawfulBasis, Source

__all__ = [
    "AccessPack",
    "Mention",
    "WITHHELD",
    "gather_pack",
    "find_mentions",
    "redacted",
]

FORMAT = "lawful-access-pack/1"
WITHHELD = "[withheld: information about another person]"
# The notice sections that are the supplementary information owed to everyone.
GENERAL_SECTIONS = ("who-we-are", "your-rights", "sharing", "transfers")
COURTS = (
    "You may also go to court to enforce your rights or to claim compensation "
    "(UK GDPR Articles 79 and 82; Data Protection Act 2018 sections 167 to 169)."
)


@dataclass(frozen=True)
class Mention:
    """Another person's data inside the pack: `where` in the pack (a path such as
    "rights/request#12/details"), `what` was written there, and who it is."""

    where: str
    what: str
    other_person_id: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.where, self.what)


@dataclass(frozen=True)
class AccessPack:
    controller: dict[str, str]
    person: dict[str, Any]
    generated_at: datetime
    records: dict[str, list[dict[str, Any]]]
    source_labels: dict[str, str]
    supplementary: dict[str, Any]
    mentions: list[Mention] = field(default_factory=list)
    withheld: list[dict[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """The pack as data.json holds it."""
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "controller": self.controller,
            "person": self.person,
            "records": {
                key: {"label": self.source_labels.get(key, key), "records": rows}
                for key, rows in self.records.items()
            },
            "supplementary": self.supplementary,
            # Where something was withheld and why, never what.
            "withheld": self.withheld,
        }

    def record_count(self) -> int:
        return sum(len(rows) for rows in self.records.values())


# --- Gathering ------------------------------------------------------------------------


def gather_pack(organisation, person: Person, *, find_others: bool = True) -> AccessPack:
    """Everything the organisation holds about the person, from every registry source,
    with the supplementary information from the register in force and (unless
    `find_others` is off) the other people mentioned in it."""
    records = registry.export_for(organisation, person)  # checks person belongs to org
    labels = {s.key: s.label for s in registry.sources()}
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        register = None
    links = list(PurposeLink.objects.for_org(organisation).filter(person=person))
    pack = AccessPack(
        controller=_controller(organisation, register),
        person={"id": person.pk, "name": person.display_name},
        generated_at=timezone.now(),
        records=records,
        source_labels=labels,
        supplementary=supplementary_information(register, links),
    )
    if find_others:
        found = find_mentions(organisation, person, records)
        # Sources that record other people explicitly (a case's third parties) say so.
        found += [
            Mention(where, what, other)
            for s in registry.sources()
            if hasattr(s, "mentions")
            for where, what, other in s.mentions(organisation, person)
        ]
        unique = {(m.where, m.what): m for m in found}
        pack = replace(pack, mentions=sorted(unique.values(), key=lambda m: (m.where, m.what)))
    return pack


def _controller(organisation, register: Register | None) -> dict[str, str]:
    if register is None:
        return {"name": organisation.name}
    c = register.controller
    return {
        "name": c.name,
        "address": c.address,
        "email": c.email,
        "phone": c.phone,
        "website": c.website,
        "data_protection_lead": c.data_protection_lead.name,
    }


def supplementary_information(register: Register | None, links: Iterable[PurposeLink]) -> dict:
    """What Art 15(1)(a)-(h) and (2) say the person must be told besides the copy."""
    complain = {
        "to_us": "Please tell us first if you are unhappy with how we have used your "
        "information or answered this request.",
        "to_the_ico": dict(ICO_CONTACT),
        "to_the_courts": COURTS,
    }
    if register is None:
        return {
            "register_in_force": False,
            "your_purposes": [],
            "general": {},
            "right_to_complain": complain,
        }
    c = register.controller
    complain["to_us"] += f" Contact {c.name}: " + ", ".join(
        x for x in (c.email, c.phone, c.address) if x
    )
    by_id = {p.id: p for p in register.purposes}
    return {
        "register_in_force": True,
        "register_version": (
            register.document.current_version.version if register.document.current_version else ""
        ),
        "your_purposes": [
            _purpose_held(register, by_id.get(link.purpose_id), link) for link in links
        ],
        "purposes": [
            {"id": p.id, "name": p.name, "description": p.description} for p in register.purposes
        ],
        "automated_decision_making": register.automated_decision_making
        or "We do not make decisions about you by automated means alone.",
        "general": _general_sections(register),
        "right_to_complain": complain,
    }


_GENERAL: dict[str, dict] = {}


def _general_sections(register: Register) -> dict:
    """The notice's sections owed to everyone, made once per register text (a register
    in force is never edited: a new version is a new text)."""
    key = register.source
    if key not in _GENERAL or not key:
        if len(_GENERAL) > 64:
            _GENERAL.clear()
        notice = notice_data(build_notice(register))
        _GENERAL[key] = {s["id"]: s for s in notice["sections"] if s["id"] in GENERAL_SECTIONS}
    return copy.deepcopy(_GENERAL[key])


def _purpose_held(register: Register, purpose: Purpose | None, link: PurposeLink) -> dict:
    held = {
        "purpose": link.purpose_id,
        "lawful_basis": BASIS_NAME.get(LawfulBasis(link.basis), link.basis),
        "since": link.since.isoformat(),
        "ended": link.ended.isoformat() if link.ended else None,
        "source": Source(link.source).label,
    }
    if purpose is None:
        held["note"] = "This purpose is no longer in the register in force."
        return held
    basis = LawfulBasis(link.basis)
    rules = rights_for_purpose(purpose).get(basis) or rights_for_basis(basis)
    held.update(
        {
            "name": purpose.name,
            "description": purpose.description,
            "basis_in_words": describe_basis(purpose),
            "categories": [c.label for c in purpose.data_categories],
            "sources": [s.label for s in purpose.sources],
            "recipients": [
                register.recipients[r].name for r in purpose.recipients if r in register.recipients
            ],
            "transfers": [
                {"recipient": t.recipient, "country": t.country} for t in purpose.transfers
            ],
            "retention": describe_retention(purpose.retention),
            "rights": [
                {
                    "right": right.label,
                    "applies": rule.applies.value,
                    "explanation": rule.explanation,
                }
                for right, rule in rules.items()
            ],
            "automated_decision": (
                purpose.automated_decision.description if purpose.automated_decision else None
            ),
        }
    )
    return held


# --- Other people inside the pack ---------------------------------------------------------

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
# Two or more capitalised words in a row: "Alan Smith", "Mary-Jane O'Neill".
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")
# A postcode alone is not looked up: it names a street, not a person.
MAX_LOOKUPS = 500
# Sources that cannot hold anyone else's data, so are not searched: the person's own
# identity and contact details (people), and the audit log, whose summaries never copy
# personal data (lawful.audit.services.record).
OWN_DATA_ONLY = frozenset({"people", "audit"})
_WORTH_LOOKING = re.compile(r"[A-Z@]|\d{6}")


def _strings(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            yield from _strings(inner, (*path, str(i)))


def record_key(record: dict[str, Any], index: int) -> str:
    """A record's name in a `where` path: its type and id where it has them."""
    ident = record.get("id", record.get("seq"))
    if ident is None:
        return str(index)
    kind = record.get("type")
    return f"{kind}#{ident}" if kind else f"#{ident}"


def strings_in(records: dict[str, list[dict]]) -> Iterator[tuple[str, str]]:
    """(where, text) for every text value in the records."""
    for key, rows in records.items():
        for index, row in enumerate(rows):
            for path, text in _strings(row, ()):
                yield "/".join((key, record_key(row, index), *path)), text


def _own_identifiers(organisation, person: Person) -> set[str]:
    """The person's own names and contact details, folded: never someone else's."""
    own = {fold(person.display_name), fold(f"{person.given_name} {person.family_name}")}
    own.update(
        fold(n)
        for n in Alias.objects.for_org(organisation)
        .filter(person=person)
        .values_list("name", flat=True)
    )
    for value, normalised in (
        ContactPoint.objects.for_org(organisation)
        .filter(person=person)
        .values_list("value", "normalised")
    ):
        own.update({fold(value), fold(normalised)})
    return own


def _candidates(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of what in the text may identify someone."""
    for m in _EMAIL.finditer(text):
        yield "email", m.group(0)
    for m in _PHONE.finditer(text):
        yield "phone", m.group(0)
    for m in _NAME_RUN.finditer(text):
        words = m.group(0).split()
        # Every adjacent pair: "Dear Alan Smith" holds "Alan Smith".
        for first, second in zip(words, words[1:], strict=False):
            yield "name", f"{first} {second}"


def fold(text: str) -> str:
    """Case and spacing folded, for comparing names and contact details."""
    return " ".join(str(text).casefold().split())


def _who_is(organisation, kind: str, text: str, exclude: int) -> list[int]:
    """The other people of the organisation the text identifies, found through the
    people search indexes; a name must match a person's (or an alias's) name whole."""
    found = [p for p in search(organisation, text, limit=20).people if p.pk != exclude]
    if kind != "name":
        return sorted(p.pk for p in found)
    wanted = fold(text)
    whole = {p.pk for p in found if fold(f"{p.given_name} {p.family_name}") == wanted}
    aliases = Alias.objects.for_org(organisation).filter(person__in=[p.pk for p in found])
    whole.update(
        pk for pk, name in aliases.values_list("person_id", "name") if fold(name) == wanted
    )
    return sorted(whole)


def find_mentions(organisation, person: Person, records: dict[str, list[dict]]) -> list[Mention]:
    """Every place in the records where another person of the organisation is named or
    their contact details written. A person of another organisation is never looked up."""
    own = _own_identifiers(organisation, person)
    identified: dict[str, list[int]] = {}
    mentions: list[Mention] = []
    searched = {key: rows for key, rows in records.items() if key not in OWN_DATA_ONLY}
    for where, text in strings_in(searched):
        if not _WORTH_LOOKING.search(text):
            continue
        for kind, candidate in _candidates(text):
            folded = fold(candidate)
            if folded in own or _is_own_contact(kind, candidate, own):
                continue
            if folded not in identified:
                if len(identified) >= MAX_LOOKUPS:
                    continue  # bounded: a pathological text cannot make a million lookups
                identified[folded] = _who_is(organisation, kind, candidate, person.pk)
            for other in identified[folded]:
                mentions.append(Mention(where, candidate, other))
    unique = {(m.where, m.what): m for m in mentions}
    return sorted(unique.values(), key=lambda m: (m.where, m.what))


def _is_own_contact(kind: str, text: str, own: set[str]) -> bool:
    try:
        if kind == "email":
            return fold(normalise_email(text)) in own
        if kind == "phone":
            return fold(normalise_phone(text)) in own
    except InvalidValue:
        return False
    return False


# --- Withholding ------------------------------------------------------------------------


def redacted(pack: AccessPack, withheld: Iterable[tuple[str, str]]) -> AccessPack:
    """The pack with each (where, what) withheld replaced by WITHHELD in its text."""
    by_where: dict[str, list[str]] = {}
    for where, what in withheld:
        by_where.setdefault(where, []).append(what)
    if not by_where:
        return pack
    records = {
        key: [_redact_record(key, row, index, by_where) for index, row in enumerate(rows)]
        for key, rows in pack.records.items()
    }
    notes = [
        {"where": where, "why": "It is information about another person."}
        for where in sorted(by_where)
    ]
    return replace(pack, records=records, withheld=notes)


def _redact_record(key: str, row: dict, index: int, by_where: dict[str, list[str]]) -> dict:
    prefix = f"{key}/{record_key(row, index)}"
    if not any(w.startswith(prefix + "/") for w in by_where):
        return row

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, str):
            # Longest first, so "Alan Smith" goes before a shorter text inside it.
            for what in sorted(by_where.get(path, ()), key=len, reverse=True):
                value = value.replace(what, WITHHELD)
            return value
        if isinstance(value, dict):
            return {k: walk(v, f"{path}/{k}") for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v, f"{path}/{i}") for i, v in enumerate(value)]
        return value

    return walk(row, prefix)


def json_default(value: Any) -> Any:
    """For json.dumps: dates as ISO 8601, anything else as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
