"""The audit key: required, kept outside the database; and the chains from before it
(plain SHA-256 events), verified as such up to the boundary the head's MAC records."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, event_hash
from lawful.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


@override_settings(LAWFUL_AUDIT_KEY="")
def test_nothing_is_written_or_verified_without_the_key():
    with pytest.raises(ImproperlyConfigured, match="LAWFUL_AUDIT_KEY .* is not set"):
        record(AuditAction.VIEW)
    with pytest.raises(ImproperlyConfigured, match="LAWFUL_AUDIT_KEY"):
        verify_chain()

    assert not AuditEvent.objects.exists()


@override_settings(LAWFUL_AUDIT_KEY="")
def test_the_audit_command_names_the_missing_key():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="LAWFUL_AUDIT_KEY .* is not set") as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1


@override_settings(LAWFUL_AUDIT_KEY="short")
def test_a_short_key_is_refused():
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters, not 5"):
        record(AuditAction.VIEW)


def test_the_settings_read_the_key_from_a_file(tmp_path, monkeypatch):
    import importlib

    import lawful.settings as production

    key_file = tmp_path / "audit_key"
    key_file.write_text("k" * 40 + "\n")
    monkeypatch.delenv("LAWFUL_AUDIT_KEY", raising=False)
    monkeypatch.setenv("LAWFUL_AUDIT_KEY_FILE", str(key_file))
    try:
        assert importlib.reload(production).LAWFUL_AUDIT_KEY == "k" * 40
        monkeypatch.delenv("LAWFUL_AUDIT_KEY_FILE")
        assert importlib.reload(production).LAWFUL_AUDIT_KEY == ""
    finally:
        importlib.reload(production)


def test_a_chain_checked_with_another_key_is_reported_altered():
    for n in range(3):
        record(AuditAction.VIEW, person=n)

    with override_settings(LAWFUL_AUDIT_KEY="another-key-entirely-0123456789abcdef"):
        report = verify_chain()

    assert not report.ok
    assert report.first_broken_seq == 1
    assert report.reason == "event 1 was altered (its MAC does not match its contents)"


# Chains from before the key -----------------------------------------------------------


def legacy_chain(n: int) -> list[AuditEvent]:
    """The installation's chain as Lawful wrote it before the key: plain SHA-256 hashes,
    and the head as migration 0004 finds it (keyed_from 1, no MAC)."""
    prev, events = GENESIS_HASH, []
    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "at": timezone.now(),
            "actor_id": None,
            "actor_label": "system",
            "action": "view",
            "target_type": "",
            "target_id": "",
            "person_id": seq,
            "summary": f"legacy {seq}",
            "prev_hash": prev,
        }
        prev = event_hash(**fields)
        events.append(AuditEvent.objects.create(**fields, hash=prev))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditchainhead SET last_seq = %s, last_hash = %s, keyed_from = 1, "
            "mac = '' WHERE organisation_id IS NULL",
            [n, prev],
        )
    return events


def rehash(seq: int) -> str:
    return AuditEvent.objects.get(seq=seq, organisation=None).compute_hash()


def run_migration_0004():
    from importlib import import_module

    migration = import_module("lawful.audit.migrations.0004_keyed_chain")
    state = MigrationLoader(connection).project_state(("audit", "0004_keyed_chain"))
    migration.key_the_existing_chains(state.apps, SimpleNamespace(connection=connection))


def test_a_chain_from_before_the_key_stays_verifiable_and_goes_on_keyed():
    legacy_chain(3)
    run_migration_0004()
    head = AuditChainHead.objects.get(organisation=None)
    assert (head.last_seq, head.keyed_from) == (3, 4)
    assert verify_chain().ok

    fourth = record(AuditAction.CHANGE, summary="after the key")
    record(AuditAction.VIEW)

    assert fourth.seq == 4 and fourth.hash != AuditEvent.objects.get(seq=4).compute_hash()
    report = verify_chain()
    assert report.ok, report.reason
    assert report.events_checked == 5


def test_legacy_events_rewritten_consistently_are_caught_at_the_first_keyed_event(raw_sql):
    legacy_chain(3)
    run_migration_0004()
    record(AuditAction.CHANGE, summary="after the key")
    # Rewrite event 2, and rehash it and event 3 so that the plain part links up again.
    raw_sql("UPDATE {events} SET summary = 'nothing' WHERE seq = 2")
    raw_sql("UPDATE {events} SET hash = %s WHERE seq = 2", [rehash(2)])
    raw_sql("UPDATE {events} SET prev_hash = %s WHERE seq = 3", [rehash(2)])
    raw_sql("UPDATE {events} SET hash = %s WHERE seq = 3", [rehash(3)])

    report = verify_chain()

    assert report.first_broken_seq == 4
    assert report.reason.startswith("event 4 does not follow event 3 (relinked")


def test_keyed_events_cannot_be_passed_off_as_plain_ones(raw_sql):
    legacy_chain(2)
    run_migration_0004()
    record(AuditAction.CHANGE, summary="after the key")
    # Move the boundary past event 3 and give it a plain hash, altered.
    raw_sql("UPDATE {events} SET summary = 'nothing' WHERE seq = 3")
    rehashed = rehash(3)
    raw_sql("UPDATE {events} SET hash = %s WHERE seq = 3", [rehashed])
    raw_sql("UPDATE {heads} SET keyed_from = 4, last_hash = %s", [rehashed])

    report = verify_chain()

    assert not report.ok
    assert report.reason == (
        "the chain head was altered (its MAC does not match: it records event 3, keyed from "
        "event 4)"
    )


def test_the_migration_needs_the_key_only_for_chains_with_events():
    with override_settings(LAWFUL_AUDIT_KEY=""):
        run_migration_0004()  # a new installation: nothing to key yet
        legacy_chain(1)
        with pytest.raises(ImproperlyConfigured, match="LAWFUL_AUDIT_KEY"):
            run_migration_0004()
