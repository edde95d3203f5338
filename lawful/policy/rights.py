"""Which rights apply to a purpose, and how: one table, from the lawful basis.

UK GDPR Art 17(3)(b) (no erasure where processing is needed for a legal obligation or a
public task), Art 17(1)(c) (erasure once someone objects to direct marketing, whatever
the basis), Art 17(3)(e) (no erasure of what legal claims need), Art 20(1) (portability
only for consent or contract, by automated means), Art 21(1) as amended by the DUAA 2025
(objection to public task, recognised legitimate interests or legitimate interests,
weighed against our grounds), Art 21(2)-(3) (objection to direct marketing, and to
profiling related to it, is absolute), Art 7(3) (withdrawal of every consent, including
explicit consent as the Art 9 condition), Arts 22A-22D (decisions by automated means
alone). The notice, the rights desk and the API all ask this module.
"""

from dataclasses import dataclass
from enum import StrEnum

from .register import Purpose
from .vocab import CriminalOffenceCondition, LawfulBasis, Right, SpecialCategoryCondition


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

    @property
    def absolute(self) -> bool:
        """Objection that must be honoured at once, without weighing (Art 21(3))."""
        return self.applies is Applies.ABSOLUTE


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
    # DUAA 2025 s70 added point (ea) to Art 6(1) and to the objection of Art 21(1); no
    # balancing test is needed to rely on it, but an objection is still weighed.
    LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS: {
        Right.ERASURE: _ERASURE_YES,
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
_PROFILING_OBJECTION = RightRule(
    Applies.ABSOLUTE,
    "You can tell us to stop using your information to choose what campaigning or "
    "marketing to send you (for example by where you live or the issues you care about), "
    "at any time; we stop this profiling at once.",
    "UK GDPR Article 21(2) and (3)",
)
_ERASURE_AFTER_MARKETING_OBJECTION = RightRule(
    Applies.YES,
    "If you tell us to stop our marketing, you can also ask us to delete your details. "
    "We keep only a coded (hashed) form of your contact details on our do-not-contact "
    "(suppression) list, not the details themselves, so that we do not contact you again.",
    "UK GDPR Article 17(1)(c)",
)
_ERASURE_LEGAL_CLAIMS = RightRule(
    Applies.NO,
    "We cannot delete what we need to make, pursue or defend a legal claim; we delete it "
    "when the claim, or the time to bring one, has passed.",
    "UK GDPR Article 17(3)(e)",
)
_NO_AUTOMATED_DECISIONS = RightRule(
    Applies.NO,
    "We make no decisions about you by automated means alone for this use.",
    "UK GDPR Articles 22A to 22D",
)
_SPECIAL_CATEGORY_CONSENT = RightRule(
    Applies.YES,
    "You can withdraw your explicit consent to our using the sensitive information it "
    "covers at any time, as easily as you gave it; we then stop using that information.",
    "UK GDPR Articles 7(3) and 9(2)(a)",
)
_CRIMINAL_OFFENCE_CONSENT = RightRule(
    Applies.YES,
    "You can withdraw your consent to our using information about criminal offences at "
    "any time, as easily as you gave it; we then stop using that information.",
    "UK GDPR Articles 7(3) and 10; DPA 2018 Sch 1 para 29",
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
    basis: LawfulBasis,
    *,
    direct_marketing: bool = False,
    automated_means: bool = True,
    marketing_profiling: bool = False,
    legal_claims: bool = False,
    automated_decision: str = "",
    condition_consent: RightRule | None = None,
) -> dict[Right, RightRule]:
    """Every right, and whether and how it applies, for one lawful basis.

    The keywords describe the purpose: `automated_decision` names the decision taken by
    automated means alone (empty: none); `condition_consent` is the withdrawal rule when
    consent is the Art 9 or Art 10 condition although the Art 6 basis is another.
    """
    rules = dict(_ALWAYS)
    rules[Right.WITHDRAW_CONSENT] = _NO_WITHDRAWAL
    rules[Right.AUTOMATED_DECISIONS] = _NO_AUTOMATED_DECISIONS
    rules.update(RIGHTS_BY_BASIS[basis])
    if condition_consent is not None and basis is not LawfulBasis.CONSENT:
        rules[Right.WITHDRAW_CONSENT] = condition_consent
    if rules[Right.PORTABILITY].available and not automated_means:
        rules[Right.PORTABILITY] = _NOT_AUTOMATED
    if direct_marketing:
        rules[Right.OBJECTION] = _MARKETING_OBJECTION
        # Art 17(1)(c) names an objection under Art 21(2) without the 17(3)(b) limit
        # mattering: once marketing must stop, keeping the data for it is not necessary.
        rules[Right.ERASURE] = _ERASURE_AFTER_MARKETING_OBJECTION
    elif marketing_profiling:
        rules[Right.OBJECTION] = _PROFILING_OBJECTION
        rules[Right.ERASURE] = _ERASURE_AFTER_MARKETING_OBJECTION
    if legal_claims:
        rules[Right.ERASURE] = _ERASURE_LEGAL_CLAIMS
    if automated_decision:
        rules[Right.AUTOMATED_DECISIONS] = RightRule(
            Applies.YES,
            f"We decide {automated_decision} by automated means alone, with no meaningful "
            "human involvement. You can ask us for information about the decision, tell us "
            "your view of it, ask for a person to step in, and challenge it.",
            "UK GDPR Articles 22A and 22C",
        )
    return {right: rules[right] for right in Right if right in rules}


def condition_consent(purpose: Purpose) -> RightRule | None:
    """Withdrawal owed because consent is the Art 9 or Art 10 condition (Art 7(3))."""
    if purpose.special_category_condition is SpecialCategoryCondition.EXPLICIT_CONSENT:
        return _SPECIAL_CATEGORY_CONSENT
    if purpose.criminal_offence_condition is CriminalOffenceCondition.CONSENT:
        return _CRIMINAL_OFFENCE_CONSENT
    return None


def _purpose_facts(purpose: Purpose) -> dict:
    """What, besides the basis, decides a purpose's rights."""
    decision = purpose.automated_decision
    return {
        "direct_marketing": purpose.direct_marketing,
        "automated_means": purpose.automated_means,
        "marketing_profiling": purpose.marketing_profiling,
        "legal_claims": purpose.legal_claims,
        "automated_decision": decision.description if decision and decision.significant else "",
        "condition_consent": condition_consent(purpose),
    }


def rights_for_purpose(purpose: Purpose) -> dict[LawfulBasis, dict[Right, RightRule]]:
    """The rights for each basis a purpose states (several when alternatives are given)."""
    facts = _purpose_facts(purpose)
    return {choice.basis: rights_for_basis(choice.basis, **facts) for choice in purpose.bases}


def available_rights(purpose: Purpose) -> list[Right]:
    """Rights that apply to a purpose under at least one of its bases, in Right order."""
    per_basis = rights_for_purpose(purpose).values()
    return [r for r in Right if any(rules[r].available for rules in per_basis)]


def erasure_decision(purpose: Purpose, basis: LawfulBasis | None = None) -> RightRule:
    """Whether erasure is owed for data held for a purpose, and the reason if refused.

    With several bases, pass the one the person's data is actually held under.
    """
    chosen = basis or purpose.bases[0].basis
    return rights_for_basis(chosen, **_purpose_facts(purpose))[Right.ERASURE]
