"""Notice versions: drafted from the register, adopted by a minute, superseded in turn."""

from datetime import date

import pytest

from lawful.audit.models import AuditEvent
from lawful.notices.models import NoticeVersion
from lawful.notices.services import (
    NoticeError,
    adopt_version,
    draft_version,
    import_document_control,
)
from lawful.policy.vocab import NoticeStatus

pytestmark = pytest.mark.django_db


def test_a_draft_keeps_the_register_and_the_notice_it_generates(parish_register, clerk):
    draft = draft_version(parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk)
    assert draft.status == NoticeStatus.DRAFT
    assert draft.register_text == parish_register.source
    assert parish_register.controller.name in draft.rendered_markdown
    event = AuditEvent.objects.get(target_type="notices.noticeversion", target_id=str(draft.pk))
    assert event.action == "create" and event.actor == clerk


def test_adopting_a_draft_supersedes_the_version_before(parish_register, clerk):
    import_document_control(parish_register, actor=clerk)
    before = NoticeVersion.objects.get(status=NoticeStatus.ADOPTED)
    draft = draft_version(parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk)
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.112", actor=clerk)
    before.refresh_from_db()
    draft.refresh_from_db()
    assert before.status == NoticeStatus.SUPERSEDED
    assert (draft.status, draft.minute, draft.dated) == ("adopted", "26.112", date(2026, 11, 19))
    assert NoticeVersion.objects.filter(status=NoticeStatus.ADOPTED).count() == 1
    assert AuditEvent.objects.filter(summary__startswith="adopted notice 4.0").exists()
    assert AuditEvent.objects.filter(summary=f"superseded notice {before.version}").exists()


def test_adoption_needs_the_minute_and_changes_nothing_without_it(parish_register, clerk):
    draft = draft_version(parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk)
    events = AuditEvent.objects.count()
    with pytest.raises(NoticeError, match="minute"):
        adopt_version(draft, adopted_on=date(2026, 11, 19), minute="  ", actor=clerk)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_an_adopted_version_cannot_be_adopted_again(parish_register, clerk):
    draft = draft_version(parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk)
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.112", actor=clerk)
    with pytest.raises(NoticeError, match="not a draft"):
        adopt_version(draft, adopted_on=date(2026, 11, 20), minute="26.113", actor=clerk)


def test_a_version_number_is_used_once(parish_register, clerk):
    draft_version(parish_register, version="4.0", dated=date(2026, 11, 1), actor=clerk)
    with pytest.raises(NoticeError, match="version: '4.0' already exists"):
        draft_version(parish_register, version="4.0", dated=date(2026, 11, 2), actor=clerk)


def test_importing_the_registers_document_control_twice_adds_nothing_twice(parish_register):
    first = import_document_control(parish_register)
    assert first == len({v.version for v in parish_register.document.versions})
    assert import_document_control(parish_register) == 0
    adopted = NoticeVersion.objects.get(status=NoticeStatus.ADOPTED)
    assert adopted.version == parish_register.document.current_version.version
