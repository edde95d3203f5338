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
