"""The rights table of DESIGN.md, case by case."""

import pytest

from lawful.policy.register import parse_register
from lawful.policy.rights import (
    Applies,
    available_rights,
    erasure_decision,
    rights_for_basis,
    rights_for_purpose,
)
from lawful.policy.vocab import LawfulBasis, Right
from tests.conftest import SMALL_REGISTER

B = LawfulBasis
# basis: (erasure, portability, objection) exactly as DESIGN.md's table.
TABLE = {
    B.CONSENT: (Applies.YES, Applies.YES, Applies.NO),
    B.CONTRACT: (Applies.YES, Applies.YES, Applies.NO),
    B.LEGAL_OBLIGATION: (Applies.NO, Applies.NO, Applies.NO),
    B.VITAL_INTERESTS: (Applies.YES, Applies.NO, Applies.NO),
    B.PUBLIC_TASK: (Applies.NO, Applies.NO, Applies.BALANCED),
    B.LEGITIMATE_INTERESTS: (Applies.YES, Applies.NO, Applies.BALANCED),
}


@pytest.mark.parametrize("basis", list(TABLE), ids=str)
def test_erasure_portability_and_objection_follow_the_basis(basis):
    rules = rights_for_basis(basis)
    erasure, portability, objection = TABLE[basis]
    assert rules[Right.ERASURE].applies is erasure
    assert rules[Right.PORTABILITY].applies is portability
    assert rules[Right.OBJECTION].applies is objection


@pytest.mark.parametrize("basis", list(B), ids=str)
def test_access_rectification_restriction_and_complaint_always_apply(basis):
    rules = rights_for_basis(basis)
    for right in (Right.ACCESS, Right.RECTIFICATION, Right.RESTRICTION, Right.COMPLAIN):
        assert rules[right].applies is Applies.YES


def test_it_refuses_erasure_for_legal_obligation_with_the_reason():
    rule = rights_for_basis(B.LEGAL_OBLIGATION)[Right.ERASURE]
    assert rule.applies is Applies.NO
    assert "law requires us to keep it" in rule.explanation
    assert rule.reference == "UK GDPR Article 17(3)(b)"


def test_it_refuses_erasure_for_public_task_with_the_reason():
    rule = rights_for_basis(B.PUBLIC_TASK)[Right.ERASURE]
    assert rule.applies is Applies.NO
    assert "public task" in rule.explanation


def test_withdrawal_of_consent_applies_only_where_consent_is_the_basis():
    for basis in B:
        withdraw = rights_for_basis(basis)[Right.WITHDRAW_CONSENT]
        assert withdraw.available is (basis is B.CONSENT)


def test_consent_points_to_withdrawal_instead_of_objection():
    assert "withdraw your consent" in rights_for_basis(B.CONSENT)[Right.OBJECTION].explanation


@pytest.mark.parametrize("basis", list(B), ids=str)
def test_objection_to_direct_marketing_is_absolute_whatever_the_basis(basis):
    rule = rights_for_basis(basis, direct_marketing=True)[Right.OBJECTION]
    assert rule.applies is Applies.ABSOLUTE
    assert "at once" in rule.explanation
    assert "profiling" in rule.explanation


def test_portability_needs_automated_processing():
    rule = rights_for_basis(B.CONSENT, automated_means=False)[Right.PORTABILITY]
    assert rule.applies is Applies.NO
    assert "automated" in rule.explanation


def test_a_purpose_with_alternative_bases_gets_the_rights_of_each():
    register, problems = parse_register(SMALL_REGISTER)
    assert problems == []
    newsletters = register.purpose("newsletters")
    per_basis = rights_for_purpose(newsletters)
    assert set(per_basis) == {B.CONSENT, B.PUBLIC_TASK}
    assert per_basis[B.CONSENT][Right.ERASURE].applies is Applies.YES
    # Post newsletters on public task: erasure follows an objection (Art 17(1)(c)).
    assert per_basis[B.PUBLIC_TASK][Right.ERASURE].applies is Applies.YES
    assert Right.WITHDRAW_CONSENT in available_rights(newsletters)
    assert Right.ERASURE in available_rights(newsletters)


def test_erasure_decision_for_a_finance_record_gives_the_legal_reason():
    register, _ = parse_register(SMALL_REGISTER)
    decision = erasure_decision(register.purpose("finance"))
    assert decision.applies is Applies.NO
    assert Right.ERASURE not in available_rights(register.purpose("finance"))
    assert Right.PORTABILITY not in available_rights(register.purpose("finance"))
