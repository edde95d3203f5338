import pytest

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent, AuditLogIsAppendOnly
from lawful.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


def test_the_orm_refuses_to_change_or_delete_an_event():
    event = record(AuditAction.CHANGE, summary="changed fields: email")
    events = AuditEvent.objects.all()

    event.summary = "nothing happened"
    with pytest.raises(AuditLogIsAppendOnly, match="cannot be changed"):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly, match="cannot be deleted"):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        events.update(summary="nothing happened")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(summary="nothing happened")
    with pytest.raises(AuditLogIsAppendOnly):
        events.filter(seq=1).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["summary"])

    stored = AuditEvent.objects.get()
    assert stored.summary == "changed fields: email"
    assert verify_chain().ok


def test_an_event_cannot_be_saved_over_an_existing_one():
    event = record(AuditAction.VIEW)
    copy = AuditEvent.objects.get(pk=event.pk)
    copy._state.adding = True  # as a fresh instance given an existing pk would be

    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, never an UPDATE
        copy.save()
