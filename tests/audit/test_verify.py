"""verify_chain(): tampering done straight in the database is found and named."""

import pytest

from lawful.audit.events import AuditAction
from lawful.audit.models import HASHED_FIELDS, AuditEvent, event_hash
from lawful.audit.seals import audit_key
from lawful.audit.services import record, record_many, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_events(clerk):
    return [
        record(AuditAction.CHANGE, actor=clerk, target=clerk, person=n, summary=f"step {n}")
        for n in range(1, 6)
    ]


def rehash(seq: int) -> str:
    """The hash event `seq` would have now: what a careful forger would write."""
    return event_hash(*AuditEvent.objects.values_list(*HASHED_FIELDS).get(seq=seq))


def test_verify_passes_on_an_intact_chain(five_events):
    report = verify_chain()

    assert report.ok
    assert report.events_checked == 5
    assert report.first_broken_seq is None


def test_verify_passes_on_an_empty_log():
    assert verify_chain().ok


def test_verify_pages_through_a_chain_longer_than_one_batch():
    record_many([{"action": AuditAction.VIEW, "person": n} for n in range(23)])

    assert verify_chain(batch_size=5).events_checked == 23
    assert verify_chain(batch_size=23).ok


def test_verify_names_an_event_altered_in_the_database(five_events, raw_sql):
    raw_sql("UPDATE {events} SET summary = %s WHERE seq = %s", ["step 99", 3])

    report = verify_chain()

    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.reason == "event 3 was altered (its MAC does not match its contents)"
    assert report.events_checked == 2


def test_verify_names_an_event_whose_person_was_changed(five_events, raw_sql):
    raw_sql("UPDATE {events} SET person_id = NULL WHERE seq = %s", [2])

    assert verify_chain().first_broken_seq == 2


def test_verify_names_a_deleted_event(five_events, raw_sql):
    raw_sql("DELETE FROM {events} WHERE seq = %s", [3])

    report = verify_chain()

    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.reason == "event 3 is missing (the chain jumps from 2 to 4)"


def test_verify_names_a_run_of_deleted_events(five_events, raw_sql):
    raw_sql("DELETE FROM {events} WHERE seq IN (2, 3)")

    assert verify_chain().reason == "events 2 to 3 are missing (the chain jumps from 1 to 4)"


def test_verify_names_the_first_events_deleted(five_events, raw_sql):
    raw_sql("DELETE FROM {events} WHERE seq = 1")

    report = verify_chain()
    assert report.first_broken_seq == 1
    assert report.reason == "event 1 is missing (the chain starts at 2)"


def test_verify_detects_the_last_events_removed(five_events, raw_sql):
    raw_sql("DELETE FROM {events} WHERE seq >= 4")

    report = verify_chain()

    assert not report.ok
    assert report.first_broken_seq == 4
    assert report.reason == "events after 3 are missing (the head records 5)"


def test_verify_detects_the_whole_log_removed(five_events, raw_sql):
    raw_sql("DELETE FROM {events}")

    assert verify_chain().reason == "events after 0 are missing (the head records 5)"


def test_verify_detects_a_reordered_or_relinked_event(five_events, raw_sql):
    # Event 3 relinked to event 1, cutting event 2 out, with its own hash made good.
    raw_sql("UPDATE {events} SET prev_hash = %s WHERE seq = 3", [five_events[0].hash])
    raw_sql("UPDATE {events} SET hash = %s WHERE seq = 3", [rehash(3)])

    report = verify_chain()

    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.reason == (
        "event 3 does not follow event 2 (relinked: its prev_hash is not the MAC of event 2)"
    )


def test_verify_detects_two_events_swapped(five_events, raw_sql):
    raw_sql("UPDATE {events} SET seq = 1000 WHERE seq = 2")
    raw_sql("UPDATE {events} SET seq = 2 WHERE seq = 3")
    raw_sql("UPDATE {events} SET seq = 3 WHERE seq = 1000")

    report = verify_chain()

    assert report.first_broken_seq == 2
    assert report.reason.startswith("event 2 does not follow event 1 (relinked")


def test_verify_detects_the_last_event_rewritten_with_a_fresh_hash(five_events, raw_sql):
    raw_sql("UPDATE {events} SET summary = 'nothing to see' WHERE seq = 5")
    raw_sql("UPDATE {events} SET hash = %s WHERE seq = 5", [rehash(5)])
    raw_sql("UPDATE {heads} SET last_hash = %s", [rehash(5)])

    report = verify_chain()

    assert report.first_broken_seq == 5
    assert report.reason == (
        "event 5 was altered and rehashed without the audit key (its MAC does not match its "
        "contents)"
    )


def test_verify_detects_an_event_added_without_moving_the_head(five_events):
    # Even by someone holding the key: only the sealer moves the head.
    forged = AuditEvent(
        seq=6, actor_label="system", action=AuditAction.VIEW, prev_hash=five_events[-1].hash
    )
    forged.hash = forged.compute_mac(audit_key())
    forged.save()

    report = verify_chain()

    assert report.first_broken_seq == 6
    assert report.reason == "event 6 is beyond the head (the head records 5)"


def test_verify_detects_an_event_forged_without_the_key(five_events):
    forged = AuditEvent(
        seq=6, actor_label="clerk", action=AuditAction.EXPORT, prev_hash=five_events[-1].hash
    )
    forged.hash = forged.compute_hash()
    forged.save()

    report = verify_chain()

    assert report.first_broken_seq == 6
    assert report.reason.startswith("event 6 was altered and rehashed without the audit key")


def test_verify_detects_the_head_removed(five_events, raw_sql):
    raw_sql("DELETE FROM {heads}")

    report = verify_chain()

    assert not report.ok
    assert report.reason == "the chain head is missing (5 events recorded)"
