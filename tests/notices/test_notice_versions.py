"""Notice versions of an organisation: drafted from a register, adopted by a minute by a
named member of staff, superseded in turn; each organisation's versions its own."""

from datetime import date

import pytest

from lawful.audit.models import AuditEvent
from lawful.notices.models import NoticeVersion
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.notices.services import (
    NoticeError,
    RegisterProblems,
    adopt_version,
    adopted_version,
    draft_version,
    import_document_control,
    load_draft,
    notice_diff,
)
from lawful.policy.vocab import NoticeStatus
from tests.conftest import EXAMPLES, SMALL_REGISTER, TODAY
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_draft_keeps_the_register_and_the_notice_it_generates(parish_org, parish_register, clerk):
    draft = draft_version(
        parish_org, parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk
    )
    assert draft.status == NoticeStatus.DRAFT
    assert draft.register_text == parish_register.source
    assert parish_register.controller.name in draft.rendered_markdown
    event = AuditEvent.objects.get(target_type="notices.noticeversion", target_id=str(draft.pk))
    assert event.action == "create" and event.actor == clerk
    assert event.organisation == parish_org


def test_adopting_a_draft_supersedes_the_version_before(parish_org, parish_register, clerk):
    before = adopted_version(parish_org)
    draft = draft_version(parish_org, parish_register, version="4.0", dated=date(2026, 11, 1))
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.112", actor=clerk)
    before.refresh_from_db()
    draft.refresh_from_db()
    assert before.status == NoticeStatus.SUPERSEDED
    assert (draft.status, draft.minute, draft.dated) == ("adopted", "26.112", date(2026, 11, 19))
    assert NoticeVersion.objects.for_org(parish_org).filter(status="adopted").count() == 1
    assert AuditEvent.objects.filter(summary__startswith="adopted notice 4.0").exists()
    assert AuditEvent.objects.filter(summary=f"superseded notice {before.version}").exists()


def test_an_adoption_by_a_member_of_staff_is_audited_as_them(parish_org, parish_register, clerk):
    draft = draft_version(parish_org, parish_register, version="4.0", dated=date(2026, 11, 1))
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.112", actor=clerk)
    event = AuditEvent.objects.get(summary="adopted notice 4.0 by minute 26.112")
    assert (event.actor, event.actor_label) == (clerk, "clerk")
    draft.refresh_from_db()
    assert draft.adopted_by == clerk


def test_a_council_needs_the_minute_and_nothing_changes_without_it(
    parish_org, parish_register, clerk
):
    draft = draft_version(parish_org, parish_register, version="4.0", dated=date(2026, 11, 1))
    events = AuditEvent.objects.count()
    with pytest.raises(NoticeError, match="^minute: the minute reference"):
        adopt_version(draft, adopted_on=date(2026, 11, 19), minute="  ", actor=clerk)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_a_councillor_adopts_without_a_minute_book(db):
    text = (EXAMPLES / "councillors-office.yaml").read_text()
    councillors = OrganisationFactory(slug="northgate", kind="councillor", register=text)
    register = register_in_force(councillors)
    draft = draft_version(councillors, register, version="3.0", dated=date(2026, 11, 1))
    adopted = adopt_version(draft, adopted_on=date(2026, 11, 19))
    assert (adopted.status, adopted.minute) == ("adopted", "")


def test_an_adoption_may_not_be_dated_before_the_version_in_force(parish_org, parish_register):
    in_force = adopted_version(parish_org)  # 2.0, adopted 14 May 2026
    draft = draft_version(parish_org, parish_register, version="4.0", dated=date(2026, 11, 1))
    with pytest.raises(
        NoticeError,
        match=r"^adopted on: 2026-05-13 is before version 2.0 in force was adopted \(2026-05-14\)",
    ):
        adopt_version(draft, adopted_on=date(2026, 5, 13), minute="26.001")
    assert adopted_version(parish_org) == in_force
    # The same day is allowed: a meeting may adopt a correction at once.
    adopt_version(draft, adopted_on=date(2026, 5, 14), minute="26.048")
    assert adopted_version(parish_org).version == "4.0"


@pytest.mark.parametrize("name", ["v2", "2.0 draft", "", "2..1", "1.", "draft", "1/2"])
def test_a_version_name_must_be_numbers_separated_by_dots(org, name):
    register = register_in_force(org)
    with pytest.raises(NoticeError, match="is not a version name: use numbers separated by dots"):
        draft_version(org, register, version=name, dated=TODAY)
    assert not NoticeVersion.objects.filter(version=name).exists()


@pytest.mark.parametrize("name", ["3", "2.1", "2026.1", "10.0.3"])
def test_good_version_names_are_accepted(org, name):
    draft = draft_version(org, register_in_force(org), version=name, dated=TODAY)
    assert draft.version == name


def test_an_adopted_version_cannot_be_adopted_again(parish_org, parish_register):
    draft = draft_version(parish_org, parish_register, version="4.0", dated=date(2026, 11, 1))
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.112")
    with pytest.raises(NoticeError, match="not a draft"):
        adopt_version(draft, adopted_on=date(2026, 11, 20), minute="26.113")


def test_a_version_number_is_used_once_per_organisation(org, other_org):
    register = register_in_force(org)
    draft_version(org, register, version="4.0", dated=date(2026, 11, 1))
    with pytest.raises(NoticeError, match="version: '4.0' already exists"):
        draft_version(org, register, version="4.0", dated=date(2026, 11, 2))
    # Another organisation numbers its own versions.
    assert draft_version(other_org, register, version="4.0", dated=date(2026, 11, 2)).pk


def test_each_organisation_has_its_own_version_in_force(org, other_org):
    changed = SMALL_REGISTER.replace("name: C,", "name: Other Council,")
    draft = load_draft(other_org, changed, version="2", today=TODAY)
    adopt_version(draft, adopted_on=TODAY, minute="26.1")
    assert register_in_force(org).controller.name == "C"
    assert register_in_force(other_org).controller.name == "Other Council"
    assert adopted_version(org).version == "1"
    assert adopted_version(other_org).version == "2"


def test_importing_the_registers_document_control_twice_adds_nothing_twice(parish_register):
    organisation = OrganisationFactory(slug="lapford", register=False)
    first = import_document_control(organisation, parish_register)
    assert first == len({v.version for v in parish_register.document.versions})
    assert import_document_control(organisation, parish_register) == 0
    adopted = NoticeVersion.objects.for_org(organisation).get(status=NoticeStatus.ADOPTED)
    assert adopted.version == parish_register.document.current_version.version


def test_there_is_no_register_in_force_before_an_adoption(db):
    organisation = OrganisationFactory(slug="new", register=False)
    with pytest.raises(NoRegisterInForce, match="has no register in force"):
        register_in_force(organisation)


def test_a_draft_is_not_the_register_in_force_until_adopted(org):
    changed = SMALL_REGISTER.replace("name: C,", "name: Renamed Council,")
    draft = load_draft(org, changed, version="2", today=TODAY)
    assert register_in_force(org).controller.name == "C"
    adopt_version(draft, adopted_on=TODAY, minute="26.2")
    assert register_in_force(org).controller.name == "Renamed Council"


def test_loading_a_register_with_problems_stores_nothing_and_names_each_line(org):
    bad = SMALL_REGISTER.replace("retention: {period: 6 years, trigger: end-of-financial-year}", "")
    with pytest.raises(RegisterProblems) as caught:
        load_draft(org, bad, version="2", today=TODAY)
    lines = caught.value.lines("new.yaml")
    assert lines and all(line.startswith("new.yaml:") for line in lines)
    assert any("retention" in line for line in lines)
    assert not NoticeVersion.objects.for_org(org).filter(version="2").exists()


def test_the_diff_shows_what_a_draft_changes_in_the_notice_in_force(org):
    changed = SMALL_REGISTER.replace(
        "description: Our newsletter.", "description: Our monthly news."
    )
    draft = load_draft(org, changed, version="2", today=TODAY)
    diff = notice_diff(draft)
    assert (diff.old_version, diff.new_version) == ("1", "2")
    assert diff.changed
    assert any("Our monthly news." in line for line in diff.added)
    assert any("Our newsletter." in line for line in diff.removed)
    assert not any("Our monthly news." in line for line in diff.removed)


def test_a_draft_the_same_as_the_notice_in_force_shows_no_change(org):
    draft = load_draft(org, SMALL_REGISTER, version="2", today=TODAY)
    assert not notice_diff(draft).changed
