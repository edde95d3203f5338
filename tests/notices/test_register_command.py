import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import EXAMPLE_FILES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_each_example_checks_clean(path, capsys):
    call_command("register", "check", str(path), "--today", "2026-11-23")
    assert capsys.readouterr().out.strip() == f"{path}: OK"


def test_it_reports_file_and_line_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = EXAMPLE_FILES[0].read_text()
    bad.write_text(text.replace("next_review:", "next_review: 2020-01-01 #", 1))
    line = next(n for n, s in enumerate(bad.read_text().splitlines(), 1) if "2020-01-01" in s)
    with pytest.raises(CommandError) as caught:
        call_command("register", "check", str(bad))
    assert caught.value.returncode == 1
    assert f"{bad}:{line}: the notice's review was due on 2020-01-01" in capsys.readouterr().out


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("register", "check", str(tmp_path / "nope.yaml"))


def test_warnings_are_printed_with_their_line_but_do_not_fail_the_check(tmp_path, capsys):
    path = tmp_path / "campaign.yaml"
    text = (EXAMPLE_FILES[0].parent / "campaign-network.yaml").read_text()
    path.write_text(text.replace("        in_scope: true", "        in_scope: false", 1))
    line = next(n for n, s in enumerate(path.read_text().splitlines(), 1) if "in_scope: false" in s)
    call_command("register", "check", str(path), "--today", "2026-11-23")
    out = capsys.readouterr().out
    assert (
        f"{path}:{line - 3}: warning: purpose 'keeping-in-touch': UK adequacy for US is partial"
        in out
    )
    assert out.strip().endswith(f"{path}: OK (1 warning(s))")


def test_a_missing_requirement_fails_the_check_with_its_line(tmp_path, capsys):
    path = tmp_path / "parish.yaml"
    text = (EXAMPLE_FILES[0].parent / "parish-council.yaml").read_text()
    path.write_text(
        text.replace(
            "    requirement:\n      kind: contract-entry\n",
            "    x_requirement:\n      kind: contract-entry\n",
            1,
        )
    )
    with pytest.raises(CommandError) as caught:
        call_command("register", "check", str(path), "--today", "2026-11-23")
    assert caught.value.returncode == 1
    line = next(
        n for n, s in enumerate(path.read_text().splitlines(), 1) if "id: hall-and-sports-hire" in s
    )
    out = capsys.readouterr().out
    assert (
        f"{path}:{line}: purpose 'hall-and-sports-hire' does not say whether people must give"
        in out
    )
