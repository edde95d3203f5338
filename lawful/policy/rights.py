"""Which rights apply to a purpose, and how: one table, from the lawful basis.

UK GDPR Art 17(3)(b) (no erasure where processing is needed for a legal obligation or a
public task), Art 20(1) (portability only for consent or contract, by automated means),
Art 21(1) (objection to public task or legitimate interests, weighed against our
grounds), Art 21(2)-(3) (objection to direct marketing is absolute), Art 7(3)
(withdrawal of consent). The notice, the rights desk and the API all ask this module.
"""

from dataclasses import dataclass
from enum import StrEnum

from .register import Purpose
from .vocab import LawfulBasis, Right


class Applies(StrEnum):
    YES = "yes"
    NO = "no"
    BALANCED = "balanced"  # applies, but we may continue on compelling legitimate grounds
    ABSOLUTE = "absolute"  # applies and we must stop at once


@dataclass(frozen=True)
class RightRule:
    applies: Applies
    explanation: str  # plain English, for the notice and for refusal letters
    reference: str = ""

    @property
    def available(self) -> bool:
        return self.applies is not Applies.NO


_ERASURE_YES = RightRule(Applies.YES, "You can ask us to delete it.", "UK GDPR Article 17")
_OBJECTION_NO = RightRule(
    Applies.NO,
    "The right to object does not apply to this basis.",
    "UK GDPR Article 21(1)",
)
_PORTABILITY_NO = RightRule(
    Applies.NO,
    "Data portability applies only where we rely on consent or a contract.",
    "UK GDPR Article 20(1)",
)
_OBJECTION_BALANCED = RightRule(
    Applies.BALANCED,
    "You can object; we must stop unless we have compelling legitimate grounds that "
    "override your interests, rights and freedoms, or we need it for legal claims.",
    "UK GDPR Article 21(1)",
)

# The table of DESIGN.md: basis -> the rights whose availability depends on it.
RIGHTS_BY_BASIS: dict[LawfulBasis, dict[Right, RightRule]] = {
    LawfulBasis.CONSENT: {
        Right.ERASURE: _ERASURE_YES,
        Right.PORTABILITY: RightRule(
            Applies.YES,
            "You can ask for the data you gave us in a machine-readable form.",
            "UK GDPR Article 20",
        ),
        Right.OBJECTION: RightRule(
            Applies.NO,
            "Instead of objecting, you can withdraw your consent at any time.",
            "UK GDPR Article 21(1)",
        ),
        Right.WITHDRAW_CONSENT: RightRule(
            Applies.YES,
            "You can withdraw your consent at any time, as easily as you gave it; we then "
            "stop this use of your information.",
            "UK GDPR Article 7(3)",
        ),
    },
    LawfulBasis.CONTRACT: {
        Right.ERASURE: _ERASURE_YES,
        Right.PORTABILITY: RightRule(
            Applies.YES,
            "You can ask for the data you gave us in a machine-readable form.",
            "UK GDPR Article 20",
        ),
        Right.OBJECTION: _OBJECTION_NO,
    },
    LawfulBasis.LEGAL_OBLIGATION: {
        Right.ERASURE: RightRule(
            Applies.NO,
            "We cannot delete it while the law requires us to keep it.",
            "UK GDPR Article 17(3)(b)",
        ),
        Right.PORTABILITY: _PORTABILITY_NO,
        Right.OBJECTION: _OBJECTION_NO,
    },
    LawfulBasis.VITAL_INTERESTS: {
        Right.ERASURE: _ERASURE_YES,
        Right.PORTABILITY: _PORTABILITY_NO,
        Right.OBJECTION: _OBJECTION_NO,
    },
    LawfulBasis.PUBLIC_TASK: {
        Right.ERASURE: RightRule(
            Applies.NO,
            "We cannot delete it while we need it to carry out our public task or "
            "official functions.",
            "UK GDPR Article 17(3)(b)",
        ),
        Right.PORTABILITY: _PORTABILITY_NO,
        Right.OBJECTION: _OBJECTION_BALANCED,
    },
    LawfulBasis.LEGITIMATE_INTERESTS: {
        Right.ERASURE: _ERASURE_YES,
        Right.PORTABILITY: _PORTABILITY_NO,
        Right.OBJECTION: _OBJECTION_BALANCED,
    },
}

# Rights that do not depend on the basis.
_ALWAYS: dict[Right, RightRule] = {
    Right.INFORMED: RightRule(Applies.YES, "This notice tells you how we use your information."),
    Right.ACCESS: RightRule(
        Applies.YES,
        "You can ask for a copy of your information, free of charge.",
        "UK GDPR Article 15",
    ),
    Right.RECTIFICATION: RightRule(
        Applies.YES,
        "You can ask us to correct or complete it; we also tell anyone we shared it with.",
        "UK GDPR Articles 16 and 19",
    ),
    Right.RESTRICTION: RightRule(
        Applies.YES,
        "You can ask us to store it but not otherwise use it, for example while we check "
        "its accuracy.",
        "UK GDPR Article 18",
    ),
    Right.AUTOMATED_DECISIONS: RightRule(
        Applies.YES,
        "You have the right not to be subject to a decision made solely by automated "
        "means that has legal or similarly significant effects on you.",
        "UK GDPR Article 22",
    ),
    Right.COMPLAIN: RightRule(
        Applies.YES,
        "You can complain to us, to the Information Commissioner's Office, or to the courts.",
        "DPA 2018 s164A; UK GDPR Article 77",
    ),
}

_MARKETING_OBJECTION = RightRule(
    Applies.ABSOLUTE,
    "You can tell us to stop sending you marketing, including political campaigning, at "
    "any time; we stop at once and stop any profiling for it.",
    "UK GDPR Article 21(2) and (3)",
)
_NOT_AUTOMATED = RightRule(
    Applies.NO,
    "Data portability applies only to information processed by automated means.",
    "UK GDPR Article 20(1)(b)",
)
_NO_WITHDRAWAL = RightRule(
    Applies.NO,
    "We do not rely on your consent for this.",
    "UK GDPR Article 7(3)",
)


def rights_for_basis(
    basis: LawfulBasis, *, direct_marketing: bool = False, automated_means: bool = True
) -> dict[Right, RightRule]:
    """Every right, and whether and how it applies, for one lawful basis."""
    rules = dict(_ALWAYS)
    rules[Right.WITHDRAW_CONSENT] = _NO_WITHDRAWAL
    rules.update(RIGHTS_BY_BASIS[basis])
    if rules[Right.PORTABILITY].available and not automated_means:
        rules[Right.PORTABILITY] = _NOT_AUTOMATED
    if direct_marketing:
        rules[Right.OBJECTION] = _MARKETING_OBJECTION
    return {right: rules[right] for right in Right if right in rules}


def rights_for_purpose(purpose: Purpose) -> dict[LawfulBasis, dict[Right, RightRule]]:
    """The rights for each basis a purpose states (several when alternatives are given)."""
    return {
        choice.basis: rights_for_basis(
            choice.basis,
            direct_marketing=purpose.direct_marketing,
            automated_means=purpose.automated_means,
        )
        for choice in purpose.bases
    }


def available_rights(purpose: Purpose) -> list[Right]:
    """Rights that apply to a purpose under at least one of its bases, in Right order."""
    per_basis = rights_for_purpose(purpose).values()
    return [r for r in Right if any(rules[r].available for rules in per_basis)]


def erasure_decision(purpose: Purpose, basis: LawfulBasis | None = None) -> RightRule:
    """Whether erasure is owed for data held for a purpose, and the reason if refused.

    With several bases, pass the one the person's data is actually held under.
    """
    chosen = basis or purpose.bases[0].basis
    return rights_for_basis(chosen, direct_marketing=purpose.direct_marketing)[Right.ERASURE]
