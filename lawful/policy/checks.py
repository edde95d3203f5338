"""The legal rules a register must satisfy, each reported with the line it concerns.

`check_register` is what `lawful register check` runs and what the staff dashboard shows;
it never raises for a rule broken, it lists them.
"""

import re
from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain, islice

from .register import (
    MAX_PROBLEMS,
    WARNING,
    Problem,
    Purpose,
    Register,
    parse_register,
    sorted_problems,
    too_many,
)
from .safe_yaml import shown
from .vocab import (
    UK,
    UK_ADEQUACY,
    US,
    CriminalOffenceCondition,
    LawfulBasis,
    NoticeStatus,
    OrganisationKind,
    RecipientRole,
    SpecialCategoryCondition,
    SubjectType,
    TransferSafeguard,
)

COUNCILS = frozenset(
    {
        OrganisationKind.PARISH_COUNCIL,
        OrganisationKind.TOWN_COUNCIL,
        OrganisationKind.PARISH_MEETING,
    }
)

# Text a template left behind: "[institution]", "[and appraise]", "[or by post]",
# "[e.g. other data controllers" (never closed), "** amend as appropriate". Not a
# placeholder: Markdown emphasis ("**Important**") and legal citations in brackets
# ("[c. 2]", "[2018]", "[1998 c. 29]", "[2018] EWHC 123").
_CITATION = re.compile(r"\[(?:\d{4}(?:\s+c\.\s*\d+)?|c\.\s*\d+)\]")
_EMPHASIS = re.compile(r"\*\*(?=\S)[^*]*?(?<=\S)\*\*")  # **bold**, not "** amend"
# [text](url); neither part may hold its own opening bracket, so a line of "[[[[" or
# "[](" is scanned once, not once per bracket.
_LINK = re.compile(r"\[[^\[\]]*\]\([^()]*\)")
_PLACEHOLDER = re.compile(r"\*\*|\[")


def check_text(text: str, today: date) -> list[Problem]:
    """Every problem in register YAML text: of form first, then of law."""
    register, problems = parse_register(text)
    if register is not None:
        problems += check_register(register, today)
    return sorted_problems(problems)


def check_register(register: Register, today: date) -> list[Problem]:
    found = chain(
        (p for rule in REGISTER_RULES for p in rule(register, today)),
        (
            p
            for purpose in register.purposes
            for rule in PURPOSE_RULES
            for p in rule(register, purpose)
        ),
    )
    problems = list(islice(found, MAX_PROBLEMS + 1))
    if len(problems) > MAX_PROBLEMS:  # stop early: a rule broken 100,000 times says enough
        problems[MAX_PROBLEMS:] = [too_many(problems[MAX_PROBLEMS].line)]
    return sorted_problems(problems)


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


def electronic_marketing_needs_consent_per_channel(
    register: Register, p: Purpose
) -> Iterator[Problem]:
    """PECR regs 19, 21A, 22: each electronic channel used for direct marketing needs the
    person's consent to that channel; consent to post does not cover email."""
    for choice in p.bases:
        for channel in choice.channels:
            if channel not in p.marketing_channels:
                yield Problem(
                    choice.line,
                    f"purpose '{p.id}': the {choice.basis.value} basis names channel "
                    f"'{channel.value}', which is not among its marketing_channels",
                )
            elif channel.is_electronic_marketing and choice.basis is not LawfulBasis.CONSENT:
                yield Problem(
                    choice.line,
                    f"purpose '{p.id}': marketing by {channel.label} cannot rest on "
                    f"{choice.basis.value}: PECR requires the person's consent to it",
                )
    if not p.direct_marketing:
        return
    consents = [b for b in p.bases if b.basis is LawfulBasis.CONSENT]
    for channel in p.marketing_channels:
        if not channel.is_electronic_marketing:
            continue
        if not consents:
            yield Problem(
                p.line_of("marketing_channels"),
                f"purpose '{p.id}' markets by {channel.value} without consent as a lawful "
                "basis: PECR requires specific prior consent for electronic marketing",
            )
        elif not any(not b.channels or channel in b.channels for b in consents):
            covered = ", ".join(c.value for b in consents for c in b.channels)
            yield Problem(
                p.line_of("marketing_channels"),
                f"purpose '{p.id}' markets by {channel.value}, but its consent covers only "
                f"{covered}: PECR needs consent to each electronic channel",
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
        else:
            yield from _safeguard_fits_destination(p, t)
        if t.recipient and t.recipient not in p.recipients:
            yield Problem(
                t.line,
                f"purpose '{p.id}' transfers to '{t.recipient}', which is not among its recipients",
            )


def _safeguard_fits_destination(p: Purpose, t) -> Iterator[Problem]:
    """UK GDPR Art 45 with DPA 2018 s17A: adequacy regulations cover only the countries,
    and sometimes only the sectors, they name; the data bridge covers only the US."""
    bridge = t.safeguard is TransferSafeguard.DATA_BRIDGE
    if bridge and t.country != US:
        yield Problem(
            t.line,
            f"purpose '{p.id}': the UK-US data bridge covers only transfers to the United "
            f"States, not {t.country}; name another safeguard",
        )
        return
    if t.safeguard is TransferSafeguard.ADEQUACY and t.country == US:
        yield Problem(
            t.line,
            f"purpose '{p.id}': UK adequacy for the US is the UK-US data bridge, which covers "
            "only certified organisations: name uk-us-data-bridge or another safeguard",
        )
        return
    if not bridge and t.safeguard is not TransferSafeguard.ADEQUACY:
        return
    if t.country not in UK_ADEQUACY:
        yield Problem(
            t.line,
            f"purpose '{p.id}': {t.country} has no UK adequacy regulations; name another safeguard",
        )
    elif UK_ADEQUACY[t.country] and not t.in_scope:
        yield Problem(
            t.line,
            f"purpose '{p.id}': UK adequacy for {t.country} is partial: it covers only "
            f"{UK_ADEQUACY[t.country]}. Check that '{t.recipient}' is one and say "
            "in_scope: true, or name another safeguard",
            WARNING,
        )


def recipients_must_be_known(register: Register, p: Purpose) -> Iterator[Problem]:
    for rid in p.recipients:
        if rid not in register.recipients:
            yield Problem(
                p.line_of("recipients"),
                f"purpose '{p.id}' shares with unknown recipient '{rid}'",
            )


def purpose_states_requirement(register: Register, p: Purpose) -> Iterator[Problem]:
    """UK GDPR Art 13(2)(e): whether giving the data is required, and what follows if not."""
    if p.requirement is None and "requirement" not in p.lines:
        yield Problem(
            p.line,
            f"purpose '{p.id}' does not say whether people must give this information and "
            "what happens if they do not (requirement: kind and consequence, Art 13(2)(e))",
        )


def recognised_interest_named(register: Register, p: Purpose) -> Iterator[Problem]:
    """Art 6(1)(ea) and Art 6(5): only a condition in Annex 1 is a recognised interest."""
    relies = LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS in p.basis_set
    if relies and p.recognised_interest is None and "recognised_interest" not in p.lines:
        yield Problem(
            p.line_of("lawful_basis"),
            f"purpose '{p.id}' relies on a recognised legitimate interest without naming it "
            "(recognised_interest: public-task-disclosure, national-security, emergencies, "
            "crime or safeguarding)",
        )
    if p.recognised_interest is not None and not relies:
        yield Problem(
            p.line_of("recognised_interest"),
            f"purpose '{p.id}' names a recognised_interest but its lawful basis is not "
            "recognised-legitimate-interests",
        )


# DPA 2018 s7(3): parish and town councils and parish meetings are excluded from "public
# authority" for the UK GDPR, so the final sentence of Art 6(1) does not reach them.
_INTERESTS_BASES = (LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS)


def public_authority_interests(register: Register, p: Purpose) -> Iterator[Problem]:
    """Art 6(1), final sentence as amended by the DUAA 2025: points (ea) and (f) do not
    apply to processing by public authorities in the performance of their tasks."""
    if not register.controller.public_authority:
        return
    for choice in p.bases:
        if choice.basis in _INTERESTS_BASES:
            yield Problem(
                choice.line,
                f"purpose '{p.id}': a public authority may not rely on "
                f"{choice.basis.label} ({choice.basis.article}) for its tasks; use it only "
                "for what falls outside them, and say why",
                WARNING,
            )


_MEMBERS_AND_CONTACTS = frozenset(
    {SubjectType.SUPPORTERS, SubjectType.VOLUNTEERS, SubjectType.SUBSCRIBERS}
)


def condition_fits_controller(register: Register, p: Purpose) -> Iterator[Problem]:
    """Conditions only some controllers may use (DPA 2018 Sch 1 paras 22-24; Art 9(2)(d))."""
    c = register.controller
    special, criminal = p.special_category_condition, p.criminal_offence_condition
    if special is SpecialCategoryCondition.POLITICAL_PARTIES and not c.registered_party:
        yield Problem(
            p.line_of("special_category_condition"),
            f"purpose '{p.id}' relies on political-parties (DPA 2018 Sch 1 para 22), which "
            "only a party registered under PPERA 2000 may use (controller: registered_party)",
        )
    if special is SpecialCategoryCondition.NOT_FOR_PROFIT:
        yield from _not_for_profit_fits(register, p)
    para_23 = (
        SpecialCategoryCondition.ELECTED_REPRESENTATIVES,
        CriminalOffenceCondition.ELECTED_REPRESENTATIVES,
    )
    if c.kind is not OrganisationKind.COUNCILLOR:
        for key, condition in (
            ("special_category_condition", special),
            ("criminal_offence_condition", criminal),
        ):
            if condition in para_23:
                yield Problem(
                    p.line_of(key),
                    f"purpose '{p.id}' relies on elected-representatives (DPA 2018 Sch 1 "
                    f"para 23), which only an elected representative may use, not a "
                    f"{c.kind.label}; a body disclosing to one uses "
                    "disclosure-to-elected-representatives (para 24)",
                )


def _not_for_profit_fits(register: Register, p: Purpose) -> Iterator[Problem]:
    """Art 9(2)(d): a not-for-profit body with a political, philosophical, religious or
    trade-union aim, about its members or regular contacts, not disclosed outside it."""
    c, line = register.controller, p.line_of("special_category_condition")
    if c.not_for_profit_aim is None:
        yield Problem(
            line,
            f"purpose '{p.id}' relies on not-for-profit (UK GDPR Art 9(2)(d)), which only a "
            "not-for-profit body with a political, philosophical, religious or trade-union "
            "aim may use (controller: not_for_profit_aim)",
        )
    others = [s.value for s in p.data_subjects if s not in _MEMBERS_AND_CONTACTS]
    if others:
        yield Problem(
            p.line_of("data_subjects"),
            f"purpose '{p.id}' relies on not-for-profit (Art 9(2)(d)), which covers only "
            f"members and people in regular contact with the body, not {', '.join(others)}",
        )
    for rid in p.recipients:
        recipient = register.recipients.get(rid)
        if recipient is not None and recipient.role is not RecipientRole.PROCESSOR:
            yield Problem(
                p.line_of("recipients"),
                f"purpose '{p.id}' relies on not-for-profit (Art 9(2)(d)) but shares with "
                f"'{rid}', outside the body: that needs the person's consent",
                WARNING,
            )


def automated_decisions_allowed(register: Register, p: Purpose) -> Iterator[Problem]:
    """UK GDPR Arts 22A-22D (DUAA 2025 s80)."""
    decision = p.automated_decision
    if decision is None:
        return
    if not register.automated_decision_making:
        yield Problem(
            decision.line,
            f"purpose '{p.id}' makes decisions by automated means alone, but the register "
            "says none are made: describe them in automated_decision_making",
        )
    if decision.significant and LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS in p.basis_set:
        yield Problem(
            decision.line,
            f"purpose '{p.id}' takes a significant decision by automated means alone relying "
            "on a recognised legitimate interest, which Art 22B(4) forbids: involve a person "
            "meaningfully, or use another lawful basis",
        )
    if not (decision.significant and p.special_categories):
        return
    # Art 22B(1)-(2): a significant decision based on special category data only with explicit
    # consent, or where needed for a contract or required or authorised by law and
    # Art 9(2)(g) (substantial public interest) applies.
    condition = p.special_category_condition
    if decision.condition == "explicit-consent":
        allowed = condition is SpecialCategoryCondition.EXPLICIT_CONSENT
    elif decision.condition in ("contract", "law"):
        allowed = condition is not None and condition.substantial_public_interest
    else:
        allowed = False
    if not allowed:
        yield Problem(
            decision.line,
            f"purpose '{p.id}' takes a significant decision by automated means alone using "
            "special-category data: Art 22B allows it only with explicit consent, or when a "
            "contract or the law needs it and a substantial-public-interest condition applies",
        )


PURPOSE_RULES: tuple[PurposeRule, ...] = (
    special_category_needs_condition,
    criminal_offence_needs_condition,
    condition_needs_policy_document,
    condition_fits_controller,
    marketing_needs_channels,
    electronic_marketing_needs_consent_per_channel,
    legitimate_interests_need_interest,
    recognised_interest_named,
    public_authority_interests,
    purpose_states_requirement,
    automated_decisions_allowed,
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
    """Art 37(1)(a) and DPA 2018 s7: a public authority must designate a DPO, but parish
    and town councils and parish meetings are not public authorities for this (s7(3))."""
    c = register.controller
    if c.public_authority and c.kind in COUNCILS:
        yield Problem(
            c.line_of("public_authority"),
            f"a {c.kind.label} is not a public authority for the UK GDPR (DPA 2018 s7(3)): "
            "set public_authority: false",
        )
        return
    if c.kind is OrganisationKind.OTHER_PUBLIC_AUTHORITY and not c.public_authority:
        yield Problem(
            c.line_of("public_authority"),
            "the controller's kind is public-authority: set public_authority: true",
        )
    if c.public_authority and c.dpo is None:
        yield Problem(
            c.line_of("public_authority"),
            "a public authority must designate a DPO (controller: dpo)",
        )


def registered_party_is_a_party(register: Register, today: date) -> Iterator[Problem]:
    c = register.controller
    if c.registered_party and c.kind is not OrganisationKind.POLITICAL_PARTY:
        yield Problem(
            c.line_of("registered_party"),
            f"only a political party can be registered under PPERA 2000, not a {c.kind.label}",
        )


def no_placeholder_text(register: Register, today: date) -> Iterator[Problem]:
    # Text values only, as the loader read them: a YAML list `[a, b]` is syntax, not a
    # placeholder, and the file is not parsed a second time.
    for line, text in register.texts:
        if has_placeholder(text):
            yield Problem(line, f"placeholder text left in: {shown(text, 200)!r}")


def has_placeholder(text: str) -> bool:
    """Whether a template left text behind, ignoring legal citations and emphasis."""
    for harmless in (_CITATION, _EMPHASIS, _LINK):
        text = harmless.sub("", text)
    return bool(_PLACEHOLDER.search(text))


REGISTER_RULES: tuple[RegisterRule, ...] = (
    notice_review_not_overdue,
    notice_has_adopted_version,
    public_authority_needs_dpo,
    registered_party_is_a_party,
    no_placeholder_text,
)
