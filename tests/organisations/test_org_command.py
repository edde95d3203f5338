"""`lawful org add SLUG --register FILE [--name NAME]` and `lawful org list`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.notices.registry import register_in_force
from lawful.notices.services import adopted_version
from lawful.organisations.models import Organisation
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db


def test_an_organisation_is_made_from_its_register_with_its_adopted_version_in_force(capsys):
    call_command("org", "add", "ashbrook", "--register", str(EXAMPLES / "parish-council.yaml"))
    assert (
        "Added Ashbrook Town Council (ashbrook): version 2.0 in force." in capsys.readouterr().out
    )
    organisation = Organisation.objects.get(slug="ashbrook")
    assert (organisation.kind, organisation.nation) == ("town-council", "england")
    assert adopted_version(organisation).minute == "26/047"
    assert register_in_force(organisation).controller.name == "Ashbrook Town Council"
    assert organisation.audit_events.filter(summary="created organisation ashbrook").exists()


def test_a_name_and_host_names_may_be_given(capsys):
    call_command(
        "org", "add", "northgate", "--register", str(EXAMPLES / "councillors-office.yaml"),
        "--name", "Northgate Councillors", "--host", "Privacy.Northgate.example",
    )  # fmt: skip
    organisation = Organisation.objects.get(slug="northgate")
    assert organisation.name == "Northgate Councillors"
    assert list(organisation.hosts.values_list("host", flat=True)) == ["privacy.northgate.example"]


def test_a_register_with_problems_adds_nothing_and_names_each_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "parish-council.yaml").read_text()
    bad.write_text(text.replace("next_review:", "next_review: 2020-01-01 #", 1))
    with pytest.raises(CommandError, match="nothing was added") as caught:
        call_command("org", "add", "ashbrook", "--register", str(bad))
    assert caught.value.returncode == 1
    assert f"{bad}:" in capsys.readouterr().out
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("slug", ["Ashbrook", "x-", "a b", "x" * 51, "ash_brook"])
def test_a_bad_short_name_is_refused_saying_what_is_allowed(slug):
    with pytest.raises(CommandError, match="slug: .* is not a usable short name"):
        call_command("org", "add", slug, "--register", str(EXAMPLES / "parish-council.yaml"))
    assert not Organisation.objects.exists()


def test_a_short_name_is_used_once():
    path = str(EXAMPLES / "parish-council.yaml")
    call_command("org", "add", "ashbrook", "--register", path)
    with pytest.raises(CommandError, match="slug: 'ashbrook' is already used"):
        call_command("org", "add", "ashbrook", "--register", path)


def test_list_shows_each_organisation_with_its_version_in_force(org, other_org, capsys):
    call_command("org", "list")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "ashbrook\tAshbrook Town Council\tversion 1\t0 people",
        "northgate\tNorthgate Town Council\tversion 1\t0 people",
    ]
