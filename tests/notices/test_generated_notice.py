"""The notice each example register generates says everything its register holds."""

from html.parser import HTMLParser

from django.core.management import call_command

from lawful.policy.checks import check_register
from lawful.policy.notice import build_notice, describe_retention, render_html, render_markdown
from lawful.policy.rights import available_rights
from lawful.policy.vocab import ICO_CONTACT, UK, LawfulBasis, Right
from tests.conftest import EXAMPLE_FILES, TODAY


def test_there_is_an_example_for_each_kind_of_organisation():
    assert {p.stem for p in EXAMPLE_FILES} >= {
        "parish-council",
        "councillors-office",
        "campaign-network",
    }


def test_each_example_passes_the_register_check(example_register):
    assert check_register(example_register, TODAY) == []


def test_the_notice_names_every_purpose_basis_and_retention(example_register):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        assert f"### {purpose.name}" in md
        assert purpose.description in md
        for choice in purpose.bases:
            assert choice.basis.article in md
            assert choice.basis.label.lower() in md.lower()
        assert describe_retention(purpose.retention) in md


def test_the_notice_lists_every_right_that_applies_to_each_purpose(example_register):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        section = md.split(f"### {purpose.name}\n", 1)[1].split("\n### ", 1)[0]
        rights_line = next(line for line in section.splitlines() if line.startswith("Your rights"))
        for right in available_rights(purpose):
            if right not in (Right.INFORMED, Right.COMPLAIN):
                assert right.label in rights_line, (purpose.id, right)
        if Right.ERASURE not in available_rights(purpose):
            assert "Erasure does not apply" in rights_line


def test_the_notice_states_special_category_and_criminal_conditions(example_register):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        for condition in (purpose.special_category_condition, purpose.criminal_offence_condition):
            if condition:
                assert condition.info.reference in md


def test_the_notice_names_the_controller_ico_number_and_the_ico(example_register):
    md = render_markdown(build_notice(example_register))
    c = example_register.controller
    assert c.name in md and c.address in md and c.ico_registration in md
    assert ICO_CONTACT["phone"] in md and ICO_CONTACT["address"] in md


def test_every_recipient_used_and_every_transfer_is_in_the_notice(example_register):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        for rid in purpose.recipients:
            assert example_register.recipients[rid].name in md
        for transfer in purpose.transfers:
            if transfer.country != UK:
                assert f"| {transfer.country} |" in md
                assert transfer.safeguard.label[1:] in md


def test_withdrawal_of_consent_appears_exactly_when_consent_is_a_basis(example_register):
    md = render_markdown(build_notice(example_register))
    uses_consent = any(LawfulBasis.CONSENT in p.basis_set for p in example_register.purposes)
    assert ("## Withdrawing your consent" in md) is uses_consent


def test_the_notice_gives_version_adoption_and_next_review(example_register):
    md = render_markdown(build_notice(example_register))
    current = example_register.document.current_version
    assert f"**Version:** {current.version}" in md
    assert current.minute in md
    assert example_register.document.next_review.strftime("%-d %B %Y") in md


def test_the_html_notice_is_well_formed_and_escapes_register_text(example_register):
    html = render_html(build_notice(example_register))
    parser = _TagBalance()
    parser.feed(html)
    assert parser.stack == []
    assert "<script" not in html


def test_the_render_command_prints_markdown_and_html(example_path, capsys):
    call_command("notice", "render", str(example_path))
    assert "## Your rights" in capsys.readouterr().out
    call_command("notice", "render", str(example_path), "--format", "html")
    assert '<h2 id="your-rights">Your rights</h2>' in capsys.readouterr().out


def test_the_render_command_refuses_a_broken_register_naming_the_line(tmp_path):
    import pytest
    from django.core.management.base import CommandError

    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE_FILES[0].read_text().replace("lawful_basis:", "lawful_bass:", 1))
    with pytest.raises(CommandError) as caught:
        call_command("notice", "render", str(broken))
    assert f"{broken}:" in str(caught.value) and "lawful_bass" in str(caught.value)


class _TagBalance(HTMLParser):
    VOID = {"meta", "link", "br", "hr", "img", "input"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
