"""The legal rules a register must satisfy, each reported with the line it concerns.

`check_register` is what `lawful register check` runs and what the staff dashboard shows;
it never raises for a rule broken, it lists them.
"""

import re
from collections.abc import Callable, Iterator
from datetime import date

import yaml

from .register import Problem, Purpose, Register, parse_register
from .vocab import (
    UK,
    UK_ADEQUATE_COUNTRIES,
    LawfulBasis,
    NoticeStatus,
    OrganisationKind,
    TransferSafeguard,
)

COUNCILS = frozenset(
    {
        OrganisationKind.PARISH_COUNCIL,
        OrganisationKind.TOWN_COUNCIL,
        OrganisationKind.PARISH_MEETING,
    }
)

# Text a template left behind: "[institution]", "[e.g. other data controllers", "** amend".
_PLACEHOLDER = re.compile(r"\[|\*\*")


def check_text(text: str, today: date) -> list[Problem]:
    """Every problem in register YAML text: of form first, then of law."""
    register, problems = parse_register(text)
    if register is not None:
        problems += check_register(register, today)
    return sorted(set(problems))


def check_register(register: Register, today: date) -> list[Problem]:
    problems: list[Problem] = []
    for rule in REGISTER_RULES:
        problems.extend(rule(register, today))
    for purpose in register.purposes:
        for rule in PURPOSE_RULES:
            problems.extend(rule(register, purpose))
    return sorted(set(problems))


# --- Rules about one purpose ---------------------------------------------------------

PurposeRule = Callable[[Register, Purpose], Iterator[Problem]]


def special_category_needs_condition(register: Register, p: Purpose) -> Iterator[Problem]:
    if p.special_categories and p.special_category_condition is None:
        names = ", ".join(c.value for c in p.special_categories)
        yield Problem(
            p.line_of("data_categories"),
            f"purpose '{p.id}' processes special-category data ({names}) "
            "without an Article 9 condition (special_category_condition)",
        )


def criminal_offence_needs_condition(register: Register, p: Purpose) -> Iterator[Problem]:
    if p.has_criminal_offence_data and p.criminal_offence_condition is None:
        yield Problem(
            p.line_of("data_categories"),
            f"purpose '{p.id}' processes criminal offence data without an Article 10 "
            "condition (criminal_offence_condition)",
        )


def condition_needs_policy_document(register: Register, p: Purpose) -> Iterator[Problem]:
    if register.appropriate_policy_document:
        return
    for key in ("special_category_condition", "criminal_offence_condition"):
        condition = getattr(p, key)
        if condition is not None and condition.info.needs_policy_document:
            yield Problem(
                p.line_of(key),
                f"purpose '{p.id}' relies on {condition.info.reference} "
                f"({condition.info.label}), which needs an appropriate policy document: "
                "name it in appropriate_policy_document",
            )


def marketing_needs_channels(register: Register, p: Purpose) -> Iterator[Problem]:
    if p.marketing_channels and not p.direct_marketing:
        yield Problem(
            p.line_of("marketing_channels"),
            f"purpose '{p.id}' names marketing channels but is not marked direct_marketing",
        )
    if not p.direct_marketing:
        return
    if not p.marketing_channels:
        yield Problem(
            p.line_of("direct_marketing"),
            f"purpose '{p.id}' is direct marketing but names no marketing_channels: "
            "consent must be specific to each channel",
        )
    electronic = [c for c in p.marketing_channels if c.is_electronic_marketing]
    if electronic and LawfulBasis.CONSENT not in p.basis_set:
        names = ", ".join(c.value for c in electronic)
        yield Problem(
            p.line_of("marketing_channels"),
            f"purpose '{p.id}' markets by {names} without consent as a lawful basis: "
            "PECR requires specific prior consent for electronic marketing",
        )


def legitimate_interests_need_interest(register: Register, p: Purpose) -> Iterator[Problem]:
    if LawfulBasis.LEGITIMATE_INTERESTS in p.basis_set and not p.legitimate_interest:
        yield Problem(
            p.line_of("lawful_basis"),
            f"purpose '{p.id}' relies on legitimate interests without stating the interest "
            "(legitimate_interest)",
        )


def purpose_needs_retention(register: Register, p: Purpose) -> Iterator[Problem]:
    rule = p.retention
    if rule is None:
        yield Problem(p.line, f"purpose '{p.id}' has no retention rule")
        return
    if rule.period is None and not rule.permanent and not rule.trigger.is_open_ended:
        yield Problem(
            rule.line,
            f"purpose '{p.id}': retention {rule.trigger.label} needs a period",
        )
    if rule.permanent and not rule.reason:
        yield Problem(rule.line, f"purpose '{p.id}': permanent retention needs a reason")


def transfers_need_safeguards(register: Register, p: Purpose) -> Iterator[Problem]:
    for t in p.transfers:
        if t.country == UK:
            continue
        if t.safeguard is None:
            yield Problem(
                t.line,
                f"purpose '{p.id}' transfers data to {t.country} (outside the UK) "
                "without a safeguard",
            )
        elif t.safeguard is TransferSafeguard.ADEQUACY and t.country not in UK_ADEQUATE_COUNTRIES:
            yield Problem(
                t.line,
                f"purpose '{p.id}': {t.country} has no UK adequacy regulations; "
                "name another safeguard",
            )
        if t.recipient and t.recipient not in p.recipients:
            yield Problem(
                t.line,
                f"purpose '{p.id}' transfers to '{t.recipient}', which is not among its recipients",
            )


def recipients_must_be_known(register: Register, p: Purpose) -> Iterator[Problem]:
    for rid in p.recipients:
        if rid not in register.recipients:
            yield Problem(
                p.line_of("recipients"),
                f"purpose '{p.id}' shares with unknown recipient '{rid}'",
            )


PURPOSE_RULES: tuple[PurposeRule, ...] = (
    special_category_needs_condition,
    criminal_offence_needs_condition,
    condition_needs_policy_document,
    marketing_needs_channels,
    legitimate_interests_need_interest,
    purpose_needs_retention,
    transfers_need_safeguards,
    recipients_must_be_known,
)


# --- Rules about the whole register --------------------------------------------------

RegisterRule = Callable[[Register, date], Iterator[Problem]]


def notice_review_not_overdue(register: Register, today: date) -> Iterator[Problem]:
    doc = register.document
    if doc.next_review is not None and doc.next_review < today:
        yield Problem(
            doc.line_of("next_review"),
            f"the notice's review was due on {doc.next_review.isoformat()} and has passed",
        )


def notice_has_adopted_version(register: Register, today: date) -> Iterator[Problem]:
    if register.document.current_version is None:
        yield Problem(register.document.line_of("versions"), "the notice has no adopted version")
    if register.controller.kind not in COUNCILS:
        return  # a councillor or a party adopts its notice without a minute book
    for v in register.document.versions:
        if v.status is NoticeStatus.ADOPTED and not v.minute:
            yield Problem(v.line, f"notice version {v.version} is adopted without a minute")


def public_authority_needs_dpo(register: Register, today: date) -> Iterator[Problem]:
    c = register.controller
    if c.public_authority and c.dpo is None:
        yield Problem(
            c.line_of("public_authority"),
            "a public authority must designate a DPO (controller: dpo)",
        )


def no_placeholder_text(register: Register, today: date) -> Iterator[Problem]:
    # Look inside text values only: a YAML list `[a, b]` is syntax, not a placeholder.
    for node in _scalars(yaml.compose(register.source, Loader=yaml.SafeLoader)):
        if isinstance(node.value, str) and _PLACEHOLDER.search(node.value):
            yield Problem(node.start_mark.line + 1, f"placeholder text left in: {node.value!r}")


def _scalars(node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _scalars(value)


REGISTER_RULES: tuple[RegisterRule, ...] = (
    notice_review_not_overdue,
    notice_has_adopted_version,
    public_authority_needs_dpo,
    no_placeholder_text,
)
