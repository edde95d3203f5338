"""`lawful audit checkpoint` and `verify --since-checkpoint`: every way someone with write
access to the database (but not the audit key) could rewrite the log consistently is
caught against a checkpoint kept outside Lawful. Tampering is done with raw SQL."""

import pytest
from django.core.management import CommandError, call_command

from lawful.audit.events import AuditAction
from lawful.audit.models import HASHED_FIELDS, AuditEvent, event_hash
from lawful.audit.services import record

pytestmark = pytest.mark.django_db


def checkpoint(capsys, *args) -> str:
    call_command("audit", "checkpoint", *args)
    return capsys.readouterr().out.splitlines()[-1]


def verify(capsys, *args) -> str:
    """The command's output when the chain is intact; raises CommandError otherwise."""
    call_command("audit", "verify", *args)
    return capsys.readouterr().out


def failure(*args) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", *args)
    assert raised.value.returncode == 1
    return str(raised.value)


def head_row(raw_sql, org) -> tuple:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_seq, last_hash, mac FROM audit_auditchainhead WHERE organisation_id = %s",
            [org.pk],
        )
        return cursor.fetchone()


@pytest.fixture
def five(org, clerk):
    """Ashbrook's chain with five events of ours (after the fixtures' own)."""
    for n in range(5):
        record(AuditAction.CHANGE, actor=clerk, organisation=org, person=n, summary=f"step {n}")
    return org.audit_events.count()


def test_checkpoint_prints_the_head_as_its_last_line(org, five, capsys):
    last = checkpoint(capsys, "--org", "ashbrook")

    event = org.audit_events.get(seq=five)
    assert last == f"ashbrook:{five}:{event.hash}"
    out = verify(capsys, "--org", "ashbrook", "--since-checkpoint", last)
    assert out == (
        f"ashbrook: audit chain intact: {five} events. It extends the checkpoint at event {five}.\n"
    )


def test_a_chain_grown_since_the_checkpoint_still_extends_it(org, five, capsys):
    last = checkpoint(capsys, "--org", "ashbrook")
    record(AuditAction.VIEW, organisation=org, person=9)

    assert "It extends the checkpoint" in verify(capsys, "--since-checkpoint", last)


def test_checkpoint_without_org_prints_every_chain(org, other_org, five, capsys):
    call_command("audit", "checkpoint")
    lines = capsys.readouterr().out.splitlines()

    heads = [line for line in lines if line.count(":") == 2]
    assert [h.split(":")[0] for h in heads] == ["installation", "ashbrook", "northgate"]
    assert lines[-1] == heads[-1]
    out = verify(capsys, *(arg for h in heads for arg in ("--since-checkpoint", h)))
    assert out.count("It extends the checkpoint") == 3


def test_checkpoint_refuses_a_broken_chain(org, five, raw_sql):
    raw_sql("UPDATE {events} SET summary = 'x' WHERE organisation_id = %s AND seq = 2", [org.pk])

    with pytest.raises(CommandError, match="ashbrook: audit chain broken at event 2"):
        call_command("audit", "checkpoint", "--org", "ashbrook")


def test_an_event_altered_and_rehashed_without_the_key_is_named(org, five, raw_sql, capsys):
    last = checkpoint(capsys, "--org", "ashbrook")
    raw_sql(
        "UPDATE {events} SET summary = 'nothing' WHERE organisation_id = %s AND seq = 3", [org.pk]
    )
    fields = AuditEvent.objects.values_list(*HASHED_FIELDS).get(organisation=org, seq=3)
    raw_sql(
        "UPDATE {events} SET hash = %s WHERE organisation_id = %s AND seq = 3",
        [event_hash(*fields), org.pk],
    )

    assert failure("--org", "ashbrook", "--since-checkpoint", last) == (
        "ashbrook: audit chain broken at event 3: event 3 was altered and rehashed without "
        "the audit key (its MAC does not match its contents)"
    )


def test_a_dropped_tail_with_the_head_moved_back_is_caught_only_by_the_checkpoint(
    org, five, raw_sql, capsys
):
    # The attacker saw the head row at event `five`, and puts it back after dropping the
    # events since: every MAC left is genuine, so the chain alone cannot tell.
    seen_earlier = head_row(raw_sql, org)
    for n in range(2):
        record(AuditAction.VIEW, organisation=org, person=100 + n)
    last = checkpoint(capsys, "--org", "ashbrook")

    raw_sql("DELETE FROM {events} WHERE organisation_id = %s AND seq > %s", [org.pk, five])
    raw_sql(
        "UPDATE {heads} SET last_seq = %s, last_hash = %s, mac = %s WHERE organisation_id = %s",
        [*seen_earlier, org.pk],
    )

    assert "ashbrook: audit chain intact" in verify(capsys, "--org", "ashbrook")
    assert failure("--org", "ashbrook", "--since-checkpoint", last) == (
        f"ashbrook: audit chain broken at event {five + 1}: the chain ends at event {five} "
        f"but the checkpoint records event {five + 2}: events were dropped from the end (the "
        "head was moved back)"
    )


def test_a_head_moved_back_without_the_key_is_caught_even_without_a_checkpoint(org, five, raw_sql):
    event = org.audit_events.get(seq=3)
    raw_sql("DELETE FROM {events} WHERE organisation_id = %s AND seq > 3", [org.pk])
    raw_sql(
        "UPDATE {heads} SET last_seq = 3, last_hash = %s WHERE organisation_id = %s",
        [event.hash, org.pk],
    )

    assert failure("--org", "ashbrook") == (
        "ashbrook: audit chain broken: the chain head was altered (its MAC does not match: "
        "it records event 3, keyed from event 1)"
    )


def test_a_wiped_log_is_named(org, five, raw_sql, capsys):
    last = checkpoint(capsys, "--org", "ashbrook")
    raw_sql("DELETE FROM {events} WHERE organisation_id = %s", [org.pk])
    raw_sql("DELETE FROM {heads} WHERE organisation_id = %s", [org.pk])

    assert "intact: 0 events" in verify(capsys, "--org", "ashbrook")  # nothing left to check
    assert failure("--org", "ashbrook", "--since-checkpoint", last) == (
        "ashbrook: audit chain broken at event 1: the chain is empty but the checkpoint "
        f"records event {five}: the log was wiped"
    )


def test_history_rewritten_from_scratch_is_named(org, five, raw_sql, capsys):
    # Wiped, then filled again through Lawful itself (which holds the key): every MAC
    # and the head are genuine, only the checkpoint shows the history is another.
    last = checkpoint(capsys, "--org", "ashbrook")
    raw_sql("DELETE FROM {events} WHERE organisation_id = %s", [org.pk])
    raw_sql("DELETE FROM {heads} WHERE organisation_id = %s", [org.pk])
    for n in range(five + 2):
        record(AuditAction.VIEW, organisation=org, person=n)

    assert "intact" in verify(capsys, "--org", "ashbrook")
    assert failure("--org", "ashbrook", "--since-checkpoint", last) == (
        f"ashbrook: audit chain broken at event {five}: event {five} is not the event "
        "checkpointed (its MAC differs): the history up to the checkpoint was rewritten"
    )


def test_a_relinked_event_is_named(org, five, raw_sql, capsys):
    last = checkpoint(capsys, "--org", "ashbrook")
    first = org.audit_events.get(seq=1)
    raw_sql(
        "UPDATE {events} SET prev_hash = %s WHERE organisation_id = %s AND seq = 3",
        [first.hash, org.pk],
    )

    assert failure("--org", "ashbrook", "--since-checkpoint", last) == (
        "ashbrook: audit chain broken at event 3: event 3 does not follow event 2 "
        "(relinked: its prev_hash is not the MAC of event 2)"
    )


def test_an_event_moved_from_another_organisations_chain_is_caught(org, other_org, five, raw_sql):
    theirs = other_org.audit_events.get(seq=1)
    raw_sql("DELETE FROM {events} WHERE organisation_id = %s AND seq = %s", [org.pk, five])
    raw_sql(
        "UPDATE {events} SET organisation_id = %s, seq = %s, prev_hash = %s WHERE id = %s",
        [org.pk, five, org.audit_events.get(seq=five - 1).hash, theirs.pk],
    )

    assert f"event {five} was altered" in failure("--org", "ashbrook")


def test_a_checkpoint_of_another_organisation_is_refused(org, other_org, five, capsys):
    theirs = checkpoint(capsys, "--org", "northgate")

    assert failure("--org", "ashbrook", "--since-checkpoint", theirs) == (
        "ashbrook: audit chain broken: the checkpoint is of northgate's audit chain, not "
        "ashbrook's: a checkpoint proves nothing about another chain"
    )


def test_a_checkpoint_that_is_not_one_is_named(org):
    message = failure("--since-checkpoint", "ashbrook:5")
    assert message.startswith("--since-checkpoint: 'ashbrook:5' is not a checkpoint")

    message = failure("--since-checkpoint", "nowhere:1:" + "0" * 64)
    assert message.startswith("--since-checkpoint: no audit chain 'nowhere'")


def test_the_empty_chain_checkpoint_is_extended_by_any_intact_chain(org, capsys):
    start = "installation:0:" + "0" * 64

    record(AuditAction.VIEW)

    assert "It extends the checkpoint at event 0" in verify(capsys, "--since-checkpoint", start)
