"""The notice each example register generates says everything its register holds."""

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.policy.checks import check_register
from lawful.policy.notice import (
    RIGHT_IN_SHORT,
    Table,
    _cap,
    build_notice,
    describe_retention,
    notice_date,
    plain,
    render_html,
    render_markdown,
    tel_href,
)
from lawful.policy.register import parse_register
from lawful.policy.rights import available_rights, rights_for_purpose
from lawful.policy.vocab import ICO_CONTACT, UK, LawfulBasis, Right
from tests.conftest import EXAMPLE_FILES, SMALL_REGISTER, TODAY


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


def _purpose_md(md: str, purpose) -> str:
    return md.split(f"### {purpose.name}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def _rights_table(notice) -> dict[str, dict[str, str]]:
    """The rights table of a notice: row id -> {column heading: cell as read}."""
    section = next(s for s in notice.sections if s.id == "your-rights")
    table = next(b for b in section.blocks if isinstance(b, Table))
    return {
        row_id: {h: plain(c) for h, c in zip(table.header, row, strict=True)}
        for row_id, row in zip(table.row_ids, table.rows, strict=True)
    }


def test_the_notice_lists_every_right_that_applies_to_each_purpose(example_register):
    """Each purpose links to its row of the one rights table, and that row (or the list of
    rights that never vary, above it) says what the rights table says for its basis."""
    notice = build_notice(example_register)
    md = render_markdown(notice)
    table = _rights_table(notice)
    always = md.split("## Your rights\n", 1)[1].split("|", 1)[0]
    notes = md.split("What the answers in the table mean:", 1)[-1].split("\n## ", 1)[0]
    for purpose in example_register.purposes:
        section = _purpose_md(md, purpose)
        rights_line = next(ln for ln in section.splitlines() if ln.startswith("- **Your rights"))
        for basis, rules in rights_for_purpose(purpose).items():
            row_id = next(np for np in notice.purposes if np.purpose is purpose).rights_rows[basis]
            assert f"(#{row_id})" in rights_line, (purpose.id, basis)
            row = table[row_id]
            for right, rule in rules.items():
                if right in (Right.INFORMED, Right.COMPLAIN):
                    continue
                column = next((h for h in row if h == _cap(RIGHT_IN_SHORT[right])), None)
                if column is None:  # the same everywhere: said once, above the table
                    assert rule.explanation in always, (purpose.id, right)
                    continue
                answer = {"yes": "Yes", "no": "No", "balanced": "Yes, with limits"}.get(
                    rule.applies.value, "Yes, always"
                )
                assert row[column].startswith(answer + "."), (purpose.id, basis, right)
                # Spelled out in the cell, or a bare answer explained once under the table.
                assert rule.explanation in row[column] or (
                    row[column] == answer + "."
                    and f"- {column}, “{answer}”: {rule.explanation}" in notes
                ), (purpose.id, basis, right)


def test_the_rights_are_explained_once_not_per_purpose(example_register):
    notice = build_notice(example_register)
    md = render_markdown(notice)
    rows = len(_rights_table(notice))
    assert rows < len(example_register.purposes)
    for phrase in (
        "The right to object does not apply to this basis.",
        "We cannot delete it while the law requires us to keep it.",
    ):
        assert md.count(phrase) <= rows, phrase  # once per row of the table at most
    assert md.count("You can ask for a copy of your information, free of charge.") == 1
    assert "Your rights for this use" not in md


def test_absolute_objection_to_marketing_is_said_plainly(example_register):
    notice = build_notice(example_register)
    md = render_markdown(notice)
    absolute = [
        p
        for p in example_register.purposes
        if any(r[Right.OBJECTION].absolute for r in rights_for_purpose(p).values())
    ]
    if absolute:
        assert "stop sending you marketing or campaign material, and we will stop at once" in md
        assert any(
            "Yes, always." in cell
            for row in _rights_table(notice).values()
            for cell in row.values()
        )


def test_each_purpose_says_whether_you_must_give_the_information(example_register):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        assert purpose.requirement is not None, purpose.id
        section = _purpose_md(md, purpose)
        line = next(ln for ln in section.splitlines() if "Do you have to give it to us?" in ln)
        assert purpose.requirement.kind.label[1:] in line
        assert purpose.requirement.consequence in line


def test_legal_references_are_small_print_not_in_the_sentence_a_resident_reads(
    example_register,
):
    md = render_markdown(build_notice(example_register))
    for purpose in example_register.purposes:
        section = _purpose_md(md, purpose)
        basis_lines = section.split("(our lawful basis):\n", 1)[1].split("\n\n- **", 1)[0]
        assert "Article" not in basis_lines, purpose.id
        legal = next(ln for ln in section.splitlines() if ln.startswith("*Legal detail:"))
        for choice in purpose.bases:
            assert choice.basis.article in legal


def test_the_summary_comes_first_and_says_the_essentials_in_plain_words(example_register):
    notice = build_notice(example_register)
    md = render_markdown(notice)
    summary = md.split("## This notice in short\n", 1)[1].split("\n## ", 1)[0]
    assert md.index("## This notice in short") < md.index("## Who we are and how to contact us")
    for heading in (
        "Who we are",
        "What we hold",
        "What we use it for",
        "Your rights and how to use them",
        "How to complain",
    ):
        assert f"### {heading}\n" in summary
    assert example_register.controller.name in summary
    assert ICO_CONTACT["phone"] in summary
    for purpose in example_register.purposes:
        assert f"[{purpose.name}](#purpose-{purpose.id})" in summary
    assert "Article" not in summary


def test_contacts_are_links_and_every_link_in_the_page_has_a_target(example_register):
    html = render_html(build_notice(example_register))
    c = example_register.controller
    assert f'href="mailto:{c.email}"' in html
    assert f'href="{tel_href(c.phone)}"' in html and tel_href(c.phone).startswith("tel:+44")
    assert f'href="{c.website}"' in html
    assert 'href="tel:+443031231113"' in html  # the ICO
    ids = set(re.findall(r' id="([^"]+)"', html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, target


def test_each_use_is_collapsible_with_a_way_back_to_the_top(example_register):
    html = render_html(build_notice(example_register))
    # One per use, and one in the contents that lists every use.
    assert html.count("<details>") == len(example_register.purposes) + 1
    assert html.count("<summary>") == len(example_register.purposes) + 1
    contents = html.split('<nav aria-labelledby="contents"', 1)[1].split("</nav>", 1)[0]
    for purpose in example_register.purposes:
        assert f'href="#purpose-{purpose.id}"' in contents
    assert 'id="top"' in html and html.count('href="#top"') >= 5
    assert "<details open>" in render_html(build_notice(example_register), expanded=True)


def test_the_notice_uses_one_date_style_and_mentions_no_missing_page(example_register):
    md = render_markdown(build_notice(example_register))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", md)
    for v in example_register.document.versions:
        assert notice_date(v.date) in md
    assert "preferences page" not in md


def test_notice_date_is_day_month_year():
    assert notice_date(date(2026, 5, 4)) == "4 May 2026"


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


def test_hostile_register_text_is_escaped_everywhere_including_links():
    hostile = (
        SMALL_REGISTER.replace("{name: C,", '{name: "<script>alert(1)</script>",')
        .replace("ico_registration: Z1,", 'ico_registration: Z1, email: "a\\"onmouseover=x@b.uk",')
        .replace(
            "description: Our newsletter.",
            "description: '<img src=x onerror=alert(1)> see https://x.example/\"><b>'",
        )
    )
    register, problems = parse_register(hostile)
    assert register is not None, problems
    html = render_html(build_notice(register))
    parser = _TagBalance()
    parser.feed(html)
    assert parser.stack == []
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert '"onmouseover' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_json_notice_gives_each_purpose_its_bases_rights_and_requirement(
    example_path, example_register, capsys
):
    call_command("notice", "render", str(example_path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["controller"]["name"] == example_register.controller.name
    assert [p["id"] for p in data["purposes"]] == [p.id for p in example_register.purposes]
    vocabulary = {r.value for r in Right}
    for purpose, entry in zip(example_register.purposes, data["purposes"], strict=True):
        assert entry["bases"] == [c.basis.value for c in purpose.bases]
        rights = {r["id"]: r for r in entry["rights"]}
        assert set(rights) <= vocabulary
        available = {r.value for r in available_rights(purpose)}
        for right_id, right in rights.items():
            assert right["applies"] is (right_id in available), (purpose.id, right_id)
        absolute = any(r[Right.OBJECTION].absolute for r in rights_for_purpose(purpose).values())
        assert rights["objection"]["absolute"] is absolute
        assert entry["requirement"] == {
            "kind": purpose.requirement.kind.value,
            "label": purpose.requirement.kind.label,
            "consequence": purpose.requirement.consequence,
        }
    assert data["sections"][0]["id"] == "who-we-are"
    assert data["summary"]["id"] == "summary"


def test_the_render_command_prints_markdown_and_html(example_path, capsys):
    call_command("notice", "render", str(example_path))
    assert "## Your rights" in capsys.readouterr().out
    call_command("notice", "render", str(example_path), "--format", "html")
    assert '<h2 id="your-rights">Your rights</h2>' in capsys.readouterr().out


def test_the_render_command_refuses_an_unknown_format(example_path):
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        call_command("notice", "render", str(example_path), "--format", "pdf")


def test_the_render_command_refuses_a_broken_register_naming_the_line(tmp_path):
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


RIGHTS_DESK_PURPOSES = {
    # purpose id -> words its retention must state (the notice says how long)
    "do-not-contact-list": "permanent",
    "disclosure-log": "6 years",
    "rights-requests-and-complaints-records": "6 years",
}


def test_the_rights_desks_own_records_are_purposes_of_every_example(example_register):
    """The do-not-contact list, the disclosure log and the records of requests and
    complaints are processing too: each example's notice describes them, on the basis of
    a legal obligation, with how long they are kept and what the law requires."""
    md = render_markdown(build_notice(example_register))
    purposes = {p.id: p for p in example_register.purposes}
    for purpose_id, period in RIGHTS_DESK_PURPOSES.items():
        purpose = purposes[purpose_id]
        assert [c.basis for c in purpose.bases] == [LawfulBasis.LEGAL_OBLIGATION]
        assert purpose.requirement is not None and purpose.requirement.kind.value == "statutory"
        section = _purpose_md(md, purpose)
        assert describe_retention(purpose.retention) in section
        assert period in describe_retention(purpose.retention).lower() or period in str(
            purpose.retention.period
        )
    records = _purpose_md(md, purposes["rights-requests-and-complaints-records"])
    assert "164A" in records and "Article 5(2)" in records
    assert "coded (hashed)" in _purpose_md(md, purposes["do-not-contact-list"])
    assert "Article 19" in _purpose_md(md, purposes["disclosure-log"])
