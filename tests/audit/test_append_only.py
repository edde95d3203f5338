import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from lawful.audit.events import AuditAction
from lawful.audit.models import (
    AuditChainHead,
    AuditChainHeadMovesOnlyForward,
    AuditEvent,
    AuditLogIsAppendOnly,
)
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


def test_the_base_manager_refuses_too():
    record(AuditAction.VIEW)

    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._base_manager.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._base_manager.update(summary="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._default_manager.all().update(summary="x")

    assert verify_chain().ok


def test_the_orm_refuses_to_move_or_delete_a_chain_head():
    record(AuditAction.VIEW)
    head = AuditChainHead.objects.get(organisation=None)

    head.last_seq = 0
    with pytest.raises(AuditChainHeadMovesOnlyForward):
        head.save()
    with pytest.raises(AuditChainHeadMovesOnlyForward):
        head.delete()
    for manager in (AuditChainHead.objects, AuditChainHead._base_manager):
        with pytest.raises(AuditChainHeadMovesOnlyForward):
            manager.update(last_seq=0)
        with pytest.raises(AuditChainHeadMovesOnlyForward):
            manager.all().delete()

    assert AuditChainHead.objects.get(organisation=None).last_seq == 1
    assert verify_chain().ok


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)


@pytest.fixture
def as_application_role():
    """Act as the ordinary role Lawful runs as, with the grants README gives it: SELECT and
    INSERT on the audit tables, UPDATE of the seal columns only. Rolled back with the test."""
    role = f"lawful_audit_probe_{uuid.uuid4().hex[:12]}"
    grants = [
        f"CREATE ROLE {role} NOSUPERUSER",
        f"GRANT SELECT, INSERT ON audit_auditevent, audit_auditchainhead TO {role}",
        f"GRANT UPDATE (seq, prev_hash, hash) ON audit_auditevent TO {role}",
        f"GRANT UPDATE (last_seq, last_hash, mac) ON audit_auditchainhead TO {role}",
        f"SET LOCAL ROLE {role}",
    ]
    with connection.cursor() as cursor:
        for sql in grants:
            cursor.execute(sql)
    return role


def refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(error.value)


@on_postgresql
def test_the_application_role_appends_and_seals_but_cannot_rewrite(as_application_role):
    events = [record(AuditAction.VIEW, person=n) for n in range(3)]
    assert [e.seq for e in events] == [1, 2, 3]

    assert "permission denied" in refused("UPDATE audit_auditevent SET summary = 'x'")
    assert "permission denied" in refused("DELETE FROM audit_auditevent")
    assert "permission denied" in refused("TRUNCATE audit_auditevent")
    assert "permission denied" in refused("DELETE FROM audit_auditchainhead")
    # Even the seal columns it may write: a sealed event cannot be sealed again.
    assert "append-only" in refused("UPDATE audit_auditevent SET hash = 'x' WHERE seq = 2")
    assert "only moves forward" in refused(
        "UPDATE audit_auditchainhead SET last_seq = 1 WHERE organisation_id IS NULL"
    )
    assert verify_chain().ok


@on_postgresql
def test_the_triggers_refuse_the_owner_too():
    """Without the revoked grants (the application role owns the tables): the triggers."""
    events = [record(AuditAction.VIEW, person=n) for n in range(3)]
    role = f"lawful_audit_owner_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOSUPERUSER")
        cursor.execute(f"GRANT ALL ON audit_auditevent, audit_auditchainhead TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        # Check the deferred foreign keys now, or TRUNCATE is refused for that instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert "append-only: UPDATE" in refused("UPDATE audit_auditevent SET summary = 'x'")
    assert "append-only: DELETE" in refused("DELETE FROM audit_auditevent WHERE seq = 3")
    assert "append-only: TRUNCATE" in refused("TRUNCATE audit_auditevent")
    assert "append-only: UPDATE" in refused(
        "UPDATE audit_auditevent SET seq = NULL, prev_hash = NULL, hash = NULL WHERE seq = 3"
    )
    assert "only moves forward: DELETE" in refused("DELETE FROM audit_auditchainhead")
    assert "only moves forward: TRUNCATE" in refused("TRUNCATE audit_auditchainhead")
    assert "only moves forward: UPDATE" in refused(
        "UPDATE audit_auditchainhead SET last_seq = 2, last_hash = %s", [events[1].hash]
    )
    assert "only moves forward: UPDATE" in refused("UPDATE audit_auditchainhead SET keyed_from = 9")
    assert verify_chain().ok
