"""`lawful deadline`: explains the count and ends with the due date alone."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parent.parent


def deadline(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_ends_with_the_due_date_after_the_christmas_bank_holidays():
    lines = deadline("2024-11-25")
    assert lines[-1] == "2024-12-27"
    assert any("Christmas Day" in line for line in lines[:-1])


@pytest.mark.parametrize(
    "args, due",
    [
        (["2024-09-03"], "2024-10-03"),
        (["2024-12-02", "--nation", "scotland"], "2025-01-03"),
        (["2024-12-02", "--nation", "england"], "2025-01-02"),
        (["2025-02-17", "--nation", "northern-ireland"], "2025-03-18"),
        (["2024-09-03", "--extended"], "2024-12-03"),
        (["2024-09-03", "--paused-days", "10"], "2024-10-14"),
    ],
    ids=["plain", "scotland", "england", "northern-ireland", "extended", "paused"],
)
def test_its_last_line_is_the_due_date(args, due):
    assert deadline(*args)[-1] == due


def test_it_says_what_it_counted():
    text = "\n".join(deadline("2024-09-03", "--extended", "--paused-days", "10"))
    assert "Tuesday 3 September 2024" in text
    assert "three calendar months" in text
    assert "10 day(s)" in text


@pytest.mark.parametrize("value", ["2024-02-30", "25/11/2024", "20241125", "tomorrow"])
def test_a_bad_date_is_refused_naming_the_argument(value):
    with pytest.raises(CommandError, match=rf"received: '{value}' is not a date"):
        deadline(value)


def test_a_negative_pause_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--paused-days"):
        deadline("2024-09-03", "--paused-days", "-1")


def test_an_unknown_nation_is_refused():
    with pytest.raises(CommandError, match="--nation"):
        deadline("2024-09-03", "--nation", "wessex")


def test_from_the_shell_a_bad_date_exits_with_status_1():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lawful.test_settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "deadline", "2024-02-30"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "received: '2024-02-30' is not a date" in result.stderr
