"""The example deployment in deploy/ runs what exists: its commands, settings and config."""

import os
import re
import shlex
import subprocess

import pytest

from tests.browser.conftest import ROOT

DEPLOY = ROOT / "deploy"
BIN = ROOT / ".venv" / "bin"


def _exec_lines() -> list[list[str]]:
    lines = []
    for unit in sorted(DEPLOY.glob("*.service")):
        for match in re.finditer(
            r"^ExecStart=(/opt/lawful/\.venv/bin/\S+.*)$", unit.read_text(), re.M
        ):
            lines.append(shlex.split(match[1]))
    return lines


@pytest.mark.parametrize("command", _exec_lines(), ids=lambda c: " ".join(c[:3]))
def test_each_service_runs_a_command_lawful_has(command, tmp_path):
    program = BIN / command[0].rsplit("/", 1)[1]
    args = [a for a in command[1:] if not a.startswith("/opt/lawful/")]
    if program.name == "gunicorn":
        args = ["--check-config", "--config", str(DEPLOY / "gunicorn.conf.py")]
    else:
        args.append("--help")
    env = {**os.environ, "LAWFUL_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_services_cover_web_worker_and_the_daily_jobs():
    commands = [" ".join(c) for c in _exec_lines()]
    assert any("gunicorn --config" in c for c in commands)
    assert any(c.endswith("lawful worker") for c in commands)
    assert any(c.endswith("lawful jobs daily") for c in commands)
    assert "OnCalendar=" in (DEPLOY / "lawful-daily.timer").read_text()


def test_the_example_environment_names_only_settings_lawful_reads():
    settings_source = (ROOT / "lawful" / "settings.py").read_text()
    example = (DEPLOY / "lawful.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, re.M)
    assert "DATABASE_URL" in names and "LAWFUL_HTTPS" in names
    for name in names:
        read_as = name.removesuffix("_FILE")
        assert f'"{read_as}"' in settings_source, f"settings.py does not read {name}"
