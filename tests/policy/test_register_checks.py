"""`check_text` catches each problem the register must not have, on the right line."""

from datetime import date

import pytest

from lawful.policy.checks import check_text
from lawful.policy.register import RegisterError, load_register, parse_register

TODAY = date(2026, 11, 23)

VALID = """\
controller:
  name: Ashbrook Town Council
  kind: town-council
  nation: england
  address: Town Hall, High Street, Ashbrook AB1 2CD
  email: clerk@ashbrook.example
  ico_registration: Z9990001
  data_protection_lead:
    name: Sam Clerk
    role: Town Clerk
notice:
  review_cycle: Every year at the Annual Meeting
  next_review: 2027-05-13
  versions:
    - version: "1.0"
      status: adopted
      date: 2026-05-14
      minute: "26.041"
appropriate_policy_document: Appropriate policy document, May 2026
recipients:
  - id: district-council
    name: Ashbrook District Council
    role: controller
  - id: mailer
    name: Our mailing service
    role: processor
purposes:
  - id: casework
    name: Casework
    description: To take up the issue you raise with us.
    data_subjects: [residents]
    data_categories: [name, contact-details, case-details, health, criminal-offences]
    sources: [data-subject]
    lawful_basis: public-task
    special_category_condition: statutory-purposes
    criminal_offence_condition: preventing-crime
    requirement:
      kind: voluntary
      consequence: We cannot take up your issue without a way to contact you.
    retention:
      period: 1 year
      trigger: case-closed
    recipients: [district-council]
  - id: newsletters
    name: Newsletters
    description: To send you our newsletter.
    data_subjects: [subscribers]
    data_categories: [name, contact-details]
    sources: [data-subject]
    lawful_basis: consent
    requirement: {kind: voluntary, consequence: We will not send you the newsletter.}
    direct_marketing: true
    marketing_channels: [email]
    retention:
      trigger: consent-withdrawn
    recipients: [mailer]
    transfers:
      - recipient: mailer
        country: US
        safeguard: uk-us-data-bridge
        in_scope: true
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing needle."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def problems_of(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_text(text, TODAY)]


def assert_problem(text: str, line: int, fragment: str) -> None:
    found = problems_of(text)
    assert any(n == line and fragment in msg for n, msg in found), found


def test_a_valid_register_has_no_problems():
    assert problems_of(VALID) == []


def test_it_catches_special_category_data_without_a_condition():
    text = VALID.replace("    special_category_condition: statutory-purposes\n", "")
    assert_problem(text, line_of(text, "health, criminal-offences"), "Article 9 condition")


def test_it_catches_criminal_offence_data_without_a_condition():
    text = VALID.replace("    criminal_offence_condition: preventing-crime\n", "")
    assert_problem(text, line_of(text, "health, criminal-offences"), "Article 10")


def test_it_catches_a_substantial_public_interest_condition_without_a_policy_document():
    text = VALID.replace("appropriate_policy_document: Appropriate policy document, May 2026\n", "")
    assert_problem(text, line_of(text, "special_category_condition"), "appropriate policy document")
    assert_problem(text, line_of(text, "criminal_offence_condition"), "appropriate policy document")


def test_explicit_consent_needs_no_policy_document():
    text = VALID.replace("appropriate_policy_document: Appropriate policy document, May 2026\n", "")
    text = text.replace(
        "special_category_condition: statutory-purposes",
        "special_category_condition: explicit-consent",
    )
    text = text.replace(
        "criminal_offence_condition: preventing-crime", "criminal_offence_condition: consent"
    )
    assert problems_of(text) == []


def test_it_catches_consent_based_marketing_without_channels():
    text = VALID.replace("    marketing_channels: [email]\n", "")
    assert_problem(text, line_of(text, "direct_marketing: true"), "names no marketing_channels")


def test_it_catches_electronic_marketing_without_consent():
    text = VALID.replace(
        "lawful_basis: consent",
        "lawful_basis: legitimate-interests\n"
        "    legitimate_interest: Telling supporters about our campaigns",
    )
    assert_problem(text, line_of(text, "marketing_channels"), "PECR")


def test_post_marketing_may_rest_on_legitimate_interests():
    text = VALID.replace(
        "lawful_basis: consent",
        "lawful_basis: legitimate-interests\n"
        "    legitimate_interest: Telling supporters about our campaigns",
    )
    text = text.replace("marketing_channels: [email]", "marketing_channels: [post]")
    assert problems_of(text) == []


def test_it_catches_legitimate_interests_without_the_interest():
    text = VALID.replace("lawful_basis: public-task", "lawful_basis: legitimate-interests")
    assert_problem(text, line_of(text, "legitimate-interests"), "without stating the interest")


def test_it_catches_a_purpose_without_a_retention_rule():
    text = VALID.replace("    retention:\n      period: 1 year\n      trigger: case-closed\n", "")
    assert_problem(text, line_of(text, "- id: casework"), "no retention rule")


def test_it_catches_a_countdown_trigger_without_a_period():
    text = VALID.replace("      period: 1 year\n", "")
    assert_problem(text, line_of(text, "trigger: case-closed"), "needs a period")


def test_it_catches_a_period_that_is_not_a_length_of_time():
    text = VALID.replace("period: 1 year", "period: a while")
    assert_problem(text, line_of(text, "period: a while"), "not a length of time")


def test_it_catches_a_transfer_outside_the_uk_without_a_safeguard():
    text = VALID.replace("        safeguard: uk-us-data-bridge\n", "")
    assert_problem(text, line_of(text, "- recipient: mailer"), "without a safeguard")


def test_it_catches_adequacy_claimed_for_a_country_without_it():
    text = VALID.replace("safeguard: uk-us-data-bridge", "safeguard: adequacy")
    text = text.replace("country: US", "country: AU")
    assert_problem(text, line_of(text, "- recipient: mailer"), "no UK adequacy")


def test_adequacy_to_an_eea_country_is_enough():
    text = VALID.replace("safeguard: uk-us-data-bridge", "safeguard: adequacy")
    text = text.replace("country: US", "country: IE")
    assert problems_of(text) == []


def test_it_catches_an_unknown_recipient():
    text = VALID.replace("recipients: [district-council]", "recipients: [district-council, police]")
    assert_problem(
        text, line_of(text, "recipients: [district-council, police]"), "unknown recipient 'police'"
    )


def test_it_catches_a_notice_whose_review_date_has_passed():
    text = VALID.replace("next_review: 2027-05-13", "next_review: 2023-05-01")
    assert_problem(text, line_of(text, "next_review:"), "review was due on 2023-05-01")


def test_it_catches_a_notice_with_no_adopted_version():
    text = VALID.replace("status: adopted", "status: draft")
    assert_problem(text, line_of(text, "versions:"), "no adopted version")


def test_it_catches_an_adopted_version_without_its_minute():
    text = VALID.replace('      minute: "26.041"\n', "")
    assert_problem(text, line_of(text, '- version: "1.0"'), "without a minute")


def test_it_catches_a_public_authority_without_a_dpo():
    text = VALID.replace(
        "  kind: town-council\n", "  kind: public-authority\n  public_authority: true\n"
    )
    assert_problem(text, line_of(text, "public_authority: true"), "must designate a DPO")


@pytest.mark.parametrize(
    "placeholder",
    [
        "about our work in [institution].",
        "To inform [and appraise] our role.",
        "Our newsletter ** amend as appropriate",
    ],
)
def test_it_catches_placeholder_text_left_in(placeholder):
    text = VALID.replace("To send you our newsletter.", placeholder)
    assert_problem(text, line_of(text, placeholder), "placeholder text")


def test_it_names_an_unknown_vocabulary_word_and_the_allowed_ones():
    text = VALID.replace("lawful_basis: public-task", "lawful_basis: public-interest")
    found = problems_of(text)
    line = line_of(text, "public-interest")
    assert any(
        n == line and "unknown lawful basis 'public-interest'" in m and "public-task" in m
        for n, m in found
    ), found


def test_it_names_an_unknown_field():
    text = VALID.replace("    sources: [data-subject]\n", "    source: [data-subject]\n", 1)
    assert_problem(text, line_of(text, "source: [data-subject]"), "unknown field 'source'")


def test_it_reports_invalid_yaml_with_its_line():
    text = VALID.replace("  name: Ashbrook Town Council", "  name: [unclosed")
    found = problems_of(text)
    assert len(found) == 1 and "not valid YAML" in found[0][1]
    assert found[0][0] >= 2


def test_it_reports_every_problem_not_just_the_first():
    text = VALID.replace("    special_category_condition: statutory-purposes\n", "")
    text = text.replace("        safeguard: uk-us-data-bridge\n", "")
    text = text.replace("next_review: 2027-05-13", "next_review: 2023-05-01")
    assert len(problems_of(text)) == 3


def test_load_register_refuses_a_malformed_file_naming_each_line(tmp_path):
    path = tmp_path / "register.yaml"
    path.write_text(VALID.replace("lawful_basis: public-task", "lawful_basis: maybe"))
    with pytest.raises(RegisterError) as caught:
        load_register(path)
    assert f"{path}:{line_of(path.read_text(), 'lawful_basis: maybe')}:" in str(caught.value)


def test_parse_keeps_alternative_bases_with_what_each_applies_to():
    text = VALID.replace(
        "    lawful_basis: consent\n",
        "    lawful_basis:\n"
        "      - basis: consent\n        applies_to: email newsletters\n"
        "      - basis: public-task\n        applies_to: newsletters by post\n",
    )
    register, problems = parse_register(text)
    assert problems == []
    bases = register.purpose("newsletters").bases
    assert [(b.basis.value, b.applies_to) for b in bases] == [
        ("consent", "email newsletters"),
        ("public-task", "newsletters by post"),
    ]


def test_a_councillor_needs_no_ico_registration_number_but_a_council_does():
    council = VALID.replace("  ico_registration: Z9990001\n", "")
    assert_problem(council, line_of(council, "name: Ashbrook Town Council"), "'ico_registration'")
    councillor = council.replace("kind: town-council", "kind: councillor")
    assert problems_of(councillor) == []
