"""Who among the people held the requester might be: candidates ranked, with reasons.

Every lookup is an index lookup within one organisation, so matching stays fast with a
million people: the contact points' (organisation, kind, normalised) index for the
email address, the telephone number and the postcode; the people's (organisation,
family key, given key) index and the aliases' name index for the name. The lead
confirms the match (a `person-confirmed` event); nothing is matched automatically.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from lawful.people.keys import SearchKey, fold
from lawful.people.models import Alias, ContactPoint, Person

Kind = ContactPoint.Kind

# How much each kind of evidence counts: a contact detail is nearly unique to a person,
# a postcode with a family name usually a household, a name alone is common.
SCORES = {
    "email": 50,
    "phone": 40,
    "postcode_family": 25,
    "given_name": 10,
    "name": 15,
    "alias": 10,
}
REASONS = {
    "email": "same email address",
    "phone": "same telephone number",
    "postcode_family": "same postcode and family name",
    "given_name": "same given name",
    "name": "same name",
    "alias": "known by the same name",
}
MAX_CANDIDATES = 10
# A common name matches many people: look at no more than this many by name alone.
NAME_LIMIT = 50


@dataclass(frozen=True)
class Candidate:
    """A person held who may be the requester, with how strongly and why (in words)."""

    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name as written: "Alice Smith", "Smith, Alice", "Dr A Smith"."""
    text = " ".join(name.split())
    if "," in text:
        family, _, given = text.partition(",")
        return given.strip().split(" ")[0] if given.strip() else "", family.strip()
    words = [w for w in re.split(r"\s+", text) if w]
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    titles = {"MR", "MRS", "MS", "MISS", "DR", "MX", "PROF", "REV", "CLLR", "SIR", "DAME"}
    if words[0].rstrip(".").upper() in titles and len(words) > 2:
        words = words[1:]
    return words[0], words[-1]


def candidates(rights_request, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """The people of the request's organisation who may be the requester, best first."""
    org = rights_request.organisation_id
    evidence: dict[int, set[str]] = defaultdict(set)
    points = ContactPoint.objects.for_org(org).order_by()  # no sort: a set of ids
    for kind, value, key in (
        (Kind.EMAIL, rights_request.email_normalised, "email"),
        (Kind.PHONE, rights_request.phone_normalised, "phone"),
    ):
        if value:
            for pk in points.filter(kind=kind, normalised=value).values_list(
                "person_id", flat=True
            ):
                evidence[pk].add(key)

    given, family = split_name(rights_request.requester_name)
    people = Person.objects.for_org(org).alias(
        family_key=SearchKey("family_name"), given_key=SearchKey("given_name")
    )
    if rights_request.postcode_normalised and family:
        at_postcode = points.filter(
            kind=Kind.POSTAL, normalised=rights_request.postcode_normalised
        ).values_list("person_id", flat=True)[: NAME_LIMIT * 4]
        same_family = people.filter(pk__in=list(at_postcode), family_key=fold(family))
        for pk, given_name in same_family.values_list("pk", "given_name"):
            evidence[pk].add("postcode_family")
            if given and fold(given_name) == fold(given):
                evidence[pk].add("given_name")
    if given and family:
        by_name = people.filter(family_key=fold(family), given_key=fold(given))
        for pk in by_name.order_by("pk").values_list("pk", flat=True)[:NAME_LIMIT]:
            evidence[pk].add("name")
    whole = " ".join(rights_request.requester_name.split())
    if whole:
        by_alias = (
            Alias.objects.for_org(org)
            .alias(key=SearchKey("name"))
            .filter(key=fold(whole))
            .values_list("person_id", flat=True)[:NAME_LIMIT]
        )
        for pk in by_alias:
            evidence[pk].add("alias")

    for found in evidence.values():
        if "name" in found and "given_name" in found:
            found.discard("given_name")  # "same name" says it already
    ranked = sorted(
        ((sum(SCORES[k] for k in found), pk, found) for pk, found in evidence.items()),
        key=lambda row: (-row[0], row[1]),
    )
    ids = [pk for _, pk, _ in ranked]
    held = Person.objects.for_org(org).filter(pk__in=ids, erased_at__isnull=True).in_bulk()
    result = []
    for score, pk, found in ranked:
        if pk in held:
            reasons = [REASONS[k] for k in sorted(found, key=lambda k: -SCORES[k])]
            result.append(Candidate(held[pk], score, reasons))
        if len(result) >= limit:
            break
    return result
