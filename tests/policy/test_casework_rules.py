"""The casework rules (lawful.policy.casework) against the councillors' office example."""

import pytest

from lawful.policy import casework as rules
from lawful.policy.register import load_register
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def register():
    return load_register(EXAMPLES / "councillors-office.yaml")


def test_the_casework_purposes_are_those_holding_case_details(register):
    ids = [p.id for p in rules.case_purposes(register)]
    assert ids[0] == "casework" and "professional-advice" in ids and "newsletters" not in ids


def test_special_category_data_needs_the_registers_condition(register):
    assert rules.special_category_problems(register, "casework", ["health"], "") != []
    assert (
        rules.special_category_problems(register, "casework", ["health"], "elected-representatives")
        == []
    )
    (problem,) = rules.special_category_problems(register, "casework", ["health"], "equality")
    assert (
        problem.field == "special_category_condition"
        and "elected-representatives" in problem.message
    )


def test_a_category_the_purpose_does_not_cover_is_refused(register):
    (problem,) = rules.special_category_problems(register, "surveys", ["health"], "x")
    assert problem.field == "purpose"  # surveys hold no case details
    (problem,) = rules.special_category_problems(register, "casework", ["genetic"], "")
    assert problem.field == "special_categories"


def test_a_referral_goes_only_where_the_register_names_the_recipient(register):
    assert rules.referral_purpose(register, ["health"], "nhs-bodies").id == "referrals"
    assert rules.referral_purpose(register, [], "courts").id == "legal-requirements"
    for recipient in ("it-suppliers", "unknown"):
        assert rules.referral_purpose(register, [], recipient).field == "recipient"


def test_erasure_follows_the_rights_table(register):
    purposes = {p.id: p for p in register.purposes}
    kept = rules.case_erasure(purposes["professional-advice"])
    assert not kept.erase and "legal claims" in kept.reason
    assert not rules.case_erasure(purposes["casework"]).erase  # public task: no erasure
    assert rules.case_erasure(None).erase


def test_a_closed_case_keeps_a_minimal_summary(register):
    purposes = {p.id: p for p in register.purposes}
    assert rules.kept_after_closing(purposes["casework"]) == rules.MINIMAL_SUMMARY
    assert rules.kept_after_closing(purposes["safeguarding"]) == ()
    assert rules.retention_counts_from(purposes["casework"]) == "closed"
