"""`lawful notice draft | adopt | status` and `lawful register load`: a clerk keeps the
versions of an organisation's notice from the command line."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.audit.models import AuditEvent
from lawful.notices.models import NoticeVersion
from tests.conftest import EXAMPLES, SMALL_REGISTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_register(tmp_path):
    path = tmp_path / "register.yaml"
    path.write_text(SMALL_REGISTER.replace("description: Our newsletter.", "description: News."))
    return path


def test_a_clerk_drafts_adopts_and_checks_a_version(org, clerk, new_register, capsys):
    call_command("notice", "draft", "3.0", "--register", str(new_register), "--org", "ashbrook")
    with pytest.raises(CommandError, match="Drafts awaiting adoption: 3.0") as waiting:
        call_command("notice", "status", "--org", "ashbrook")
    assert waiting.value.returncode == 1
    call_command(
        "notice", "adopt", "3.0", "--org", "ashbrook", "--minute", "26.120",
        "--on", "2026-11-19", "--by", "clerk",
    )  # fmt: skip
    call_command("notice", "status", "--org", "ashbrook")
    out = capsys.readouterr().out
    assert "Adopted version 3.0 on 2026-11-19, minute 26.120." in out
    assert "No drafts await adoption" in out
    version = NoticeVersion.objects.for_org(org).get(version="3.0")
    assert (version.status, version.adopted_by) == ("adopted", clerk)
    assert AuditEvent.objects.get(summary__startswith="adopted notice 3.0").actor == clerk


def test_org_may_be_left_out_when_there_is_one_organisation(org, new_register, capsys):
    call_command("notice", "draft", "3.0", "--register", str(new_register))
    call_command("notice", "adopt", "3.0", "--minute", "26.120")
    assert "Adopted version 3.0" in capsys.readouterr().out


def test_without_org_several_organisations_are_named(org, other_org, new_register):
    with pytest.raises(
        CommandError, match=r"--org: say which organisation \(one of: ashbrook, northgate\)"
    ):
        call_command("notice", "draft", "3.0", "--register", str(new_register))
    with pytest.raises(CommandError, match="--org: say which organisation"):
        call_command("notice", "status")


def test_adopting_by_someone_not_on_the_staff_of_that_organisation_is_refused(
    org, other_org, other_clerk, new_register
):
    call_command("notice", "draft", "3.0", "--register", str(new_register), "--org", "ashbrook")
    with pytest.raises(
        CommandError, match="--by: 'other-clerk' is not a member of staff of Ashbrook"
    ):
        call_command(
            "notice", "adopt", "3.0", "--org", "ashbrook", "--minute", "1", "--by", "other-clerk"
        )
    assert NoticeVersion.objects.for_org(org).get(version="3.0").status == "draft"


def test_a_draft_version_name_is_checked(org, new_register):
    with pytest.raises(CommandError, match="version: 'next' is not a version name"):
        call_command("notice", "draft", "next", "--register", str(new_register))
    assert not NoticeVersion.objects.filter(version="next").exists()


def test_adopt_on_a_date_before_the_version_in_force_is_refused(org, new_register):
    call_command("notice", "draft", "3.0", "--register", str(new_register))
    with pytest.raises(CommandError, match="adopted on: 2019-12-31 is before version 1 in force"):
        call_command("notice", "adopt", "3.0", "--minute", "1", "--on", "2019-12-31")
    assert NoticeVersion.objects.get(version="3.0").status == "draft"


def test_status_fails_when_nothing_was_adopted(db):
    from tests.organisations.factories import OrganisationFactory

    OrganisationFactory(slug="new", name="New Council", register=False)
    with pytest.raises(CommandError, match="No version of New Council's notice has been adopted"):
        call_command("notice", "status")


def test_adopting_an_unknown_version_names_it(org):
    with pytest.raises(CommandError, match="no version '7.0' has been drafted for Ashbrook"):
        call_command("notice", "adopt", "7.0", "--minute", "1")


def test_a_bad_adoption_date_names_the_option(org, new_register):
    call_command("notice", "draft", "3.0", "--register", str(new_register))
    with pytest.raises(CommandError, match="--on: '19/11/2026' is not a date"):
        call_command("notice", "adopt", "3.0", "--minute", "1", "--on", "19/11/2026")
    assert NoticeVersion.objects.get(version="3.0").status == "draft"


def test_register_load_stores_a_draft(org, new_register, capsys):
    call_command("register", "load", "ashbrook", str(new_register), "--version", "2")
    assert "Stored draft version 2 of Ashbrook Town Council's register" in capsys.readouterr().out
    assert NoticeVersion.objects.for_org(org).get(version="2").status == "draft"


def test_register_load_with_problems_prints_file_and_line_and_stores_nothing(org, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "parish-council.yaml").read_text()
    bad.write_text(text.replace("next_review:", "next_review: 2020-01-01 #", 1))
    line = next(n for n, s in enumerate(bad.read_text().splitlines(), 1) if "2020-01-01" in s)
    with pytest.raises(CommandError) as caught:
        call_command("register", "load", "ashbrook", str(bad), "--version", "2")
    assert caught.value.returncode == 1
    assert f"{bad}:{line}: the notice's review was due on 2020-01-01" in capsys.readouterr().out
    assert not NoticeVersion.objects.filter(version="2").exists()


def test_register_load_names_a_bad_version_and_an_unknown_organisation(org, new_register):
    with pytest.raises(CommandError, match="version: 'two' is not a version name"):
        call_command("register", "load", "ashbrook", str(new_register), "--version", "two")
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        call_command("register", "load", "nowhere", str(new_register), "--version", "2")
