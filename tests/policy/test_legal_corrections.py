"""Issue 5's legal corrections, rule by rule: registers refused with their line, registers
that pass, and the rights each purpose really has."""

import pytest

from lawful.policy.checks import check_text, has_placeholder
from lawful.policy.register import load_register, parse_register
from lawful.policy.rights import Applies, available_rights, erasure_decision, rights_for_purpose
from lawful.policy.vocab import LawfulBasis, RecognisedLegitimateInterest, Right
from tests.conftest import EXAMPLE_FILES, EXAMPLES, SMALL_REGISTER
from tests.policy.test_register_checks import TODAY, VALID, line_of

B = LawfulBasis


def findings(text: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in check_text(text, TODAY)]


def assert_refused(text: str, line: int, fragment: str) -> None:
    found = findings(text)
    assert any(n == line and s == "error" and fragment in m for n, s, m in found), found


def assert_warned(text: str, line: int, fragment: str) -> None:
    found = findings(text)
    assert any(n == line and s == "warning" and fragment in m for n, s, m in found), found


def assert_passes(text: str) -> None:
    assert findings(text) == []


def purpose_of(text: str, purpose_id: str):
    register, problems = parse_register(text)
    assert problems == [], problems
    return register.purpose(purpose_id)


def casework_with(*lines: str) -> str:
    """VALID with extra fields on the casework purpose."""
    extra = "".join(f"    {line}\n" for line in lines)
    return VALID.replace(
        "    lawful_basis: public-task\n", "    lawful_basis: public-task\n" + extra
    )


# --- 1. Withdrawal follows every consent -------------------------------------------


def test_explicit_consent_as_the_article_9_condition_can_be_withdrawn_under_public_task():
    text = VALID.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: explicit-consent",
    )
    rules = rights_for_purpose(purpose_of(text, "casework"))[B.PUBLIC_TASK]
    withdraw = rules[Right.WITHDRAW_CONSENT]
    assert withdraw.applies is Applies.YES
    assert "explicit consent" in withdraw.explanation
    assert "9(2)(a)" in withdraw.reference


def test_consent_as_the_article_10_condition_can_be_withdrawn():
    text = VALID.replace(
        "criminal_offence_condition: preventing-crime", "criminal_offence_condition: consent"
    )
    rules = rights_for_purpose(purpose_of(text, "casework"))[B.PUBLIC_TASK]
    assert rules[Right.WITHDRAW_CONSENT].applies is Applies.YES
    assert "para 29" in rules[Right.WITHDRAW_CONSENT].reference


def test_no_withdrawal_where_no_consent_is_relied_on():
    rules = rights_for_purpose(purpose_of(VALID, "casework"))[B.PUBLIC_TASK]
    assert rules[Right.WITHDRAW_CONSENT].applies is Applies.NO


def test_the_parish_events_notice_offers_withdrawal_of_explicit_consent(parish_register):
    events = parish_register.purpose("community-events")
    assert events.basis_set == {B.PUBLIC_TASK}
    assert Right.WITHDRAW_CONSENT in available_rights(events)


# --- 2. Objection to marketing, and to profiling for it, is absolute ----------------


def test_profiling_for_marketing_gets_the_absolute_objection_whatever_its_basis():
    text = casework_with("marketing_profiling: true")
    objection = rights_for_purpose(purpose_of(text, "casework"))[B.PUBLIC_TASK][Right.OBJECTION]
    assert objection.applies is Applies.ABSOLUTE and objection.absolute
    assert "21(2)" in objection.reference


def test_the_campaign_targeting_by_ward_and_issues_has_an_absolute_objection():
    register = load_register(EXAMPLES / "campaign-network.yaml")
    targeting = register.purpose("local-targeting")
    assert targeting.marketing_profiling
    objection = rights_for_purpose(targeting)[B.LEGITIMATE_INTERESTS][Right.OBJECTION]
    assert objection.absolute


def test_legitimate_interests_without_marketing_keep_the_balanced_objection():
    register = load_register(EXAMPLES / "campaign-network.yaml")
    statistics = rights_for_purpose(register.purpose("statistics"))[B.LEGITIMATE_INTERESTS]
    assert statistics[Right.OBJECTION].applies is Applies.BALANCED
    assert not statistics[Right.OBJECTION].absolute


# --- 3. Erasure after a marketing objection; none for legal claims --------------------


def test_post_newsletters_on_public_task_can_be_erased_after_an_objection_keeping_a_suppression():
    register, _ = parse_register(SMALL_REGISTER)
    newsletters = register.purpose("newsletters")
    decision = erasure_decision(newsletters, B.PUBLIC_TASK)
    assert decision.applies is Applies.YES
    assert decision.reference == "UK GDPR Article 17(1)(c)"
    assert "suppression" in decision.explanation


@pytest.mark.parametrize("basis", ["consent", "legitimate-interests", "public-task"])
def test_erasure_is_refused_for_what_legal_claims_need_whatever_the_basis(basis):
    text = VALID.replace("lawful_basis: public-task", f"lawful_basis: {basis}")
    text = text.replace(
        "    requirement:\n      kind: voluntary\n      consequence: We cannot take up",
        "    legal_claims: true\n    legitimate_interest: Defending claims\n"
        "    requirement:\n      kind: voluntary\n      consequence: We cannot take up",
    )
    decision = erasure_decision(purpose_of(text, "casework"))
    assert decision.applies is Applies.NO
    assert decision.reference == "UK GDPR Article 17(3)(e)"
    assert "legal claim" in decision.explanation


def test_the_parish_legal_claims_record_cannot_be_erased(parish_register):
    assert erasure_decision(parish_register.purpose("legal-claims")).applies is Applies.NO


# --- 4. The transfer safeguard fits the destination ---------------------------------


def test_the_data_bridge_is_refused_outside_the_us():
    text = VALID.replace("country: US", "country: IE")
    assert_refused(text, line_of(text, "- recipient: mailer"), "covers only transfers to the")


def test_adequacy_for_the_us_is_refused_in_favour_of_the_data_bridge():
    text = VALID.replace("safeguard: uk-us-data-bridge", "safeguard: adequacy")
    assert_refused(text, line_of(text, "- recipient: mailer"), "name uk-us-data-bridge")


def test_the_data_bridge_is_named_partial_until_the_recipient_is_checked():
    text = VALID.replace("        in_scope: true\n", "")
    assert_warned(text, line_of(text, "- recipient: mailer"), "partial")
    assert not [f for f in findings(text) if f[1] == "error"]


@pytest.mark.parametrize(
    ("country", "scope"), [("CA", "PIPEDA"), ("JP", "private-sector"), ("KR", "Korea")]
)
def test_partial_adequacy_is_named_with_what_it_covers(country, scope):
    text = VALID.replace("safeguard: uk-us-data-bridge", "safeguard: adequacy")
    text = text.replace("country: US", f"country: {country}").replace(
        "        in_scope: true\n", ""
    )
    line = line_of(text, "- recipient: mailer")
    assert_warned(text, line, "is partial")
    assert_warned(text, line, scope)
    assert_passes(
        text.replace("safeguard: adequacy", "safeguard: adequacy\n        in_scope: true")
    )


def test_full_adequacy_needs_no_check_of_the_recipient():
    text = VALID.replace("safeguard: uk-us-data-bridge", "safeguard: adequacy")
    assert_passes(
        text.replace("country: US", "country: NZ").replace("        in_scope: true\n", "")
    )


# --- 5. PECR per channel ------------------------------------------------------------

NEWSLETTER_BASES = "    lawful_basis: consent\n"


def newsletters_with(bases: str, channels: str) -> str:
    text = VALID.replace(NEWSLETTER_BASES, bases)
    return text.replace("marketing_channels: [email]", f"marketing_channels: {channels}")


def test_consent_to_post_does_not_cover_email():
    text = newsletters_with(
        "    lawful_basis:\n      - {basis: consent, channels: [post]}\n", "[email, post]"
    )
    assert_refused(text, line_of(text, "marketing_channels: [email, post]"), "covers only post")


def test_email_marketing_cannot_rest_on_public_task():
    text = newsletters_with(
        "    lawful_basis:\n      - {basis: consent, channels: [post]}\n"
        "      - {basis: public-task, channels: [email]}\n",
        "[email, post]",
    )
    assert_refused(text, line_of(text, "{basis: public-task"), "PECR requires the person's consent")


def test_a_basis_may_only_cover_channels_the_purpose_uses():
    text = newsletters_with(
        "    lawful_basis:\n      - {basis: consent, channels: [email, sms]}\n", "[email]"
    )
    assert_refused(text, line_of(text, "basis: consent, channels"), "'sms'")


def test_consent_by_email_and_public_task_by_post_pass():
    text = newsletters_with(
        "    lawful_basis:\n      - {basis: consent, channels: [email]}\n"
        "      - {basis: public-task, channels: [post]}\n",
        "[email, post]",
    )
    assert_passes(text)


# --- 6. Who must have a DPO --------------------------------------------------------


@pytest.mark.parametrize("kind", ["parish-council", "town-council", "parish-meeting"])
def test_a_local_council_said_to_be_a_public_authority_is_refused(kind):
    text = VALID.replace("  kind: town-council\n", f"  kind: {kind}\n  public_authority: true\n")
    assert_refused(text, line_of(text, "public_authority: true"), "s7(3)")


def test_a_public_authority_with_a_dpo_passes():
    text = VALID.replace(
        "  kind: town-council\n",
        "  kind: public-authority\n  public_authority: true\n  dpo: {name: D}\n",
    )
    assert_passes(text)


# --- 7. Conditions only some controllers may use ------------------------------------


def test_political_parties_condition_needs_a_registered_party():
    text = VALID.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: political-parties",
    )
    assert_refused(text, line_of(text, "political-parties"), "registered under PPERA")
    party = text.replace(
        "  kind: town-council\n", "  kind: political-party\n  registered_party: true\n"
    )
    assert_passes(party)


def test_only_a_political_party_can_be_registered():
    text = VALID.replace(
        "  kind: town-council\n", "  kind: town-council\n  registered_party: true\n"
    )
    assert_refused(text, line_of(text, "registered_party: true"), "PPERA")


def test_not_for_profit_needs_a_body_with_such_an_aim_and_only_its_members():
    text = VALID.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: not-for-profit",
    )
    assert_refused(text, line_of(text, "not-for-profit"), "not_for_profit_aim")
    assert_refused(text, line_of(text, "data_subjects: [residents]"), "not residents")
    campaign = text.replace("  kind: town-council\n", "  kind: campaign-group\n")
    campaign = campaign.replace(
        "  nation: england\n", "  nation: england\n  not_for_profit_aim: political\n"
    )
    members = campaign.replace("data_subjects: [residents]", "data_subjects: [supporters]")
    members = members.replace("recipients: [district-council]", "recipients: []")
    assert_passes(members)


def test_the_elected_representatives_condition_is_refused_to_a_council():
    text = VALID.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: elected-representatives",
    )
    assert_refused(text, line_of(text, "elected-representatives"), "para 23")
    councillor = text.replace("kind: town-council", "kind: councillor")
    assert_passes(councillor)


def test_a_council_may_disclose_to_elected_representatives():
    text = VALID.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: disclosure-to-elected-representatives",
    )
    assert_passes(text)


def test_a_public_authority_relying_on_legitimate_interests_is_warned_not_refused():
    authority = VALID.replace(
        "  kind: town-council\n",
        "  kind: public-authority\n  public_authority: true\n  dpo: {name: D}\n",
    )
    text = authority.replace(
        "lawful_basis: public-task",
        "lawful_basis: legitimate-interests\n    legitimate_interest: Keeping our premises secure",
    )
    assert_warned(text, line_of(text, "legitimate-interests"), "may not rely on")
    assert [f for f in findings(text) if f[1] == "error"] == []


def test_a_town_council_may_rely_on_legitimate_interests_without_a_warning():
    text = VALID.replace(
        "lawful_basis: public-task",
        "lawful_basis: legitimate-interests\n    legitimate_interest: Keeping our premises secure",
    )
    assert_passes(text)


# --- 8. Automated decision-making (Arts 22A-22D) ------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_example_lists_a_right_about_automated_decisions_it_does_not_make(path):
    register = load_register(path)
    assert register.automated_decision_making == ""
    for purpose in register.purposes:
        assert Right.AUTOMATED_DECISIONS not in available_rights(purpose), purpose.id


ADM = "automated_decision: {description: whether you qualify, condition: explicit-consent}"


def test_a_purpose_that_declares_a_decision_gets_the_right_about_it():
    text = casework_with(ADM).replace(
        "appropriate_policy_document:",
        "automated_decision_making: Scored.\nappropriate_policy_document:",
    )
    text = text.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: explicit-consent",
    )
    rule = rights_for_purpose(purpose_of(text, "casework"))[B.PUBLIC_TASK][
        Right.AUTOMATED_DECISIONS
    ]
    assert rule.applies is Applies.YES
    assert "whether you qualify" in rule.explanation


def test_a_decision_contradicting_none_in_the_register_is_refused():
    text = casework_with(ADM)
    assert_refused(text, line_of(text, "automated_decision:"), "says none are made")


def test_a_significant_decision_on_health_data_needs_an_article_22b_condition():
    text = casework_with(ADM).replace(
        "appropriate_policy_document:",
        "automated_decision_making: Scored.\nappropriate_policy_document:",
    )
    assert_refused(text, line_of(text, "automated_decision:"), "Art 22B")
    consented = text.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: explicit-consent",
    )
    assert_passes(consented)
    by_law = text.replace("condition: explicit-consent}", "condition: law}")
    assert_passes(by_law)  # statutory-purposes is a substantial-public-interest condition


def test_a_significant_decision_relying_on_recognised_interests_is_refused():
    text = casework_with(ADM.replace("condition: explicit-consent", "condition: law")).replace(
        "appropriate_policy_document:",
        "automated_decision_making: Scored.\nappropriate_policy_document:",
    )
    text = text.replace(
        "lawful_basis: public-task",
        "lawful_basis: recognised-legitimate-interests\n    recognised_interest: crime",
    )
    assert_refused(text, line_of(text, "automated_decision:"), "Art 22B(4)")


# --- 9. Art 13(2)(e): the requirement of each purpose -------------------------------


def test_a_purpose_without_its_requirement_is_refused_naming_it():
    text = VALID.replace(
        "    requirement: {kind: voluntary, consequence: We will not send you the newsletter.}\n",
        "",
    )
    assert_refused(text, line_of(text, "- id: newsletters"), "purpose 'newsletters' does not say")


def test_a_requirement_needs_a_known_kind_and_a_consequence():
    text = VALID.replace("{kind: voluntary, consequence:", "{kind: optional, consequence:")
    assert_refused(text, line_of(text, "kind: optional"), "unknown requirement kind 'optional'")
    text = VALID.replace(
        "      consequence: We cannot take up your issue without a way to contact you.\n", ""
    )
    assert_refused(text, line_of(text, "kind: voluntary"), "'consequence' is required")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_purpose_states_its_requirement(path):
    for purpose in load_register(path).purposes:
        assert purpose.requirement is not None and purpose.requirement.consequence, purpose.id


def test_hall_hire_is_needed_to_enter_the_contract(parish_register):
    requirement = parish_register.purpose("hall-and-sports-hire").requirement
    assert requirement.kind == "contract-entry"
    assert requirement.consequence == "We cannot take your booking."


# --- 10. Recognised legitimate interests ---------------------------------------------


def test_each_basis_keeps_its_article_letter_and_recognised_interests_are_ea():
    assert [b.article[-3:] for b in B] == ["(a)", "(b)", "(c)", "(d)", "(e)", "ea)", "(f)"]
    assert B.RECOGNISED_LEGITIMATE_INTERESTS.article == "UK GDPR Article 6(1)(ea)"


def test_the_five_annex_1_conditions_are_in_the_vocabulary():
    assert RecognisedLegitimateInterest.slugs() == [
        "public-task-disclosure",
        "national-security",
        "emergencies",
        "crime",
        "safeguarding",
    ]
    assert "Annex 1 para 6" in RecognisedLegitimateInterest.SAFEGUARDING.reference


def test_recognised_interests_can_be_objected_to_and_erased_but_not_ported():
    text = VALID.replace(
        "lawful_basis: public-task",
        "lawful_basis: recognised-legitimate-interests\n    recognised_interest: crime",
    )
    assert_passes(text)
    rules = rights_for_purpose(purpose_of(text, "casework"))[B.RECOGNISED_LEGITIMATE_INTERESTS]
    assert rules[Right.OBJECTION].applies is Applies.BALANCED
    assert rules[Right.ERASURE].applies is Applies.YES
    assert rules[Right.PORTABILITY].applies is Applies.NO


def test_recognised_interests_must_name_the_condition():
    text = VALID.replace(
        "lawful_basis: public-task", "lawful_basis: recognised-legitimate-interests"
    )
    assert_refused(text, line_of(text, "recognised-legitimate-interests"), "without naming it")
    named_alone = casework_with("recognised_interest: emergencies")
    assert_refused(named_alone, line_of(named_alone, "recognised_interest:"), "is not")


def test_a_public_authority_relying_on_recognised_interests_is_warned():
    text = VALID.replace(
        "  kind: town-council\n",
        "  kind: public-authority\n  public_authority: true\n  dpo: {name: D}\n",
    ).replace(
        "lawful_basis: public-task",
        "lawful_basis: recognised-legitimate-interests\n    recognised_interest: crime",
    )
    assert_warned(text, line_of(text, "recognised-legitimate-interests"), "6(1)(ea)")


# --- 12. Placeholders without false alarms -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "about our work in [institution].",
        "To inform [and appraise] our role.",
        "by email [or by post].",
        "Our newsletter ** amend as appropriate",
        "recipients [e.g. other data controllers",
    ],
)
def test_template_leftovers_are_found(text):
    assert has_placeholder(text)
    register = VALID.replace("To send you our newsletter.", repr(text))
    assert_refused(register, line_of(register, text[:12]), "placeholder text left in")


@pytest.mark.parametrize(
    "text",
    [
        "**Important**: you can object at any time.",
        "the Data Protection Act 2018 [c. 12]",
        "Localism Act 2011 [c. 20] and [2018] EWHC 1",
        "Data Protection Act 1998 [1998 c. 29]",
        "see [our policy](https://example.org/policy)",
    ],
)
def test_emphasis_and_legal_citations_are_not_placeholders(text):
    assert not has_placeholder(text)
    assert_passes(VALID.replace("To send you our newsletter.", repr(text)))
