"""Isolation over every management command of Lawful's own apps, found from Django's
command registry and each command's argument parser (and its sub-commands).

A command (or sub-command) that takes `--org` is run for organisation A, once with A's
own objects and once with B's in every argument that names one (B's version, B's
member of staff...): it must print nothing of B's and change nothing of B's. A command
without `--org` must be in NO_ORG below with the reason it needs none, so a new command
fails here until someone decides how it is scoped.
"""

import io
from argparse import _HelpAction, _SubParsersAction, _VersionAction
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

from .world import REGISTER, api_token, snapshot

# (command, sub-command) without --org, and why that is safe. Run too where cheap (RUN).
NO_ORG = {
    ("register", "check"): "reads a register file; touches no organisation's data",
    ("notice", "render"): "renders a register file; touches no organisation's data",
    ("deadline", None): "date arithmetic only",
    ("org", "add"): "creates a new organisation from its register file",
    ("org", "list"): "the operator's list of organisations and versions: no personal data",
    ("register", "load"): "names its organisation by the SLUG argument: run as for --org",
    ("demo", None): "makes the demo's own example organisations and synthetic residents",
    ("worker", None): "runs queued jobs, each of which carries its own organisation",
    ("jobs", "daily"): "queues the installation's daily jobs (each job scopes its own work)",
    ("jobs", "list"): "lists jobs' kinds and progress: no personal data",
    ("postcodes", "load"): "loads the ONS postcode lookup: installation-wide public reference "
    "data (postcodes, wards, constituencies), no organisation's data",
    ("staff", "reset-2fa"): "resets one account's second factor: accounts are the "
    "installation's, not an organisation's data (superuser or command only, audited)",
}
# Commands of NO_ORG that read existing data: run with the world, checked for leaks.
RUN_WITHOUT_ORG = [("org", "list"), ("jobs", "list")]
# Commands that name the organisation by a positional argument instead of --org.
ORG_POSITIONAL = {("register", "load"): "slug"}

# Django's own options of every command (and --help, --version): not Lawful's arguments.
DJANGO_OPTIONS = {
    "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color", "skip_checks",
}  # fmt: skip
NOT_ARGUMENTS = (_HelpAction, _VersionAction, _SubParsersAction)


def _register_file(tmp_path: Path) -> str:
    path = tmp_path / "register.yaml"
    path.write_text(
        REGISTER.format(controller="Neutral Council", lead="Nia Neutral", newsletter="News.")
    )
    return str(path)


# An argument's value, by its dest: (A's own, B's) for a run of organisation A.
# Add a row when a command takes a new argument.
def arguments(w, tmp_path) -> dict:
    register = _register_file(tmp_path)
    b_token = getattr(w, "b_token", None) or ""
    body = str(tmp_path / "message.txt")
    Path(body).write_text("Hello from the council.")
    return {
        "version": (w.a.draft_version, w.b.draft_version),
        "username": (w.a.staff["dp_lead"].username, w.b.staff["dp_lead"].username),
        "by": (w.a.staff["dp_lead"].username, w.b.staff["dp_lead"].username),
        "register": (register, register),
        "file": (register, register),
        "role": ("volunteer", "volunteer"),
        "minute": ("M-ISO-1", "M-ISO-1"),
        "revoke": (None, b_token[:16] or None),
        "slug": (w.a.slug, w.a.slug),
        "start": ("2026-01-01", "2026-01-01"),
        "end": ("2026-12-31", "2026-12-31"),
        "today": ("2026-11-25", "2026-11-25"),
        # campaigns: audience, send, import people, campaigns export / webhook-secret
        "purpose": ("newsletters", "newsletters"),
        "channel": ("email", "email"),
        "channels": ("email", "email"),
        "method": ("import", "import"),
        "evidence": ("Paper sign-up forms, 2025", "Paper sign-up forms, 2025"),
        "ward": ("", ""),
        "constituency": ("", ""),
        "format": ("csv", "json"),
        "subject": ("Our newsletter", "Our newsletter"),
        "body": (body, body),
        "recipient": ("mailing-service", "mailing-service"),
    }


def lawful_commands() -> list[tuple[str, str | None, object]]:
    """(command, sub-command or None, its parser) for every command of Lawful's apps."""
    found = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("lawful"):
            continue
        parser = load_command_class(app, name).create_parser("lawful", name)
        subs = [a for a in parser._actions if isinstance(a, _SubParsersAction)]
        if not subs:
            found.append((name, None, parser))
        for sub in subs:
            for sub_name, sub_parser in sub.choices.items():
                found.append((name, sub_name, sub_parser))
    return found


def _takes_org(parser) -> bool:
    return any("--org" in action.option_strings for action in parser._actions)


COMMANDS = lawful_commands()
SCOPED = [c for c in COMMANDS if _takes_org(c[2]) or (c[0], c[1]) in ORG_POSITIONAL]


def _id(command) -> str:
    return " ".join(part for part in command[:2] if part)


def test_lawful_has_commands_that_act_on_one_organisation():
    assert len(SCOPED) >= 4, [_id(c) for c in COMMANDS]


def test_every_command_without_org_says_why():
    unexplained = [_id(c) for c in COMMANDS if not _takes_org(c[2]) and (c[0], c[1]) not in NO_ORG]
    assert unexplained == [], (
        "these commands take no --org: give them one if they act on an organisation's "
        "data, or add them to NO_ORG in tests/isolation/test_commands.py with the reason"
    )


def _argv(parser, values: dict, which: int, org_slug: str) -> list[str]:
    argv = []
    for action in parser._actions:
        if action.dest in DJANGO_OPTIONS or isinstance(action, NOT_ARGUMENTS):
            continue
        if "--org" in action.option_strings:
            argv += ["--org", org_slug]
            continue
        if action.dest not in values:
            if not action.option_strings or action.required:
                raise AssertionError(
                    f"argument {action.dest!r}: add a row to arguments() in "
                    "tests/isolation/test_commands.py (A's value, B's value)"
                )
            continue
        value = values[action.dest][which]
        if value is None:
            continue
        argv += [value] if not action.option_strings else [action.option_strings[0], value]
    return argv


def _run(name: str, sub: str | None, argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    from django.core.management import call_command

    try:
        call_command(name, *([sub] if sub else []), *argv, stdout=out, stderr=err)
    except (CommandError, SystemExit) as exc:
        err.write(str(exc))
    return out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def world_with_b_token(world, django_db_blocker):
    with django_db_blocker.unblock():
        world.b_token = api_token(world.b.staff["dp_lead"], world.b.organisation)
    return world


@pytest.mark.parametrize("command", SCOPED, ids=[_id(c) for c in SCOPED])
def test_a_command_run_for_one_organisation_prints_and_changes_nothing_of_another(
    world_with_b_token, db, tmp_path, command
):
    w = world_with_b_token
    name, sub, parser = command
    values = arguments(w, tmp_path)
    before = snapshot(w.b)
    for which, whose in ((0, "A's own objects"), (1, "B's objects")):
        argv = _argv(parser, values, which, w.a.slug)
        output = _run(name, sub, argv)
        leaked = w.b.leaks_in(output, public_too=True)
        assert leaked == [], f"lawful {_id(command)} {' '.join(argv)} ({whose}) printed {leaked}"
        assert snapshot(w.b) == before, f"lawful {_id(command)} {' '.join(argv)} changed B"


LISTINGS = [c for c in RUN_WITHOUT_ORG if c in {(n, s) for n, s, _ in COMMANDS}]


@pytest.mark.parametrize("command", LISTINGS, ids=[" ".join(c) for c in LISTINGS])
def test_a_listing_command_prints_no_personal_data(w, command):
    output = _run(command[0], command[1], [])
    assert w.a.leaks_in(output) == [] and w.b.leaks_in(output) == []
