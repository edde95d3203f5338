"""Writing and checking the do-not-contact (suppression) list.

What is hashed, each normalised first so that a detail written another way still
matches (lawful.people.normalise):
- every email address (lower-cased);
- every telephone number (E.164: +447700900123);
- every postal address as its postcode together with the family name. A postcode alone
  covers a dozen or so households, so hashing it alone would refuse the neighbours; the
  address lines are free text ("Flat 2, 17 High St" / "17 High Street, flat 2") that no
  normalisation makes reliably equal, so they are not hashed.
The digest is HMAC-SHA256 under settings.LAWFUL_SUPPRESSION_KEY of "org id, kind,
value": the same address has unrelated digests in two organisations, and without the
key nobody can test a guessed address against the list. Changing the key orphans every
entry: keep it as carefully as the database backups.
"""

import functools
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.people.normalise import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)

from .models import SuppressionEntry

Reason = SuppressionEntry.Reason
Kind = SuppressionEntry.Kind

__all__ = [
    "ContactDetails",
    "contact_digest",
    "Reason",
    "details_of",
    "is_suppressed",
    "refuse_if_suppressed",
    "suppress",
    "suppress_person",
    "suppressions_matching",
    "suppression_reasons",
]


@dataclass(frozen=True)
class ContactDetails:
    """Contact details, as given (normalised here): emails, phones, and postal addresses
    as (postcode, family name) pairs."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    postal: tuple[tuple[str, str], ...] = field(default=())

    def normalised(self) -> list[tuple[str, str]]:
        """(kind, normal form) of each detail; InvalidValue names a detail that is none."""
        found = [(Kind.EMAIL, normalise_email(e)) for e in self.emails]
        found += [(Kind.PHONE, normalise_phone(p)) for p in self.phones]
        for postcode, family_name in self.postal:
            name = _name_key(family_name)
            if name:  # without a name, a postcode alone would match the neighbours
                found.append((Kind.POSTAL, f"{normalise_postcode(postcode)}|{name}"))
        return list(dict.fromkeys(found))


def _name_key(family_name: str) -> str:
    """A family name as matched: case, accents, spaces and punctuation ignored
    (O'Brien, OBRIEN and o brien are one)."""
    decomposed = unicodedata.normalize("NFKD", str(family_name or "")).casefold()
    return "".join(ch for ch in decomposed if ch.isalnum())


def _key() -> bytes:
    key = getattr(settings, "LAWFUL_SUPPRESSION_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "LAWFUL_SUPPRESSION_KEY (or LAWFUL_SUPPRESSION_KEY_FILE) is not set: the "
            "do-not-contact list needs its own secret key to hash contact details"
        )
    return key.encode()


@functools.lru_cache(maxsize=8)
def _keyed(key: bytes):
    return hmac.new(key, digestmod=hashlib.sha256)


def _digest(organisation_id: int, kind: str, value: str) -> str:
    # A copy of the HMAC keyed once (imports hash a hundred thousand details at a time):
    # the same digest as hmac.new(key, message, sha256) in about half the time.
    mac = _keyed(_key()).copy()
    mac.update(f"{organisation_id}\x1f{kind}\x1f{value}".encode())
    return mac.hexdigest()


def contact_digest(organisation_id: int, kind: str, normalised: str, family_name: str = "") -> str:
    """The digest the list would hold for one contact point (its normalised value; a
    postal address as its postcode with the family name), or "" where none would be
    (a postal address without a family name) or no key is set (then no entry can be
    written either). Kept on each contact point (ContactPoint.suppression_digest) so
    that checking a whole organisation against the list is a join, not a hash each."""
    if not getattr(settings, "LAWFUL_SUPPRESSION_KEY", "") or not normalised:
        return ""
    if kind == Kind.POSTAL:
        name = _name_key(family_name)
        if not name:
            return ""
        normalised = f"{normalised}|{name}"
    return _digest(organisation_id, kind, normalised)


def _org_id(organisation) -> int:
    return getattr(organisation, "pk", organisation)


def _digests(organisation, details: ContactDetails) -> dict[str, str]:
    """{digest: kind} of every detail."""
    org_id = _org_id(organisation)
    return {_digest(org_id, kind, value): kind for kind, value in details.normalised()}


def details_of(person) -> ContactDetails:
    """Every contact detail the person has now (before an erasure removes them)."""
    points = list(person.contact_points.all())
    return ContactDetails(
        emails=tuple(p.normalised for p in points if p.kind == "email"),
        phones=tuple(p.normalised for p in points if p.kind == "phone"),
        postal=tuple((p.postcode, person.family_name) for p in points if p.kind == "postal"),
    )


def suppress(organisation, details: ContactDetails, *, reason, actor, person=None) -> int:
    """Add each detail's digest to the list for `reason` (once); audited. Returns the
    number of entries added. `person` only names whom the audit event is about."""
    reason = Reason(reason)
    wanted = _digests(organisation, details)
    with transaction.atomic():
        have = set(
            SuppressionEntry.objects.for_org(organisation)
            .filter(digest__in=wanted, reason=reason)
            .values_list("digest", flat=True)
        )
        today = timezone.localdate()
        new = [
            SuppressionEntry(
                organisation_id=_org_id(organisation),
                kind=kind,
                digest=digest,
                reason=reason,
                created_on=today,
            )
            for digest, kind in wanted.items()
            if digest not in have
        ]
        SuppressionEntry.objects.bulk_create(new)
        if new:
            record(
                AuditAction.CREATE,
                actor=actor,
                person=person,
                organisation=organisation,
                summary=f"added {len(new)} contact detail(s) to the do-not-contact list "
                f"({reason.label})",
            )
    return len(new)


def suppress_person(person, *, reason, actor) -> int:
    """suppress() every contact detail the person has now."""
    return suppress(
        person.organisation_id, details_of(person), reason=reason, actor=actor, person=person
    )


def suppressions_matching(
    organisation, details: ContactDetails, reason=None
) -> list[SuppressionEntry]:
    """The list's entries matching any of the details (for `reason`, or any)."""
    if not details.normalised():
        return []
    entries = SuppressionEntry.objects.for_org(organisation)
    if not entries.exists():
        return []  # nothing to match: no key needed (an organisation that never erased)
    entries = entries.filter(digest__in=_digests(organisation, details))
    if reason is not None:
        entries = entries.filter(reason=Reason(reason))
    return list(entries.order_by("created_on", "pk"))


def suppression_reasons(organisation, many: list[ContactDetails], batch: int = 2000) -> list[set]:
    """For each ContactDetails of `many`, the reasons its details are on the list (an
    empty set if none): set-based, for imports of many rows (a query per `batch` digests).
    The details must be given already normalised (lawful.people.normalise), as an
    import's checked rows are: they are hashed as they are, not normalised again."""
    found: list[set] = [set() for _ in many]
    entries = SuppressionEntry.objects.for_org(organisation)
    if not many or not entries.exists():
        return found
    org_id = _org_id(organisation)
    owners: dict[str, list[int]] = {}
    for index, details in enumerate(many):
        values = [(Kind.EMAIL, e) for e in details.emails]
        values += [(Kind.PHONE, p) for p in details.phones]
        values += [
            (Kind.POSTAL, f"{postcode}|{_name_key(name)}")
            for postcode, name in details.postal
            if _name_key(name)
        ]
        for kind, value in values:
            owners.setdefault(_digest(org_id, kind, value), []).append(index)
    digests = list(owners)
    for start in range(0, len(digests), batch):
        for digest, reason in entries.filter(digest__in=digests[start : start + batch]).values_list(
            "digest", "reason"
        ):
            for index in owners[digest]:
                found[index].add(Reason(reason))
    return found


def is_suppressed(
    organisation,
    *,
    email: str = "",
    phone: str = "",
    postcode: str = "",
    family_name: str = "",
    reason=None,
) -> bool:
    """Whether any detail given is on the organisation's list (for `reason`, or any).

    A postcode counts only with the family name. InvalidValue names a detail that is
    not an email address, phone number or postcode.
    """
    details = ContactDetails(
        emails=(email,) if email else (),
        phones=(phone,) if phone else (),
        postal=((postcode, family_name),) if postcode else (),
    )
    return bool(suppressions_matching(organisation, details, reason))


def refuse_if_suppressed(organisation, details: ContactDetails, *, marketing=False) -> None:
    """Raise InvalidValue if the details may not be used: any erasure entry refuses
    (the person asked to be erased and must not be brought back); an objection to
    marketing refuses only `marketing` uses (a direct-marketing purpose). `marketing`
    may be a callable, asked only when an objection entry matches."""
    for entry in suppressions_matching(organisation, details):
        if entry.reason == Reason.ERASURE:
            raise InvalidValue(
                "person",
                f"the {entry.get_kind_display()} given belongs to someone erased at their "
                f"request on {entry.created_on:%d %B %Y}: they are on the do-not-contact "
                "list and cannot be added again (only they can ask to be added back)",
            )
        if marketing() if callable(marketing) else marketing:
            raise InvalidValue(
                "purposes",
                f"the {entry.get_kind_display()} given belongs to someone who objected to "
                f"direct marketing on {entry.created_on:%d %B %Y}: they cannot be added to "
                "a direct-marketing purpose",
            )
