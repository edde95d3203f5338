"""The rules of casework, read from the register in force (plain Python, no Django).

    special_category_problems(register, purpose_id, categories, special, criminal)
    referral_purpose(register, case_purpose_id, categories, recipient_id)
    case_purposes(register)
    kept_after_closing(purpose)
    case_erasure(purpose)

A case names the special-category data it involves by the register's data-category ids
("health", "criminal-offences"). It may hold them only under a purpose of the register
that lists them, with the Article 9 condition (and, for criminal-offence data, the
Article 10 condition) that purpose states: a case cannot be saved with such data and no
condition the register allows. A referral goes only to a recipient the register names
for a purpose covering the case's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .register import Purpose, Register
from .rights import erasure_decision
from .vocab import (
    CriminalOffenceCondition,
    DataCategory,
    RecipientRole,
    RetentionTrigger,
    SpecialCategoryCondition,
)

# The register's categories that mean "the issue someone raised with us": a purpose
# that lists one is a purpose a case can fall under.
CASE_CATEGORY = DataCategory.CASE_DETAILS


@dataclass(frozen=True)
class CaseProblem:
    """A rule a case breaks: the field (as the API names it) and what is wrong."""

    field: str
    message: str


def case_purposes(register: Register) -> list[Purpose]:
    """The purposes a case may fall under: those that process case details and take no
    outside recipient as their main point (every purpose listing case-details)."""
    return [p for p in register.purposes if CASE_CATEGORY in p.data_categories]


def special_category_problems(
    register: Register,
    purpose_id: str,
    categories: Iterable[str],
    special_condition: str = "",
    criminal_condition: str = "",
) -> list[CaseProblem]:
    """What stops a case under `purpose_id` from holding these data categories with these
    conditions; empty when the register in force allows it."""
    problems: list[CaseProblem] = []
    purposes = {p.id: p for p in case_purposes(register)}
    purpose = purposes.get(purpose_id)
    if purpose is None:
        known = ", ".join(sorted(purposes)) or "none"
        return [
            CaseProblem(
                "purpose",
                f"{purpose_id!r} is not a casework purpose of the register in force "
                f"(it has: {known})",
            )
        ]
    found: list[DataCategory] = []
    for value in categories:
        try:
            category = DataCategory(value)
        except ValueError:
            problems.append(
                CaseProblem(
                    "special_categories", f"{value!r} is not a data category of the register"
                )
            )
            continue
        if not (category.is_special_category or category.is_criminal_offence):
            problems.append(
                CaseProblem(
                    "special_categories",
                    f"{value!r} is not special-category or criminal-offence data",
                )
            )
        elif category not in purpose.data_categories:
            problems.append(
                CaseProblem(
                    "special_categories",
                    f"the register's purpose {purpose.name!r} does not cover {value!r}: "
                    "a case under it cannot hold that data",
                )
            )
        else:
            found.append(category)
    special = [c for c in found if c.is_special_category]
    criminal = [c for c in found if c.is_criminal_offence]
    if special:
        allowed = purpose.special_category_condition
        if not special_condition:
            problems.append(
                CaseProblem(
                    "special_category_condition",
                    "special-category data ("
                    + ", ".join(c.value for c in special)
                    + ") needs an Article 9 condition"
                    + (f": the register allows {allowed.value!r}" if allowed else ""),
                )
            )
        elif not _same(SpecialCategoryCondition, special_condition, allowed):
            problems.append(
                CaseProblem(
                    "special_category_condition",
                    f"{special_condition!r} is not the Article 9 condition the register "
                    f"allows for {purpose.name!r}"
                    + (f" (it allows {allowed.value!r})" if allowed else " (it allows none)"),
                )
            )
    elif special_condition and not _known(SpecialCategoryCondition, special_condition):
        problems.append(
            CaseProblem(
                "special_category_condition",
                f"{special_condition!r} is not an Article 9 condition",
            )
        )
    if criminal:
        allowed_c = purpose.criminal_offence_condition
        if not criminal_condition:
            problems.append(
                CaseProblem(
                    "criminal_offence_condition",
                    "criminal-offence data needs an Article 10 condition"
                    + (f": the register allows {allowed_c.value!r}" if allowed_c else ""),
                )
            )
        elif not _same(CriminalOffenceCondition, criminal_condition, allowed_c):
            problems.append(
                CaseProblem(
                    "criminal_offence_condition",
                    f"{criminal_condition!r} is not the Article 10 condition the register "
                    f"allows for {purpose.name!r}"
                    + (f" (it allows {allowed_c.value!r})" if allowed_c else " (it allows none)"),
                )
            )
    elif criminal_condition and not _known(CriminalOffenceCondition, criminal_condition):
        problems.append(
            CaseProblem(
                "criminal_offence_condition",
                f"{criminal_condition!r} is not an Article 10 condition",
            )
        )
    return problems


def _known(vocabulary, value: str) -> bool:
    try:
        vocabulary(value)
    except ValueError:
        return False
    return True


def _same(vocabulary, value: str, allowed) -> bool:
    return allowed is not None and _known(vocabulary, value) and vocabulary(value) is allowed


def referral_purpose(
    register: Register, categories: Iterable[str], recipient_id: str
) -> Purpose | CaseProblem:
    """The purpose of the register under which a case holding these data categories may
    be shared with the recipient: one that names the recipient (an independent
    controller, not our own processor), covers case details and every special category
    the case holds. A CaseProblem naming `recipient` when there is none."""
    recipient = register.recipients.get(recipient_id)
    if recipient is None:
        known = ", ".join(sorted(register.recipients)) or "none"
        return CaseProblem(
            "recipient",
            f"{recipient_id!r} is not a recipient in the register in force (it names: {known})",
        )
    if recipient.role is RecipientRole.PROCESSOR:
        return CaseProblem(
            "recipient",
            f"{recipient.name} acts on our instructions (a processor): a case is not "
            "referred to them",
        )
    wanted = {DataCategory(c) for c in categories if _known(DataCategory, c)}
    for purpose in register.purposes:
        if recipient_id not in purpose.recipients:
            continue
        if CASE_CATEGORY not in purpose.data_categories:
            continue
        if not wanted <= set(purpose.data_categories):
            continue
        return purpose
    return CaseProblem(
        "recipient",
        f"the register in force does not name {recipient.name} as a recipient for a "
        "purpose covering this case's data: it may not be shared with them",
    )


def basis_words(purpose: Purpose) -> str:
    """The basis of a disclosure under a purpose, in words for the log."""
    parts = [" or ".join(b.basis.value for b in purpose.bases)]
    if purpose.special_category_condition:
        parts.append(f"Art 9: {purpose.special_category_condition.value}")
    if purpose.criminal_offence_condition:
        parts.append(f"Art 10: {purpose.criminal_offence_condition.value}")
    return f"{purpose.id} ({'; '.join(parts)})"


# What of a closed case the retention rule keeps when its period has run: the words of
# the register's `then:` decide; with none, nothing is kept.
MINIMAL_SUMMARY = ("constituent", "subject", "opened_on", "closed_on")


def kept_after_closing(purpose: Purpose | None) -> tuple[str, ...]:
    """The fields of a closed case its retention rule keeps once the period has run (a
    minimal closed-case summary when the rule says something is kept)."""
    if purpose is None or purpose.retention is None:
        return MINIMAL_SUMMARY
    if purpose.retention.permanent:
        return ("everything",)
    return MINIMAL_SUMMARY if purpose.retention.then else ()


def retention_counts_from(purpose: Purpose | None) -> str:
    """Which date of a case the retention period runs from: 'closed', 'opened' or ''."""
    if purpose is None or purpose.retention is None:
        return "closed"
    trigger = purpose.retention.trigger
    if trigger in (RetentionTrigger.CASE_CLOSED, RetentionTrigger.LAST_CONTACT):
        return "closed"
    if trigger in (RetentionTrigger.COLLECTION, RetentionTrigger.RECORDING):
        return "opened"
    return ""


@dataclass(frozen=True)
class CaseErasure:
    erase: bool
    reason: str


def case_erasure(purpose: Purpose | None) -> CaseErasure:
    """Whether a person's case under this purpose is erased on request (the rights table),
    or kept and why (legal claims, a basis without the right to erasure)."""
    if purpose is None:
        return CaseErasure(True, "its purpose is no longer in the register")
    if purpose.legal_claims:
        return CaseErasure(
            False,
            f"kept under {purpose.name!r}: needed to establish, exercise or defend legal "
            "claims (UK GDPR Article 17(3)(e))",
        )
    rule = erasure_decision(purpose)
    if rule.available:
        return CaseErasure(True, rule.explanation)
    return CaseErasure(False, f"kept under {purpose.name!r}: {rule.explanation}")


def default_case_purpose(register: Register, categories: Iterable[str] = ()) -> Purpose | None:
    """The purpose a new case falls under when none is named: the first casework purpose
    that covers the data categories it holds (else the first casework purpose)."""
    purposes = case_purposes(register)
    wanted = {c for c in categories if _known(DataCategory, c)}
    for purpose in purposes:
        if wanted <= {c.value for c in purpose.data_categories}:
            return purpose
    return purposes[0] if purposes else None
