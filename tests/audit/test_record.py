from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import ProtectedError

from lawful.audit.events import AuditAction
from lawful.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from lawful.audit.seals import audit_key
from lawful.audit.services import record, record_many, verify_chain

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_it_chains_each_event_to_the_previous_one():
    first = record(AuditAction.CREATE, summary="created")
    second = record(AuditAction.CHANGE, summary="changed fields: email, postcode")
    third = record(AuditAction.VIEW)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get(organisation=None)
    assert (head.last_seq, head.last_hash) == (3, third.hash)


def test_an_event_read_back_from_the_database_hashes_as_it_did_when_written():
    written = record(AuditAction.CREATE, summary="created")

    read_back = AuditEvent.objects.get(pk=written.pk)

    assert read_back.at == written.at
    assert read_back.compute_mac(audit_key()) == written.hash


def test_it_records_the_actor_and_the_person(clerk, caseworker):
    event = record(
        AuditAction.CHANGE, actor=clerk, target=caseworker, person=42, summary="changed: role"
    )

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == clerk
    assert event.actor_label == "clerk"
    assert event.action == AuditAction.CHANGE
    assert event.target_type == "staff.staffuser"
    assert event.target_id == str(caseworker.pk)
    assert event.person_id == 42
    assert event.summary == "changed: role"


def test_it_accepts_a_person_instance_or_its_id():
    person = SimpleNamespace(pk=7)

    assert record(AuditAction.VIEW, person=person).person_id == 7
    assert record(AuditAction.VIEW, person=8).person_id == 8
    assert record(AuditAction.VIEW).person_id is None


def test_it_labels_jobs_as_system_and_the_public_as_public():
    assert record(AuditAction.CREATE).actor_label == "system"
    event = record(AuditAction.CREATE, actor=AnonymousUser())
    assert event.actor_label == "public"
    assert event.actor is None


def test_the_username_recorded_is_the_one_at_the_time(clerk):
    event = record(AuditAction.VIEW, actor=clerk)
    clerk.username = "parish-clerk"
    clerk.save()

    assert AuditEvent.objects.get(pk=event.pk).actor_label == "clerk"


def test_a_staff_account_with_history_cannot_be_deleted(clerk):
    record(AuditAction.VIEW, actor=clerk)

    with pytest.raises(ProtectedError):
        clerk.delete()


def test_record_rolls_back_with_the_callers_transaction(clerk):
    record(AuditAction.CREATE, summary="before")
    head_before = (
        AuditChainHead.objects.filter(organisation=None).values_list("last_seq", "last_hash").get()
    )

    with pytest.raises(Boom), transaction.atomic():
        record(AuditAction.CHANGE, actor=clerk, summary="changed fields: email")
        raise Boom

    assert AuditEvent.objects.filter(organisation=None).count() == 1
    assert (
        AuditChainHead.objects.filter(organisation=None).values_list("last_seq", "last_hash").get()
        == head_before
    )
    assert verify_chain().ok


def test_it_refuses_a_summary_too_long_and_writes_nothing():
    with pytest.raises(ValueError, match="summary"):
        record(AuditAction.CHANGE, summary="x" * 201)

    assert not AuditEvent.objects.exists()
    assert AuditChainHead.objects.get(organisation=None).last_seq == 0


def test_it_refuses_an_unknown_action():
    with pytest.raises(ValueError):
        record("shred")

    assert not AuditEvent.objects.exists()


def test_it_refuses_an_unsaved_target(django_user_model):
    with pytest.raises(ValueError, match="target"):
        record(AuditAction.CREATE, target=django_user_model(username="not-saved"))


def test_it_starts_a_fresh_chain_when_the_head_row_was_flushed_with_the_log(raw_sql):
    raw_sql("DELETE FROM {heads}")  # as `manage.py flush` does

    event = record(AuditAction.CREATE)

    assert (event.seq, event.prev_hash) == (1, GENESIS_HASH)
    assert verify_chain().ok


def test_record_many_continues_the_chain_under_the_same_rules(clerk):
    first = record(AuditAction.CREATE, actor=clerk)

    appended = record_many(
        ({"action": AuditAction.VIEW, "actor": clerk, "person": n} for n in range(25)),
        batch_size=10,
    )
    last = record(AuditAction.EXPORT)

    assert appended == 25
    events = list(
        AuditEvent.objects.filter(organisation=None).values_list("seq", "prev_hash", "hash")
    )
    assert [seq for seq, _, _ in events] == list(range(1, 28))
    assert events[1][1] == first.hash
    assert all(prev == before[2] for (_, prev, _), before in zip(events[1:], events, strict=False))
    assert last.seq == 27
    assert verify_chain().ok


def test_record_many_writes_nothing_when_one_entry_is_refused():
    entries = [{"action": AuditAction.VIEW}] * 12 + [{"action": "view", "summary": "x" * 300}]

    with pytest.raises(ValueError, match="summary"):
        record_many(entries, batch_size=5)

    assert not AuditEvent.objects.exists()
    assert AuditChainHead.objects.get(organisation=None).last_seq == 0
