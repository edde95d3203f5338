"""Carrying out a rights request, each kind by the policy module's rights table.

    result = fulfil(rights_request, actor=clerk)                 # erasure, restriction...
    result = fulfil(objection, actor=clerk, continue_on={"consultations": "grounds..."})
    result = fulfil(correction, actor=clerk, changes={"family_name": "Smith"})

Whether a right applies to the person's data is decided per open purpose link, by
`lawful.policy.rights` (`rights_for_purpose` for the link's basis): this module never
restates a rule, and a refusal quotes the rule's own explanation and reference. Each
kind runs in one transaction with its audit events; a refusal changes nothing and leaves
the request open for the refusal letter. A request is closed as completed once done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from lawful import registry
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.disclosures.models import RecipientNotification
from lawful.disclosures.services import notifications_to_send
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people import services as people
from lawful.people.models import ContactPoint, Person, PurposeLink
from lawful.people.normalise import InvalidValue
from lawful.policy.rights import RightRule, rights_for_basis, rights_for_purpose
from lawful.policy.vocab import LawfulBasis, Right
from lawful.suppression.services import Reason, suppress_person

from .models import RequestKind, RequestStatus, RightsRequest

__all__ = [
    "FulfilmentResult",
    "Item",
    "NotAvailable",
    "NotReady",
    "fulfil",
    "lift_restriction",
]


class NotReady(Exception):
    """The request cannot be carried out yet (no person confirmed, still waiting for
    identity or a clarification, or already closed): the API's 409."""


class NotAvailable(Exception):
    """This kind of request is carried out elsewhere, or not built yet."""


@dataclass(frozen=True)
class Item:
    """One thing done or kept, and why, in the reply's words."""

    what: str
    why: str = ""
    purpose: str = ""  # the purpose's id in the register, where it is about one

    def as_dict(self) -> dict[str, str]:
        found = {"what": self.what, "why": self.why}
        return found | ({"purpose": self.purpose} if self.purpose else {})


@dataclass
class FulfilmentResult:
    request: RightsRequest
    kind: str
    outcome: str  # "completed", "refused" or "handed-over" (access: the pack)
    erased: list[Item] = field(default_factory=list)
    kept: list[Item] = field(default_factory=list)
    stopped: list[Item] = field(default_factory=list)  # purposes ended or restricted
    continued: list[Item] = field(default_factory=list)  # objections weighed: continuing
    changed: list[str] = field(default_factory=list)  # rectification: fields corrected
    refusals: list[Item] = field(default_factory=list)  # purposes the right does not reach
    reason: str = ""  # a refusal of the whole request: why
    recipients_to_tell: list[RecipientNotification] = field(default_factory=list)
    data: Any = None  # portability: the export

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.request.pk,
            "kind": self.kind,
            "outcome": self.outcome,
            "reason": self.reason,
            "erased": [i.as_dict() for i in self.erased],
            "kept": [i.as_dict() for i in self.kept],
            "stopped": [i.as_dict() for i in self.stopped],
            "continued": [i.as_dict() for i in self.continued],
            "changed": self.changed,
            "refusals": [i.as_dict() for i in self.refusals],
            "recipients_to_tell": [
                {
                    "recipient": n.recipient_id,
                    "name": n.recipient_name,
                    "action": n.action,
                    "status": n.status,
                }
                for n in self.recipients_to_tell
            ],
            # Portability: what the person provided, as JSON (the pack's export).
            "export": getattr(self.data, "data", self.data),
        }


# --- The rules for each of the person's purposes ------------------------------------------


@dataclass(frozen=True)
class LinkRules:
    link: PurposeLink
    name: str  # the purpose's name, in the register's words
    basis: LawfulBasis
    rules: dict[Right, RightRule]

    def rule(self, right: Right) -> RightRule:
        return self.rules[right]

    def label(self) -> str:
        return f"{self.name} (on the basis of {self.basis.label})"

    def item(self, why: str, what: str = "") -> Item:
        return Item(what or self.label(), why, self.link.purpose_id)


def _link_rules(person: Person) -> list[LinkRules]:
    """The rights table's answer for each open purpose link of the person."""
    try:
        purposes = {p.id: p for p in register_in_force(person.organisation_id).purposes}
    except NoRegisterInForce:
        purposes = {}
    found = []
    for link in person.purposes.filter(ended__isnull=True).order_by("purpose_id"):
        basis = LawfulBasis(link.basis)
        purpose = purposes.get(link.purpose_id)
        if purpose is not None and basis in rights_for_purpose(purpose):
            rules = rights_for_purpose(purpose)[basis]
            name = purpose.name
        else:  # a purpose since removed from the register: the basis alone decides
            rules, name = rights_for_basis(basis), link.purpose_id
        found.append(LinkRules(link, name, basis, rules))
    return found


def _why(rule: RightRule) -> str:
    return f"{rule.explanation} ({rule.reference})" if rule.reference else rule.explanation


def _end_links(person: Person, links: list[LinkRules], *, actor) -> list[Item]:
    ended = []
    for rules in links:
        people.end_purpose(person, actor=actor, purpose_id=rules.link.purpose_id)
        ended.append(rules.item("stopped at once"))
    return ended


# --- Entry point ---------------------------------------------------------------------------


def _check_ready(rights_request: RightsRequest) -> Person:
    if not rights_request.is_open:
        raise NotReady(f"the request is {rights_request.get_status_display()}: it is closed")
    waiting = {
        RequestStatus.AWAITING_IDENTITY,
        RequestStatus.AWAITING_FEE,
        RequestStatus.AWAITING_CLARIFICATION,
    }
    if rights_request.status in waiting:
        raise NotReady(f"the request is {rights_request.get_status_display()}")
    if rights_request.person_id is None:
        raise NotReady("no person is confirmed for this request yet: match and confirm first")
    person = Person.objects.get(pk=rights_request.person_id)
    if person.organisation_id != rights_request.organisation_id:
        raise NotReady("the person confirmed is not a person of this organisation")
    if person.erased_at is not None and rights_request.kind != RequestKind.ERASURE:
        raise NotReady("this person's data has been erased: there is nothing left to act on")
    return person


def fulfil(
    rights_request: RightsRequest,
    *,
    actor,
    changes: Mapping[str, Any] | None = None,
    purposes: list[str] | None = None,
    continue_on: Mapping[str, str] | None = None,
) -> FulfilmentResult:
    """Carry the request out, by its kind. See the module docstring.

    changes: rectification's corrections, field by field ({"family_name": "Smith",
    "email": "new@example.org"}); purposes: the purpose ids an objection or a withdrawal
    is about (default: every one the person has); continue_on: for an objection to a
    public task or legitimate interests, {purpose id: the compelling grounds} where the
    organisation continues after weighing it.
    Raises NotReady (no person confirmed, waiting, closed), InvalidValue (bad input,
    naming the field; nothing changed) or NotAvailable.
    """
    rights_request = RightsRequest.objects.get(pk=rights_request.pk)
    person = _check_ready(rights_request)
    kind = rights_request.kind
    if kind == RequestKind.UNCLEAR:
        raise InvalidValue("kind", "the request is not classified yet: say what it asks for first")
    if kind == RequestKind.ERASURE:
        return _erasure(rights_request, person, actor)
    if kind == RequestKind.RESTRICTION:
        return _restriction(rights_request, person, actor)
    if kind == RequestKind.OBJECTION:
        return _objection(rights_request, person, actor, purposes, continue_on or {})
    if kind == RequestKind.WITHDRAW_CONSENT:
        return _withdrawal(rights_request, person, actor, purposes)
    if kind == RequestKind.RECTIFICATION:
        return _rectification(rights_request, person, actor, changes)
    if kind == RequestKind.PORTABILITY:
        return _portability(rights_request, person, actor)
    if kind == RequestKind.ACCESS:
        return FulfilmentResult(
            rights_request,
            kind,
            "handed-over",
            reason="an access request is answered with the response pack: gather it, "
            "review it and send it",
        )
    raise InvalidValue("kind", f"{kind!r} is not a kind of request this can carry out")


def _complete(rights_request: RightsRequest, actor, summary: str) -> None:
    from .services import close_request

    record(
        AuditAction.CHANGE,
        actor=actor,
        target=rights_request,
        person=rights_request.person_id,
        summary=summary,
    )
    # Done, but the reply (the completion letter) is still to be sent: the request keeps
    # the requester's reply address until it is (lawful.rights.personal_data).
    close_request(
        rights_request, outcome="completed", on=timezone.localdate(), actor=actor, reply_sent=False
    )


def _refused(rights_request, kind, refusals: list[Item]) -> FulfilmentResult:
    reason = "; ".join(f"{i.what}: {i.why}" for i in refusals) or (
        "the person's data is not used for any purpose this right applies to"
    )
    return FulfilmentResult(rights_request, kind, "refused", refusals=refusals, reason=reason)


# --- Erasure (Art 17) ---------------------------------------------------------------------


def _erasure(rights_request, person: Person, actor) -> FulfilmentResult:
    kind = rights_request.kind
    if person.erased_at is not None:
        raise NotReady("this person's data has already been erased")
    links = _link_rules(person)
    must_keep = [r for r in links if not r.rule(Right.ERASURE).available]
    may_erase = [r for r in links if r.rule(Right.ERASURE).available]
    if must_keep and not may_erase:  # erasure reaches nothing: a refusal, nothing done
        return _refused(
            rights_request, kind, [r.item(_why(r.rule(Right.ERASURE))) for r in must_keep]
        )
    result = FulfilmentResult(rights_request, kind, "completed")
    with transaction.atomic():
        if must_keep:
            # The data still serves a purpose the law makes us keep it for: only the
            # other purposes stop; the identity and contact details stay, and say why.
            result.erased = [
                r.item("ended: erasure applies", f"use for {r.label()}") for r in may_erase
            ]
            _end_links(person, may_erase, actor=actor)
            result.kept = [r.item(_why(r.rule(Right.ERASURE))) for r in must_keep]
            result.kept.append(
                Item(
                    "your name and contact details",
                    "needed for the purposes above; deleted when they no longer need them",
                )
            )
        else:
            suppress_person(person, reason=Reason.ERASURE, actor=actor)
            outcome = registry.erase(rights_request.organisation, person, actor)
            for source_key, done in outcome.items():
                label = registry.source(source_key).label
                result.erased += [Item(what, label) for what in done.erased]
                result.kept += [Item(label, why) for why in done.kept]
            result.kept.append(
                Item(
                    "a coded (hashed) form of your contact details on our do-not-contact "
                    "list, not the details themselves",
                    "so that your details are not added again later (UK GDPR Article 17)",
                )
            )
        result.recipients_to_tell = notifications_to_send(rights_request, "erasure")
        _complete(rights_request, actor, "carried out an erasure request")
    return result


# --- Restriction (Art 18) -----------------------------------------------------------------


def _restriction(rights_request, person: Person, actor) -> FulfilmentResult:
    result = FulfilmentResult(rights_request, rights_request.kind, "completed")
    with transaction.atomic():
        registry.restrict(rights_request.organisation, person, actor)
        result.stopped = [
            Item(
                "every use of your information but storing it",
                "until the restriction is lifted; you will be told before it is (UK GDPR "
                "Article 18)",
            )
        ]
        result.recipients_to_tell = notifications_to_send(rights_request, "restriction")
        _complete(rights_request, actor, "carried out a restriction request")
    return result


def lift_restriction(person: Person, *, actor, reason: str) -> bool:
    """Lift a restriction (the person must be told first, Art 18(3)); audited with why.
    False if the person was not restricted."""
    reason = str(reason or "").strip()
    if not reason:
        raise InvalidValue("reason", "say why the restriction is lifted")
    with transaction.atomic():
        lifted = people.lift_restriction(person, actor=actor)
        if lifted:
            record(
                AuditAction.CHANGE,
                actor=actor,
                target=person,
                summary="the person was told before the restriction was lifted",
            )
    return lifted


# --- Objection (Art 21) and withdrawal of consent (Art 7(3)) ------------------------------


def _chosen(links: list[LinkRules], purposes: list[str] | None) -> list[LinkRules]:
    if purposes is None:
        return links
    held = {r.link.purpose_id for r in links}
    for purpose_id in purposes:
        if purpose_id not in held:
            raise InvalidValue(
                "purposes", f"{purpose_id!r} is not a purpose this person's data is used for"
            )
    return [r for r in links if r.link.purpose_id in purposes]


def _objection(rights_request, person, actor, purposes, continue_on) -> FulfilmentResult:
    kind = rights_request.kind
    links = _chosen(_link_rules(person), purposes)
    stop, weigh, refusals = [], [], []
    for rules in links:
        rule = rules.rule(Right.OBJECTION)
        if rule.absolute:
            stop.append(rules)  # direct marketing: at once, no weighing (Art 21(3))
        elif rule.available:
            weigh.append(rules)
        else:
            refusals.append(rules.item(_why(rule)))
    weighed = {r.link.purpose_id for r in weigh}
    for purpose_id in continue_on:
        if purpose_id not in weighed:
            raise InvalidValue(
                "continue_on",
                f"{purpose_id!r} is not a purpose whose objection is weighed (public task "
                "or legitimate interests) among those objected to",
            )
    for purpose_id, grounds in continue_on.items():
        if not str(grounds or "").strip():
            raise InvalidValue("continue_on", f"{purpose_id!r}: state the compelling grounds")
    if not stop and not weigh:
        return _refused(rights_request, kind, refusals)
    result = FulfilmentResult(rights_request, kind, "completed", refusals=refusals)
    continuing = [r for r in weigh if r.link.purpose_id in continue_on]
    ending = stop + [r for r in weigh if r.link.purpose_id not in continue_on]
    with transaction.atomic():
        result.stopped = _end_links(person, ending, actor=actor)
        if stop:
            suppress_person(person, reason=Reason.OBJECTION_TO_MARKETING, actor=actor)
            # consent: every marketing consent in the ledger withdrawn too, at once
            _withdraw_consents(rights_request, person, actor, marketing_only=True)
            result.kept.append(
                Item(
                    "a coded (hashed) form of your contact details on our do-not-contact list",
                    "so that we never send you marketing again (UK GDPR Article 21(3))",
                )
            )
        for rules in continuing:
            grounds = str(continue_on[rules.link.purpose_id]).strip()
            result.continued.append(rules.item(grounds))
            record(
                AuditAction.CHANGE,
                actor=actor,
                target=rules.link,
                person=person,
                summary=f"objection weighed: continuing {rules.link.purpose_id} on "
                "compelling legitimate grounds",
            )
        _complete(rights_request, actor, "carried out an objection")
    return result


def _withdrawal(rights_request, person, actor, purposes) -> FulfilmentResult:
    kind = rights_request.kind
    links = _chosen(_link_rules(person), purposes)
    ending = [r for r in links if r.rule(Right.WITHDRAW_CONSENT).available]
    refusals = [
        r.item(_why(r.rule(Right.WITHDRAW_CONSENT)))
        for r in links
        if not r.rule(Right.WITHDRAW_CONSENT).available
    ]
    if not ending:
        return _refused(rights_request, kind, refusals)
    result = FulfilmentResult(rights_request, kind, "completed", refusals=refusals)
    with transaction.atomic():
        result.stopped = _end_links(person, ending, actor=actor)
        # consent: the ledger's consents to those purposes withdrawn too, on every channel
        _withdraw_consents(
            rights_request, person, actor, purposes=[r.link.purpose_id for r in ending]
        )
        _complete(rights_request, actor, "carried out a withdrawal of consent")
    return result


def _withdraw_consents(rights_request, person, actor, **which) -> None:
    """consent: withdraw the person's consents in the consent ledger (lawful.consent), so
    that no list, export or send includes them, recorded as made by the request's way in."""
    from lawful.consent.services import withdraw_consents

    via = rights_request.via
    method = via if via in ("email", "phone", "in-person", "web-form") else "paper-form"
    withdraw_consents(
        rights_request.organisation,
        person,
        method=method,
        actor=actor,
        evidence=f"Rights request {rights_request.reference} "
        f"(by {rights_request.get_via_display()})",
        **which,
    )


# --- Rectification (Art 16) ---------------------------------------------------------------

CONTACT_FIELDS = {"email": ContactPoint.Kind.EMAIL, "phone": ContactPoint.Kind.PHONE}


def _rectification(rights_request, person, actor, changes) -> FulfilmentResult:
    if not changes:
        raise InvalidValue("changes", "say which fields to correct, and to what")
    allowed = (*people.PERSON_FIELDS, *CONTACT_FIELDS, "postal")
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidValue(
            unknown[0], f"not a field that can be corrected (these can: {', '.join(allowed)})"
        )
    result = FulfilmentResult(rights_request, rights_request.kind, "completed")
    with transaction.atomic():
        names = {k: v for k, v in changes.items() if k in people.PERSON_FIELDS}
        result.changed += people.update_person(person, actor=actor, **names) if names else []
        for name, kind in CONTACT_FIELDS.items():
            if name in changes:
                result.changed += _correct_contact(person, kind, changes[name], actor=actor)
        if "postal" in changes:
            postal = changes["postal"]
            if not isinstance(postal, Mapping):
                raise InvalidValue("postal", "give the postcode and the address lines")
            result.changed += _correct_contact(
                person,
                ContactPoint.Kind.POSTAL,
                postal.get("postcode", ""),
                address_lines=postal.get("address_lines", ""),
                actor=actor,
            )
        if not result.changed:
            raise InvalidValue("changes", "the corrections are what is held already: nothing to do")
        result.recipients_to_tell = notifications_to_send(rights_request, "rectification")
        _complete(rights_request, actor, "carried out a rectification request")
    return result


def _correct_contact(person, kind, value, *, actor, address_lines: str = "") -> list[str]:
    """Correct the person's primary contact point of this kind (add one if none)."""
    primary = person.contact_points.filter(kind=kind).order_by("-is_primary", "pk").first()
    if primary is None:
        people.add_contact_point(
            person, actor=actor, kind=kind, value=value, address_lines=address_lines
        )
        return [f"{kind} (added)"]
    fields = {"value": value}
    if kind == ContactPoint.Kind.POSTAL:
        fields["address_lines"] = address_lines
    changed = people.update_contact_point(primary, actor=actor, **fields)
    return [f"{kind} {name}" for name in changed]


# --- Portability (Art 20) -----------------------------------------------------------------


def _portability(rights_request, person, actor) -> FulfilmentResult:
    kind = rights_request.kind
    links = _link_rules(person)
    refusals = [
        r.item(_why(r.rule(Right.PORTABILITY)))
        for r in links
        if not r.rule(Right.PORTABILITY).available
    ]
    if not any(r.rule(Right.PORTABILITY).available for r in links):
        return _refused(rights_request, kind, refusals)
    result = FulfilmentResult(rights_request, kind, "completed", refusals=refusals)
    result.data = _portability_export()(rights_request.organisation, person)
    return result


def _portability_export():
    """The pack's export (lawful.rights.pack_service, from the rights-pack work)."""
    try:
        from .pack_service import portability_export
    except ImportError:
        raise NotAvailable(
            "the portability export is not available yet (it comes with the response pack)"
        ) from None
    return portability_export
