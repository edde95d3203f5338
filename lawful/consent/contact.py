"""May we contact this person, for this purpose, on this channel, now? And who may we?

One set of rules (lawful.policy.contact), two ways of asking: `may_contact` for one
person, with every reason that applies, and `audience` for a whole organisation (or a
part of it: a ward, a constituency), set-based, with the count left out for each reason.
Every list, export and send goes through `audience`; the two agree (a property test
checks it), and an audience counts each person left out under the first reason that
applies, in the order of `Exclusion`.

The rules, in order: not erased; not deceased; not restricted; no objection to direct
marketing (for a direct-marketing purpose: every channel at once) and not otherwise on
the do-not-contact list; consent to this channel for this purpose where consent is the
basis (always for email, texts, automated calls and social media: PECR), or else held
for the purpose and not opted out of the channel; a contact point for the channel (a
mobile number for texts); live calls never to a number on the organisation's
Telephone Preference Service file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import (
    CHANNEL_CONTACT,
    UK_MOBILE_PREFIXES,
    Channel,
    ContactKind,
    Exclusion,
    channel_problem,
    needs_consent,
)
from lawful.sql import sets_are_cheap

from .models import ConsentState, TpsNumber
from .services import suppressed_people, suppression_conditions

__all__ = ["Audience", "ContactDecision", "audience", "may_contact"]


@dataclass(frozen=True)
class ContactDecision:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    contact: str = ""  # the address or number to use, when allowed


@dataclass
class Audience:
    """Who may be contacted for a purpose on a channel.

    people: the permitted people, a Person queryset annotated with `contact` (the email
    address, E.164 number, or address lines and postcode to use), asked afresh each time
    it is read; rows(): (person id, contact) pairs; count: how many were permitted and
    excluded: {reason in plain words: count}, in the order of the rules, both counted in
    one pass when the audience was found.
    """

    purpose: str
    channel: str
    people: QuerySet
    excluded: dict[str, int]
    count: int

    def rows(self):
        # In id order, not the people list's by name: a send or export reads them all,
        # and sorting a million names cost more than finding them.
        people = self.people.order_by("pk")
        return people.values_list("pk", "contact").iterator(chunk_size=5000)


def _org_pk(organisation) -> int:
    return getattr(organisation, "pk", organisation)


def _rule_context(organisation, purpose_id: str, channel: str):
    """(purpose, problem): the register's purpose, or why nobody may be contacted."""
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce as exc:
        return None, str(exc)
    purpose = next((p for p in register.purposes if p.id == purpose_id), None)
    return purpose, channel_problem(purpose, purpose_id, channel)


def _contact_points(channel: str):
    """The contact points that reach the person on this channel, best first."""
    kind = CHANNEL_CONTACT[Channel(channel)]
    points = ContactPoint.objects.filter(kind=kind)
    if channel == Channel.SMS:
        mobile = Q()
        for prefix in UK_MOBILE_PREFIXES:
            mobile |= Q(normalised__startswith=prefix)
        points = points.filter(mobile)
    return points.order_by("-is_primary", "pk")


def _contact_value(point: ContactPoint) -> str:
    if point.kind == ContactKind.POSTAL:
        return f"{point.address_lines}\n{point.postcode}"
    return point.normalised


def _among_many(rows: QuerySet) -> Q:
    """The person is among `rows` (records with a person_id), for an audience over a
    whole organisation: a subquery that does not depend on the person, so the database
    finds the set once (from the organisation's indexes) and probes it per person; a
    per-person EXISTS was a lookup per person per rule (bench/RESULTS.md)."""
    return Q(pk__in=rows.order_by().values("person_id"))


def _among_few(rows: QuerySet) -> Q:
    """The same by a lookup for each person: for an audience narrowed to a few people (a
    ward), and on a database where sets are not cheap."""
    return Q(Exists(rows.filter(person_id=OuterRef("pk"))))


def _blocked(organisation, purpose, ids=None) -> tuple[set[int], set[int]]:
    """(objected, suppressed): people an objection to direct marketing stops (for a
    direct-marketing purpose), and people otherwise on the do-not-contact list."""
    from lawful.suppression.models import SuppressionEntry

    Reason = SuppressionEntry.Reason
    objected, suppressed = set(), set()
    for pk, reasons in suppressed_people(organisation, ids).items():
        if Reason.OBJECTION_TO_MARKETING in reasons and purpose.direct_marketing:
            objected.add(pk)
        elif Reason.ERASURE in reasons:
            suppressed.add(pk)
    return objected, suppressed


def may_contact(
    organisation, person: Person, purpose: str, channel: str, *, today: date | None = None
) -> ContactDecision:
    """Whether the organisation may contact the person for the purpose on the channel
    now, with every reason it may not (the first is the one an audience counts)."""
    today = today or timezone.localdate()
    register_purpose, problem = _rule_context(organisation, purpose, channel)
    if problem:
        return ContactDecision(False, [problem])
    if person.organisation_id != _org_pk(organisation):
        return ContactDecision(False, ["not a person of this organisation"])
    person = Person.objects.get(pk=person.pk)  # as it is now, not as the caller held it
    reasons: list[Exclusion] = []
    if person.erased_at is not None:
        reasons.append(Exclusion.ERASED)
    if person.deceased_on is not None and person.deceased_on <= today:
        reasons.append(Exclusion.DECEASED)
    if person.restricted:
        reasons.append(Exclusion.RESTRICTED)
    objected, suppressed = _blocked(organisation, register_purpose, [person.pk])
    if person.pk in objected:
        reasons.append(Exclusion.OBJECTED)
    if person.pk in suppressed:
        reasons.append(Exclusion.SUPPRESSED)
    state = (
        ConsentState.objects.filter(person=person, purpose=purpose, channel=channel)
        .values_list("granted", flat=True)
        .first()
    )
    if needs_consent(register_purpose, channel):
        if not state:
            reasons.append(Exclusion.NO_CONSENT)
    else:
        held = PurposeLink.objects.filter(
            person=person, purpose_id=purpose, ended__isnull=True
        ).exists()
        if not held:
            reasons.append(Exclusion.NOT_HELD)
        if state is False:
            reasons.append(Exclusion.OPTED_OUT)
    contact = ""
    if CHANNEL_CONTACT[Channel(channel)] is not None:
        point = _contact_points(channel).filter(person=person).first()
        contact = _contact_value(point) if point is not None else ""
    if not contact:
        reasons.append(Exclusion.NO_CONTACT_POINT)
    elif (
        channel == Channel.LIVE_CALL
        and TpsNumber.objects.filter(
            organisation_id=person.organisation_id, number=contact
        ).exists()
    ):
        reasons.append(Exclusion.TPS)
    if reasons:
        return ContactDecision(False, [str(r) for r in reasons])
    return ContactDecision(True, [], contact)


def audience(
    organisation,
    purpose: str,
    channel: str,
    *,
    people: QuerySet | None = None,
    today: date | None = None,
) -> Audience:
    """Everyone of the organisation (or of `people`, a Person queryset narrowing it: a
    ward, a constituency) who may be contacted for the purpose on the channel now, and
    the count left out for each reason. InvalidValue for a purpose not in the register
    in force or a channel it does not use."""
    today = today or timezone.localdate()
    org_pk = _org_pk(organisation)
    register_purpose, problem = _rule_context(organisation, purpose, channel)
    if problem:
        raise InvalidValue("channel" if register_purpose is not None else "purpose", problem)
    base = Person.objects.for_org(org_pk)
    if people is not None:
        base = people.filter(organisation_id=org_pk)
    kind = CHANNEL_CONTACT[Channel(channel)]
    among = _among_many if people is None and sets_are_cheap() else _among_few
    states = ConsentState.objects.filter(organisation_id=org_pk, purpose=purpose, channel=channel)
    reachable = _contact_points(channel).filter(organisation_id=org_pk)
    objected, erased = suppression_conditions(org_pk)
    rules = [
        When(erased_at__isnull=False, then=Value(Exclusion.ERASED.value)),
        When(deceased_on__lte=today, then=Value(Exclusion.DECEASED.value)),
        When(restricted=True, then=Value(Exclusion.RESTRICTED.value)),
    ]
    # The do-not-contact list, joined in SQL: an objection stops a direct-marketing
    # purpose (and is otherwise no bar); an erasure entry stops everything.
    if objected is not None and register_purpose.direct_marketing:
        rules.append(When(objected, then=Value(Exclusion.OBJECTED.value)))
    if erased is not None:
        rules.append(When(erased, then=Value(Exclusion.SUPPRESSED.value)))
    if needs_consent(register_purpose, channel):
        rules.append(When(~among(states.filter(granted=True)), then=Value(Exclusion.NO_CONSENT)))
    else:
        held = PurposeLink.objects.filter(
            organisation_id=org_pk, purpose_id=purpose, ended__isnull=True
        )
        rules.append(When(~among(held), then=Value(Exclusion.NOT_HELD.value)))
        opted_out = among(states.filter(granted=False))
        rules.append(When(opted_out, then=Value(Exclusion.OPTED_OUT.value)))
    if kind is not None:
        rules.append(
            When(
                ~among(reachable),
                then=Value(Exclusion.NO_CONTACT_POINT.value),
            )
        )
    else:
        rules.append(When(pk__isnull=False, then=Value(Exclusion.NO_CONTACT_POINT.value)))
    # The value to use: the person's best contact point for the channel.
    person = OuterRef("pk")
    if kind is None:
        contact = Value(None, output_field=CharField())
    else:
        points = _contact_points(channel).filter(person=person)
        if kind == ContactKind.POSTAL:
            value = Concat(F("address_lines"), Value("\n"), F("postcode"), output_field=CharField())
            contact = Subquery(points.annotate(contact_value=value).values("contact_value")[:1])
        else:
            contact = Subquery(points.values("normalised")[:1])
    judged = base
    tps_file = TpsNumber.objects.filter(organisation_id=org_pk)
    if channel == Channel.LIVE_CALL and tps_file.exists():
        # The number that would be called, checked against the TPS file.
        on_tps = tps_file.filter(number=OuterRef("contact"))
        rules.append(When(Exists(on_tps), then=Value(Exclusion.TPS.value)))
        judged = judged.annotate(contact=contact)
    judged = judged.annotate(exclusion=Case(*rules, default=Value(""), output_field=CharField()))
    # One pass counts the permitted ("") and those left out under each reason.
    counts = dict(
        judged.order_by()
        .values_list("exclusion")
        .annotate(n=_count())
        .values_list("exclusion", "n")
    )
    excluded = {str(r): counts[r] for r in Exclusion if counts.get(r)}
    permitted = judged.filter(exclusion="")
    if "contact" not in permitted.query.annotations:
        permitted = permitted.annotate(contact=contact)
    return Audience(
        purpose=purpose,
        channel=channel,
        people=permitted,
        excluded=excluded,
        count=counts.get("", 0),
    )


def _count():
    from django.db.models import Count

    return Count("pk")
