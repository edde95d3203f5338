"""Events awaiting their seal: written by a writer while another held the chain head, or
left by a crash between commit and seal. Never a hole in the chain: `verify` counts
them, the next sealer seals them in the order written, and one slipped into the table
without the key is never sealed and is named."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.audit.seals import audit_key
from lawful.audit.services import _event_fields, record, record_many, seal, verify_chain


def written_unsealed(summary: str, organisation_id=None) -> AuditEvent:
    """An event as record() writes it before sealing (as a writer whose process died
    between its commit and its seal leaves it)."""
    fields = _event_fields(
        audit_key(), AuditAction.VIEW, None, None, 7, summary, organisation_id=organisation_id
    )
    return AuditEvent.objects.create(**fields)


@pytest.mark.django_db
def test_events_awaiting_their_seal_are_counted_and_sealed_in_the_order_written(capsys):
    record(AuditAction.CREATE, summary="first")
    written_unsealed("second")
    written_unsealed("third")

    report = verify_chain()
    assert report.ok and (report.events_checked, report.awaiting_seal) == (1, 2)
    call_command("audit", "verify")
    assert capsys.readouterr().out == (
        "installation: audit chain intact: 1 event. 2 more awaiting their seal "
        "(`lawful audit seal`).\n"
    )

    call_command("audit", "seal")
    assert "installation: sealed 2 events." in capsys.readouterr().out
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "summary")) == [
        (1, "first"),
        (2, "second"),
        (3, "third"),
    ]
    report = verify_chain()
    assert report.ok and (report.events_checked, report.awaiting_seal) == (3, 0)


@pytest.mark.django_db
def test_the_next_event_seals_those_waiting_before_it():
    waiting = written_unsealed("left by a crash")

    event = record(AuditAction.CHANGE, summary="next")

    waiting.refresh_from_db()
    assert (waiting.seq, event.seq) == (1, 2)
    assert event.prev_hash == waiting.hash
    assert verify_chain().ok


@pytest.mark.django_db
def test_record_many_seals_those_waiting_first():
    written_unsealed("waiting")

    record_many([{"action": AuditAction.VIEW}] * 3)

    assert AuditEvent.objects.get(summary="waiting").seq == 1
    report = verify_chain()
    assert report.ok and report.events_checked == 4


@pytest.mark.django_db
def test_an_event_slipped_in_without_the_key_is_never_sealed_and_is_named(raw_sql):
    record(AuditAction.CREATE)
    forged = written_unsealed("forged")
    raw_sql("UPDATE {events} SET content_mac = %s WHERE id = %s", ["0" * 64, forged.pk])

    assert seal() == 0
    record(AuditAction.VIEW)

    forged.refresh_from_db()
    assert forged.seq is None
    report = verify_chain()
    assert not report.ok
    assert report.reason == (
        f"an event awaiting its seal (id {forged.pk}) was not written by Lawful or was "
        "altered since (its content MAC does not match)"
    )


@pytest.mark.django_db
def test_an_event_altered_while_it_waited_is_not_sealed(raw_sql):
    waiting = written_unsealed("viewed")
    raw_sql("UPDATE {events} SET actor_label = 'someone else' WHERE id = %s", [waiting.pk])

    assert seal() == 0
    assert not verify_chain().ok


# The hand-over between writers (PostgreSQL: real concurrent transactions) ---------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_holding_the_head():
    seal()  # the installation's head, as the migration made it (the test flush removed it)
    holding, written = threading.Event(), threading.Event()
    results, errors = {}, []

    def holder():
        try:
            with transaction.atomic():
                results["holder"] = record(AuditAction.CHANGE, summary="holder")
                holding.set()
                assert written.wait(10)  # the other commits while this one holds the head
            results["holder_after"] = AuditEvent.objects.get(summary="other").seq
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def other():
        try:
            assert holding.wait(10)
            results["other"] = record(AuditAction.VIEW, summary="other")
            results["other_waiting"] = AuditEvent.objects.get(summary="other").seq
            written.set()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            written.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert results["holder"].seq == 1  # sealed in its own transaction: the head was free
    assert results["other"].seq is None  # committed without waiting for the head...
    assert results["other_waiting"] is None
    assert results["holder_after"] == 2  # ...and sealed by the holder once it committed
    report = verify_chain()
    assert report.ok and (report.events_checked, report.awaiting_seal) == (2, 0)
