"""People search: one box for a name, email address, phone number, postcode or address,
written any way, within one organisation.

What the text looks like decides how it is looked up, always through an index led by
the organisation:
- an email address, phone number or postcode: normalised as the people app stores it
  ("sw1a1aa" -> "SW1A 1AA", "07700 900123" -> "+447700900123") and matched exactly on
  the contact points' (organisation, kind, normalised) index;
- an address ending in a postcode ("1 High St, sw1a1aa"): the postcode's addresses,
  narrowed to those holding the other words;
- an address's first line ("1 High Street"): a prefix of the address lines in any case;
- anything else, a name: a prefix of the family name, the given name, both ("Alice Sm",
  "Smith, Alice") or another name the person is known by, in any case.

Case: PostgreSQL folds every letter, SQLite ASCII letters only (its UPPER()). Accents:
a query typed with accents also looks for the name without them ("Zoë" finds "Zoe");
a name stored with accents is found when typed with them. Folding stored accents would
need a stored search column, which neither database can compute in an index portably.

Callers audit the search: `search()` returns the query's kind to name in the event
(never the query text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet

from .keys import SearchKey, fold, prefix_range
from .models import Alias, ContactPoint, Person
from .normalise import InvalidValue, normalise_email, normalise_phone, normalise_postcode

__all__ = ["QueryKind", "SearchResult", "query_kind", "search", "search_people"]

Kind = ContactPoint.Kind
MAX_QUERY_LENGTH = 200


class QueryKind(StrEnum):
    """What a search text was taken to be: named in the audit event, never the text."""

    EMPTY = "empty"
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    ADDRESS = "address"
    NAME = "name"


@dataclass(frozen=True)
class SearchResult:
    kind: QueryKind
    people: list[Person] = field(default_factory=list)


_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{6,}$")
# A postcode at the end of an address, with or without its space: "..., sw1a1aa".
_TRAILING_POSTCODE = re.compile(r"(?:^|[\s,])([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})\s*$")
_WORDS = re.compile(r"[^\W_]+")


def search_people(organisation, query: str, *, limit: int = 50) -> list[Person]:
    """The organisation's people the text finds, at most `limit` (see module docstring)."""
    return search(organisation, query, limit=limit).people


def query_kind(query: str) -> QueryKind:
    """What the text looks like, without looking anything up."""
    return _classify(query)[0]


def search(organisation, query: str, *, limit: int = 50) -> SearchResult:
    """The people found and the kind of query they were found by."""
    if organisation is None:
        raise ValueError("organisation: a search needs an organisation")
    kind, value = _classify(query)
    limit = max(0, int(limit))
    if kind is QueryKind.EMPTY or limit == 0:
        return SearchResult(kind)
    if kind in (QueryKind.EMAIL, QueryKind.PHONE, QueryKind.POSTCODE):
        contact_kind = {
            QueryKind.EMAIL: Kind.EMAIL,
            QueryKind.PHONE: Kind.PHONE,
            QueryKind.POSTCODE: Kind.POSTAL,
        }[kind]
        return SearchResult(kind, _by_contact(organisation, contact_kind, value, limit))
    if kind is QueryKind.ADDRESS:
        return SearchResult(kind, _by_address(organisation, value, limit))
    return SearchResult(kind, _by_name(organisation, value, limit))


def _classify(query: str) -> tuple[QueryKind, str]:
    text = " ".join(str(query or "").split())[:MAX_QUERY_LENGTH]
    if not text:
        return QueryKind.EMPTY, ""
    if "@" in text:
        try:
            return QueryKind.EMAIL, normalise_email(text)
        except InvalidValue:
            # Not a whole address: an email is matched whole, never by part.
            return QueryKind.EMAIL, ""
    if _PHONE_LIKE.match(text):
        try:
            return QueryKind.PHONE, normalise_phone(text)
        except InvalidValue:
            pass
    try:
        return QueryKind.POSTCODE, normalise_postcode(text)
    except InvalidValue:
        pass
    if text[0].isdigit() or _TRAILING_POSTCODE.search(text):
        return QueryKind.ADDRESS, text
    return QueryKind.NAME, text


def _by_contact(organisation, contact_kind: str, normalised: str, limit: int) -> list[Person]:
    if not normalised:
        return []
    # Two index lookups, not a join: the people's ids from the contact points'
    # (organisation, kind, normalised) index, then the people by primary key. A planner
    # without statistics could otherwise walk the organisation's people in name order.
    ids = (
        ContactPoint.objects.for_org(organisation)
        .filter(kind=contact_kind, normalised=normalised)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[:limit]
    )
    people = _people_in_order(organisation, list(ids))
    return sorted(people, key=lambda p: (p.family_name, p.given_name, p.pk))


def _address_words(text: str) -> list[str]:
    return [word.casefold() for word in _WORDS.findall(text)]


def _by_address(organisation, text: str, limit: int) -> list[Person]:
    postcode_match = _TRAILING_POSTCODE.search(text)
    postcode = None
    if postcode_match:
        try:
            postcode = normalise_postcode(postcode_match.group(1))
        except InvalidValue:
            postcode = None
    if postcode:
        rest = text[: postcode_match.start(1)]
        points = (
            ContactPoint.objects.for_org(organisation)
            .filter(kind=Kind.POSTAL, normalised=postcode)
            .order_by()
        )
    else:
        # The first line as typed, up to its first comma: "1 High Street, Ashbrook".
        first_line, _, rest = text.partition(",")
        bounds = prefix_range(fold(first_line.strip()))
        if bounds is None:
            return []
        points = (
            ContactPoint.objects.for_org(organisation)
            .alias(key=SearchKey("address_lines"))
            .filter(kind=Kind.POSTAL, key__gte=bounds[0], key__lt=bounds[1])
            # The index's own order: a tie-break on pk would make PostgreSQL read every
            # address of the street to sort them ("1 High Street" in every town).
            .order_by("key")
        )
    # The other words ("high", "street") narrow what the index found: each must appear
    # in the address lines. Bounded: the index already narrowed to a street or postcode.
    wanted = _address_words(rest)
    # With no other words every address found matches: fetch no more than shown.
    fetch = limit * 20 if wanted else limit
    found: list[int] = []
    for person_id, lines in points.values_list("person_id", "address_lines")[:fetch]:
        have = set(_address_words(lines))
        if all(word in have for word in wanted) and person_id not in found:
            found.append(person_id)
            if len(found) >= limit:
                break
    return _people_in_order(organisation, found)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spellings(text: str) -> list[str]:
    """The text as typed and, if it has accents, without them."""
    plain = _without_accents(text)
    return [text] if plain == text else [text, plain]


def _name_queries(organisation, text: str, limit: int) -> list[QuerySet]:
    """Index range scans in the order their results are shown: both names, the family
    name, the given name, the whole text as a family name (double-barrelled)."""
    people = Person.objects.for_org(organisation).alias(
        family_key=SearchKey("family_name"), given_key=SearchKey("given_name")
    )
    family_order = ("family_key", "given_key", "pk")
    comma_form = "," in text
    words = [w for w in re.split(r"[\s,]+", text) if w]
    queries = []
    if len(words) >= 2:
        # "Smith, Alice" names the family first; "Alice Smith" the given name first.
        given, family = (words[-1], words[0]) if comma_form else (words[0], words[-1])
        family_bounds = prefix_range(fold(family))
        given_bounds = prefix_range(fold(given))
        queries.append(
            people.filter(
                family_key__gte=family_bounds[0],
                family_key__lt=family_bounds[1],
                given_key__gte=given_bounds[0],
                given_key__lt=given_bounds[1],
            ).order_by(*family_order)[:limit]
        )
        whole = prefix_range(fold(" ".join(words) if not comma_form else text.strip()))
        queries.append(
            people.filter(family_key__gte=whole[0], family_key__lt=whole[1]).order_by(
                *family_order
            )[:limit]
        )
    else:
        bounds = prefix_range(fold(words[0]))
        queries.append(
            people.filter(family_key__gte=bounds[0], family_key__lt=bounds[1]).order_by(
                *family_order
            )[:limit]
        )
        queries.append(
            people.filter(given_key__gte=bounds[0], given_key__lt=bounds[1]).order_by(
                "given_key", "pk"
            )[:limit]
        )
    return queries


def _by_name(organisation, text: str, limit: int) -> list[Person]:
    found: dict[int, Person] = {}
    for spelling in _spellings(text):
        for queryset in _name_queries(organisation, spelling, limit):
            for person in queryset:
                found.setdefault(person.pk, person)
            if len(found) >= limit:
                return list(found.values())[:limit]
        # Other names the person is known by: the whole text as a prefix.
        bounds = prefix_range(fold(" ".join(spelling.split())))
        alias_people = (
            Alias.objects.for_org(organisation)
            .alias(key=SearchKey("name"))
            .filter(key__gte=bounds[0], key__lt=bounds[1])
            .order_by("key", "pk")
            .values_list("person_id", flat=True)[:limit]
        )
        missing = [pk for pk in alias_people if pk not in found]
        for person in _people_in_order(organisation, missing):
            found.setdefault(person.pk, person)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def _people_in_order(organisation, ids: list[int]) -> list[Person]:
    if not ids:
        return []
    by_pk = Person.objects.for_org(organisation).in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]
