"""Writing, sealing and verifying the audit chains: one per organisation, and the
installation's.

Every service that changes personal data calls `record()` inside its own transaction,
so the change and its audit event commit together or not at all. The event goes to the
chain of the organisation it concerns: given as `organisation=`, or taken from the
target or the person (anything with an `organisation_id`); with neither, to the
installation's chain (staff accounts made by a superuser, scheduled jobs of no one
organisation).

Writing and sealing are two steps, so that writers do not queue on one lock:

1. `record()` inserts the event with its content MAC and no place in the chain. Any
   number of writers do this at once; the event commits with the caller's change.
2. The sealer, holding the chain head's row lock, takes the committed events awaiting
   their seal in the order they were written, gives each the next seq, the previous MAC
   and its own MAC, and moves the head: many events in one short step (group commit).

`record()` seals in the caller's transaction when the head is free (always so on SQLite,
and for a lone writer: the event comes back sealed, in one commit); when another writer
holds it, it leaves the event for that writer and tries again once its own transaction
has committed. Every holder tries again after releasing the lock, so an event committed
while someone else sealed is sealed by the next holder. A crash (or a rolled-back holder)
can leave events awaiting their seal, never a hole: seqs are given only when sealing.
`lawful audit seal` or `checkpoint`, or the next event in the chain, seals them, and
`verify` reports how many are waiting (and refuses any whose content MAC is wrong).
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from lawful.sql import copy_rows

from .events import AuditAction
from .models import (
    GENESIS_HASH,
    HASHED_FIELDS,
    AuditChainHead,
    AuditEvent,
    event_hash,
)
from .seals import CONTENT_FIELDS, audit_key, content_mac, event_mac, head_mac

SYSTEM = "system"
PUBLIC = "public"
INSTALLATION = "installation"  # the installation chain's name in reports and checkpoints
# At most this many events sealed in one step; more wait for the next.
SEAL_BATCH = 2000
# How many times a writer seals again after its commit before leaving the rest to others.
SEAL_ROUNDS = 5


class AuditChainHeadMissing(Exception):
    """The chain head row is gone while events remain: the log has been tampered with."""


def organisation_of(organisation=None, target=None, person=None) -> int | None:
    """The pk of the organisation an event belongs to, checking the arguments agree."""
    found = {
        pk
        for pk in (
            getattr(organisation, "pk", organisation),
            _org_id_of(target),
            _org_id_of(person),
        )
        if pk is not None
    }
    if len(found) > 1:
        raise ValueError(
            "organisation: the event's target, person and organisation belong to "
            "different organisations"
        )
    return found.pop() if found else None


def _org_id_of(obj) -> int | None:
    if obj is None or isinstance(obj, int | str):
        return None
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower == "organisations.organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


def record(
    action: AuditAction | str,
    *,
    actor=None,
    target: models.Model | None = None,
    person=None,
    summary: str = "",
    organisation=None,
) -> AuditEvent:
    """Append one event to the chain and return it (sealed, unless another writer was
    sealing the chain at that moment: then it is sealed just after the commit).

    actor: a staff user; an anonymous user (a request from the public) is recorded as
    "public", and None (a scheduled job) as "system".
    target: the saved model instance acted on. A person targeted is also the person
    concerned unless `person` says otherwise.
    person: the data subject concerned, as a Person or its id.
    summary: what happened, without copying personal data values.
    organisation: whose chain (an Organisation or its pk); by default the target's or
    the person's organisation, else the installation's chain.
    """
    key = audit_key()
    org_id = organisation_of(organisation, target, person)
    fields = _event_fields(key, action, actor, target, person, summary, organisation_id=org_id)
    event = AuditEvent(**fields)
    if fields["actor_id"] is not None:
        event.actor = actor
    with transaction.atomic(savepoint=False):
        # Raw SQL on this path, few round trips: they, and the ORM's query building, are
        # most of an audited change's cost.
        event.pk, found = _insert_awaiting(fields, org_id)
        event._state.adding = False
        if found is None:  # no head yet (or SQLite): make it, or just take it
            head = _head_for_sealing(org_id, wait=False)
        else:
            head = _Head(found[0], org_id) if found[1] else None
        if head is not None:
            _place(event, _seal_awaiting(head, key))
        if connection.vendor != "sqlite":
            # SQLite has one writer at a time, who always gets the head: nothing waits.
            transaction.on_commit(lambda: _seal_after_commit(org_id, event), robust=True)
    return event


def record_many(
    entries: Iterable[Mapping[str, Any]], *, batch_size: int = 5000, organisation=None
) -> int:
    """Append many events to one chain in one transaction; each entry holds record()'s
    arguments (but `organisation`, which is given once for them all).

    The same chain rules, checks and MACs as record(), for imports and bulk jobs: the
    events awaiting their seal are sealed first, then these are appended sealed, by
    multi-row INSERTs (COPY on PostgreSQL) of `batch_size`, holding the head throughout.
    Returns the number of events appended.
    """
    key = audit_key()
    entries = iter(entries)
    columns = (*HASHED_FIELDS, "hash", "content_mac")
    adapt_at = connection.ops.adapt_datetimefield_value
    org_id = getattr(organisation, "pk", organisation)
    appended = 0
    with transaction.atomic():
        head = _head_for_sealing(org_id, wait=True)
        _seal_all_awaiting(head, key)
        seq, prev_hash = head.last_seq, head.last_hash
        while batch := list(islice(entries, batch_size)):
            rows = []
            for entry in batch:
                if organisation_of(org_id, entry.get("target"), entry.get("person")) != org_id:
                    raise ValueError(
                        "organisation: every entry must belong to the chain's organisation"
                    )
                fields = _event_fields(
                    key,
                    entry["action"],
                    entry.get("actor"),
                    entry.get("target"),
                    entry.get("person"),
                    entry.get("summary", ""),
                    organisation_id=org_id,
                )
                seq += 1
                fields["seq"], fields["prev_hash"] = seq, prev_hash
                fields["hash"] = prev_hash = _mac_of(key, fields)
                fields["at"] = adapt_at(fields["at"])
                rows.append(tuple(fields[name] for name in columns))
            _insert(columns, rows)
            appended += len(rows)
        if appended:
            _move_head(head, seq, prev_hash, key)
    return appended


def seal(organisation=None) -> int:
    """Seal every event of one chain still awaiting its seal (after a crash, say);
    returns how many were sealed. Waits for a sealer already at work."""
    key = audit_key()
    with transaction.atomic():
        head = _head_for_sealing(getattr(organisation, "pk", organisation), wait=True)
        sealed = _seal_all_awaiting(head, key)
        if connection.vendor == "postgresql":
            # A transaction id, so that this commit is flushed to disk, and with it every
            # seal committed before without waiting for the disk (_seal_after_commit).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_current_xact_id()")
    return len(sealed)


# Sealing --------------------------------------------------------------------------------


@dataclass
class _Head:
    """A chain head the sealer holds; its place in the chain is read once it is held (by
    _seal_awaiting, with the events awaiting their seal)."""

    pk: int
    organisation_id: int | None
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    keyed_from: int = 1


def _head_for_sealing(org_id: int | None, *, wait: bool) -> _Head | None:
    """The chain's head, held until the transaction ends; None if another transaction
    holds it and `wait` is false.

    On PostgreSQL "held" is a transaction-level advisory lock keyed on the head: unlike a
    row lock it writes nothing, and trying it tells a busy head from a missing one in the
    same round trip. SQLite has one writer at a time: holding is writing.
    """
    found = _try_head(org_id, "xact", wait)
    if found is None:
        # An organisation's head is made with its first event; the installation's by the
        # migration, which a flushed database (`manage.py flush`, transactional tests)
        # loses. Start afresh only if no event was ever sealed in the chain.
        # (Sealed events and their head commit together: if the events are seen, a
        # head made since by another writer is seen too.)
        sealed = _chain(org_id).filter(hash__isnull=False).exists()
        if sealed and not _heads(org_id).exists():
            raise AuditChainHeadMissing(
                "The audit chain head is missing but events remain: run `lawful audit verify`."
            )
        # The installation's head is pk 1 (as the migration makes it), so that two
        # writers cannot each make one: the second waits for the first, then uses it.
        AuditChainHead.objects.get_or_create(
            organisation_id=org_id, defaults={"pk": 1} if org_id is None else {}
        )
        found = _try_head(org_id, "xact", wait)
    head_id, held = found
    return _Head(head_id, org_id) if held else None


# The advisory lock space of chain heads: (LOCK_CLASS, head id).
LOCK_CLASS = 0x4C415544  # "LAUD"


def _try_head(org_id: int | None, scope: str, wait: bool, only_if_awaiting: bool = False):
    """(head id, whether now held), or None if the chain has no head (or, with
    `only_if_awaiting`, nothing awaits its seal)."""
    where, params = _of_chain(org_id)
    if connection.vendor != "postgresql":
        held = "1"
    else:
        lock = "pg_advisory_xact_lock" if scope == "xact" else "pg_advisory_lock"
        if not wait:
            lock = lock.replace("pg_advisory", "pg_try_advisory")
        held = f"{lock}({LOCK_CLASS}, id::int)"
    awaiting = ""
    if only_if_awaiting:
        awaiting = (
            f" AND EXISTS (SELECT 1 FROM {_table(AuditEvent)} WHERE {where} AND hash IS NULL)"
        )
        params = params * 2
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {held} FROM {_table(AuditChainHead)} WHERE {where}{awaiting}", params
        )
        row = cursor.fetchone()
    # The waiting forms return nothing (void) once they hold the lock.
    return (row[0], wait or bool(row[1])) if row else None


def _release_head(head_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, head_id])


def _insert_awaiting(fields: dict[str, Any], org_id: int | None) -> tuple[int, Any]:
    """INSERT an event awaiting its seal: (its pk, what _try_head would say). On
    PostgreSQL the insert tries the head in the same statement; on SQLite (one writer at a
    time, nothing to try) the second is None."""
    values = {**fields, "at": connection.ops.adapt_datetimefield_value(fields["at"])}
    insert = (
        f"INSERT INTO {_table(AuditEvent)} ({', '.join(values)}) "
        f"VALUES ({', '.join(['%s'] * len(values))}) RETURNING id"
    )
    params = list(values.values())
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(insert, params)
            return cursor.fetchone()[0], None
        where, chain_params = _of_chain(org_id)
        cursor.execute(
            f"WITH new AS ({insert}) SELECT new.id, head.id, "
            f"pg_try_advisory_xact_lock({LOCK_CLASS}, head.id::int) "
            f"FROM new LEFT JOIN (SELECT id FROM {_table(AuditChainHead)} WHERE {where}) head "
            "ON true",
            params + chain_params,
        )
        pk, head_id, held = cursor.fetchone()
    return pk, ((head_id, bool(held)) if head_id is not None else None)


def _seal_awaiting(head: _Head, key: bytes) -> dict[int, tuple[int, str, str]]:
    """Read the held head, seal up to SEAL_BATCH events awaiting their seal in the order
    written, and move the head. Returns {event pk: (seq, prev_hash, hash)} for those
    sealed.

    An event whose content MAC is wrong (slipped into the table, or altered while it
    waited) is left unsealed, for `verify` to name: it never enters the chain.
    """
    waiting = _read_held(head)
    seq, prev_hash = head.last_seq, head.last_hash
    sealed = {}
    for pk, *contents, written_mac in waiting:
        contents = dict(zip(CONTENT_FIELDS, contents, strict=True))
        contents["at"] = _datetime_from_db(contents["at"])
        if content_mac(key, **contents) != written_mac:
            continue
        seq += 1
        mac = event_mac(key, seq=seq, prev_hash=prev_hash, **contents)
        sealed[pk] = (seq, prev_hash, mac)
        prev_hash = mac
    if sealed:
        _write_seals(head, sealed, seq, prev_hash, key)
    return sealed


def _read_held(head: _Head) -> list[tuple]:
    """Fill in the head (read after taking the lock: the statement that took it may have
    read the row before the previous holder's commit) and return the events awaiting
    their seal: one query on PostgreSQL."""
    where, params = _of_chain(head.organisation_id)
    awaiting = (
        f"SELECT id, {', '.join(CONTENT_FIELDS)}, content_mac FROM {_table(AuditEvent)} "
        f"WHERE {where} AND hash IS NULL ORDER BY id LIMIT {SEAL_BATCH}"
    )
    read_head = f"SELECT last_seq, last_hash, keyed_from FROM {_table(AuditChainHead)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT head.last_seq, head.last_hash, head.keyed_from, waiting.* "
                f"FROM ({read_head} WHERE id = %s) head "
                f"LEFT JOIN LATERAL ({awaiting}) waiting ON true",
                [head.pk, *params],
            )
            rows = cursor.fetchall()
            head.last_seq, head.last_hash, head.keyed_from = rows[0][:3]
            return [row[3:] for row in rows if row[3] is not None]
        cursor.execute(f"{read_head} WHERE id = %s", [head.pk])
        head.last_seq, head.last_hash, head.keyed_from = cursor.fetchone()
        cursor.execute(awaiting, params)
        return cursor.fetchall()


def _write_seals(head: _Head, sealed: dict, seq: int, last_hash: str, key: bytes) -> None:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_table(AuditEvent)} SET seq = %s, prev_hash = %s, hash = %s "
                "WHERE id = %s AND hash IS NULL",
                [(*seal, pk) for pk, seal in sealed.items()],
            )
        _move_head(head, seq, last_hash, key)
        return
    # One statement: the seals, and the head moved only if every one of them was written.
    values = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(sealed))
    params = [value for pk, seal in sealed.items() for value in (pk, *seal)]
    _move_head(
        head,
        seq,
        last_hash,
        key,
        with_sql=(
            f"WITH sealed AS (UPDATE {_table(AuditEvent)} AS e SET seq = v.seq, "
            "prev_hash = v.prev_hash, hash = v.hash "
            f"FROM (VALUES {values}) AS v (id, seq, prev_hash, hash) "
            "WHERE e.id = v.id AND e.hash IS NULL RETURNING 1) ",
            params,
            len(sealed),
        ),
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _of_chain(org_id: int | None) -> tuple[str, list]:
    if org_id is None:
        return "organisation_id IS NULL", []
    return "organisation_id = %s", [org_id]


def _datetime_from_db(value) -> datetime:
    """A DateTimeField value from a raw query: SQLite gives text (UTC), PostgreSQL a
    datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _seal_all_awaiting(head: _Head, key: bytes) -> dict[int, tuple[int, str, str]]:
    sealed = {}
    while batch := _seal_awaiting(head, key):
        sealed.update(batch)
        if len(batch) < SEAL_BATCH:
            break
    return sealed


def _seal_after_commit(org_id: int | None, event: AuditEvent) -> None:
    """After the writer's commit (PostgreSQL): if anything awaits its seal and no one holds
    the head, seal it. If someone does, they see this event (committed before they took
    the lock) or hand on to one who does: every holder comes through here after releasing
    the head, and seals again while there was something to seal.

    The check and the try are one round trip, and a session-level lock (released below)
    spares a transaction when the head is busy or nothing waits."""
    key = audit_key()
    for _ in range(SEAL_ROUNDS):
        found = _try_head(org_id, "session", wait=False, only_if_awaiting=True)
        if found is None or not found[1]:
            return
        try:
            with transaction.atomic():
                _commit_without_waiting_for_disk()
                sealed = _seal_awaiting(_Head(found[0], org_id), key)
        finally:
            _release_head(found[0])
        _place(event, sealed)
        if not sealed:
            return


def _commit_without_waiting_for_disk() -> None:
    """Seals written after the writers' commits need not make the writer wait for the disk
    again: if the server crashed before they reached it, they are lost whole (the head
    with them) and the events, committed durably by their writers, await their seal
    again. Anything that relies on seals being durable (a checkpoint) seals durably
    itself (`seal()`), which makes every earlier commit durable too."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _place(event: AuditEvent, sealed: dict[int, tuple[int, str, str]]) -> None:
    if event.pk in sealed:
        event.seq, event.prev_hash, event.hash = sealed[event.pk]


def _move_head(head: _Head, seq: int, last_hash: str, key: bytes, with_sql=("", [], None)) -> None:
    """Move the head forward (the one way it moves: not through the ORM, which refuses).
    `with_sql`: a WITH clause whose `sealed` rows must number `count` for the head to move.
    """
    mac = head_mac(
        key,
        organisation_id=head.organisation_id,
        keyed_from=head.keyed_from,
        last_seq=seq,
        last_hash=last_hash,
    )
    prefix, params, count = with_sql
    also = " AND (SELECT count(*) FROM sealed) = %s" if count is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{prefix}UPDATE {_table(AuditChainHead)} SET last_seq = %s, last_hash = %s, "
            f"mac = %s WHERE id = %s AND last_seq = %s{also}",
            [*params, seq, last_hash, mac, head.pk, head.last_seq]
            + ([count] if count is not None else []),
        )
        if cursor.rowcount != 1:
            raise AuditChainHeadMissing("The audit chain head moved while it was held.")
    head.last_seq, head.last_hash = seq, last_hash


# Verifying ------------------------------------------------------------------------------


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, or that names a chain not being verified."""


@dataclass(frozen=True)
class Checkpoint:
    """A chain's head as `lawful audit checkpoint` prints it: SLUG:SEQ:MAC."""

    chain: str
    seq: int
    mac: str

    PATTERN = re.compile(r"([a-z0-9-]+):(\d+):([0-9a-f]{64})")

    @classmethod
    def parse(cls, text: str) -> "Checkpoint":
        found = cls.PATTERN.fullmatch(text.strip())
        if not found:
            raise CheckpointError(
                f"--since-checkpoint: {text.strip()[:80]!r} is not a checkpoint (expected "
                "SLUG:SEQ:MAC, the last line `lawful audit checkpoint` printed)"
            )
        return cls(found[1], int(found[2]), found[3])

    def __str__(self):
        return f"{self.chain}:{self.seq}:{self.mac}"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    awaiting_seal: int = 0
    head: Checkpoint | None = None  # set when intact: the checkpoint to keep
    checkpoint: Checkpoint | None = None  # the checkpoint the chain was found to extend


def chain_name(organisation) -> str:
    return organisation.slug if organisation is not None else INSTALLATION


def verify_chain(
    organisation=None, batch_size: int = 10000, checkpoint: Checkpoint | None = None
) -> ChainReport:
    """Walk one chain in order (the organisation's, or with None the installation's),
    recomputing every MAC (plain hashes before the head's `keyed_from`), and compare its
    end with its head, the head with its MAC, and, given a checkpoint taken earlier, the
    chain with the checkpoint: the event there must still be the same, the chain must
    still reach it.

    Streams the events in pages of `batch_size` (keyset on seq), so memory stays flat
    however long the log is. Stops at the first break and names it.
    """
    key = audit_key()
    org_id = getattr(organisation, "pk", organisation)
    name = organisation.slug if hasattr(organisation, "slug") else _name_of(org_id)
    if checkpoint is not None and checkpoint.chain != name:
        return _broken(
            0,
            None,
            f"the checkpoint is of {checkpoint.chain}'s audit chain, not {name}'s: "
            "a checkpoint proves nothing about another chain",
        )
    head = _heads(org_id).values_list("last_seq", "last_hash", "keyed_from", "mac").first()
    keyed_from = head[2] if head else 1
    checked = 0
    last_seq, last_hash = 0, GENESIS_HASH
    hash_at_head = GENESIS_HASH if head and head[0] == 0 else None
    hash_at_checkpoint = GENESIS_HASH if checkpoint and checkpoint.seq == 0 else None
    for row in _stream(org_id, batch_size):
        seq, stored_hash, prev_hash = row[0], row[-1], row[-3]
        checked += 1
        if seq != last_seq + 1:
            return _broken(checked - 1, last_seq + 1, _gap_reason(last_seq, seq))
        if prev_hash != last_hash:
            following = f"event {last_seq}" if last_seq else "the start of the chain"
            return _broken(
                checked - 1,
                seq,
                f"event {seq} does not follow {following} (relinked: its prev_hash is not "
                f"the MAC of {following})",
            )
        if _seal_of(key, row, keyed_from) != stored_hash:
            return _broken(checked - 1, seq, _altered_reason(row, seq, keyed_from))
        last_seq, last_hash = seq, stored_hash
        if head and seq == head[0]:
            hash_at_head = stored_hash
        if checkpoint and seq == checkpoint.seq:
            hash_at_checkpoint = stored_hash

    broken = _check_head(key, org_id, head, checked, last_seq, hash_at_head)
    if broken is None and checkpoint is not None:
        broken = _check_checkpoint(checkpoint, checked, last_seq, hash_at_checkpoint)
    if broken is not None:
        return broken
    awaiting, forged = _awaiting_seal(key, org_id)
    if forged is not None:
        return _broken(
            checked,
            None,
            f"an event awaiting its seal (id {forged}) was not written by Lawful or was "
            "altered since (its content MAC does not match)",
        )
    return ChainReport(
        ok=True,
        events_checked=checked,
        awaiting_seal=awaiting,
        head=Checkpoint(name, last_seq, last_hash),
        checkpoint=checkpoint,
    )


def _seal_of(key: bytes, row: tuple, keyed_from: int) -> str:
    if row[0] < keyed_from:
        return event_hash(*row[:-1])
    return _mac_of(key, dict(zip(HASHED_FIELDS, row[:-1], strict=True)))


def _mac_of(key: bytes, fields: Mapping[str, Any]) -> str:
    return event_mac(
        key,
        seq=fields["seq"],
        prev_hash=fields["prev_hash"],
        **{name: fields[name] for name in CONTENT_FIELDS},
    )


def _altered_reason(row: tuple, seq: int, keyed_from: int) -> str:
    if seq >= keyed_from and event_hash(*row[:-1]) == row[-1]:
        return (
            f"event {seq} was altered and rehashed without the audit key (its MAC does not "
            "match its contents)"
        )
    return f"event {seq} was altered (its MAC does not match its contents)"


def _check_head(key, org_id, head, checked, last_seq, hash_at_head) -> ChainReport | None:
    if head is None:
        if checked == 0:
            return None
        return _broken(checked, None, f"the chain head is missing ({checked:,} events recorded)")
    head_seq, head_hash, keyed_from, mac = head
    expected = head_mac(
        key,
        organisation_id=org_id,
        keyed_from=keyed_from,
        last_seq=head_seq,
        last_hash=head_hash,
    )
    if mac != expected and not (mac == "" and head_seq == 0 and keyed_from == 1):
        return _broken(
            checked,
            None,
            f"the chain head was altered (its MAC does not match: it records event "
            f"{head_seq}, keyed from event {keyed_from})",
        )
    if last_seq < head_seq:
        return _broken(
            checked,
            last_seq + 1,
            f"events after {last_seq} are missing (the head records {head_seq})",
        )
    if hash_at_head != head_hash:
        return _broken(
            checked,
            head_seq,
            f"event {head_seq} does not match the head (the head records a different hash)",
        )
    if last_seq > head_seq:
        # Events sealed while we walked move the head on; read it again.
        now_seq = _heads(org_id).values_list("last_seq", flat=True).first() or 0
        if last_seq > now_seq:
            return _broken(
                checked,
                now_seq + 1,
                f"event {now_seq + 1} is beyond the head (the head records {now_seq})",
            )
    return None


def _check_checkpoint(checkpoint, checked, last_seq, hash_at_checkpoint) -> ChainReport | None:
    at = checkpoint.seq
    if checked == 0 and at > 0:
        return _broken(
            0, 1, f"the chain is empty but the checkpoint records event {at}: the log was wiped"
        )
    if last_seq < at:
        return _broken(
            checked,
            last_seq + 1,
            f"the chain ends at event {last_seq} but the checkpoint records event {at}: "
            "events were dropped from the end (the head was moved back)",
        )
    if hash_at_checkpoint != checkpoint.mac:
        return _broken(
            checked,
            at,
            f"event {at} is not the event checkpointed (its MAC differs): the history up to "
            "the checkpoint was rewritten",
        )
    return None


def _awaiting_seal(key: bytes, org_id: int | None) -> tuple[int, int | None]:
    """How many events await their seal, and the first whose content MAC is wrong."""
    awaiting = 0
    rows = (
        _chain(org_id)
        .filter(hash__isnull=True)
        .order_by("pk")
        .values_list("pk", *CONTENT_FIELDS, "content_mac")
    )
    for pk, *contents, written_mac in rows.iterator(chunk_size=2000):
        if content_mac(key, **dict(zip(CONTENT_FIELDS, contents, strict=True))) != written_mac:
            return awaiting, pk
        awaiting += 1
    return awaiting, None


def _name_of(org_id: int | None) -> str:
    if org_id is None:
        return INSTALLATION
    from lawful.organisations.models import Organisation

    return Organisation.objects.values_list("slug", flat=True).get(pk=org_id)


def _heads(org_id: int | None):
    if org_id is None:
        return AuditChainHead.objects.filter(organisation__isnull=True)
    return AuditChainHead.objects.filter(organisation_id=org_id)


def _chain(org_id: int | None):
    if org_id is None:
        return AuditEvent.objects.filter(organisation__isnull=True)
    return AuditEvent.objects.filter(organisation_id=org_id)


def _stream(org_id: int | None, batch_size: int) -> Iterator[tuple]:
    # Keyset pages rather than one long cursor: each page is a short indexed query, the
    # same on SQLite and PostgreSQL, and holds no lock or snapshot open between pages.
    columns = (*HASHED_FIELDS, "hash")
    after = 0
    while True:
        page = list(
            _chain(org_id).filter(seq__gt=after).order_by("seq").values_list(*columns)[:batch_size]
        )
        yield from page
        if len(page) < batch_size:
            return
        after = page[-1][0]


def _gap_reason(last_seq: int, seq: int) -> str:
    first_missing, last_missing = last_seq + 1, seq - 1
    missing = (
        f"event {first_missing} is missing"
        if first_missing == last_missing
        else f"events {first_missing} to {last_missing} are missing"
    )
    if last_seq == 0:
        return f"{missing} (the chain starts at {seq})"
    return f"{missing} (the chain jumps from {last_seq} to {seq})"


def _broken(checked: int, seq: int | None, reason: str) -> ChainReport:
    return ChainReport(ok=False, events_checked=checked, first_broken_seq=seq, reason=reason)


def _insert(columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows of event columns, as many rows a statement as the database allows."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(AuditEvent._meta.get_field(name).column) for name in columns
    )
    if connection.vendor == "postgresql":
        fields = [AuditEvent._meta.get_field(name).column for name in columns]
        with connection.cursor() as cursor:
            copy_rows(cursor, AuditEvent._meta.db_table, fields, rows)
        return
    row = f"({', '.join(['%s'] * len(columns))})"
    step = max(1, min(1000, connection.ops.bulk_batch_size(columns, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(chunk))}",
                [value for values in chunk for value in values],
            )


def _event_fields(
    key: bytes,
    action,
    actor,
    target,
    person,
    summary: str,
    *,
    organisation_id: int | None = None,
) -> dict[str, Any]:
    """An event's contents and content MAC, after checking the arguments."""
    action = AuditAction(action)
    if len(summary) > 200:
        raise ValueError(f"summary: at most 200 characters, not {len(summary)}")
    if target is not None and target.pk is None:
        raise ValueError("target: save the instance before recording an event about it")
    person_id = getattr(person, "pk", person)
    if person_id is None and target is not None and target._meta.label_lower == "people.person":
        person_id = target.pk
    fields = {
        "at": timezone.now(),
        "actor_id": actor.pk if _is_staff(actor) else None,
        "actor_label": _actor_label(actor),
        "action": action.value,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "person_id": int(person_id) if person_id is not None else None,
        "summary": summary,
        "organisation_id": organisation_id,
    }
    fields["content_mac"] = content_mac(key, **fields)
    return fields


def _is_staff(actor) -> bool:
    return actor is not None and not actor.is_anonymous


def _actor_label(actor) -> str:
    if actor is None:
        return SYSTEM
    if actor.is_anonymous:
        return PUBLIC
    return actor.get_username()


def chains(checkpoints: Iterable[Checkpoint] = ()) -> list[tuple[Any, ChainReport]]:
    """Every chain verified: (None, report) for the installation's, then each
    organisation's by name, as (Organisation, report); each against its checkpoint, if
    one is given for it (a checkpoint naming no chain is refused)."""
    from lawful.organisations.models import Organisation

    by_chain = {checkpoint.chain: checkpoint for checkpoint in checkpoints}
    organisations = list(Organisation.objects.order_by("slug"))
    unknown = set(by_chain) - {INSTALLATION, *(org.slug for org in organisations)}
    if unknown:
        raise CheckpointError(
            f"--since-checkpoint: no audit chain {sorted(unknown)[0]!r} "
            f"(one of: {', '.join([INSTALLATION, *(org.slug for org in organisations)])})"
        )
    reports: list[tuple[Any, ChainReport]] = [
        (None, verify_chain(None, checkpoint=by_chain.get(INSTALLATION)))
    ]
    reports += [
        (org, verify_chain(org, checkpoint=by_chain.get(org.slug))) for org in organisations
    ]
    return reports


def export_chain(organisation=None, batch_size: int = 10000) -> Iterator[dict[str, Any]]:
    """One chain's events, oldest first, as JSON-able dicts with every sealed field and the
    seal: anyone holding the export and the audit key can recompute each MAC
    (seals.event_mac; models.event_hash before the head's `keyed_from`) and check that
    each event follows the one before, without access to Lawful."""
    org_id = getattr(organisation, "pk", organisation)
    names = (*HASHED_FIELDS, "hash")
    for row in _stream(org_id, batch_size):
        event = dict(zip(names, row, strict=True))
        event["at"] = event["at"].isoformat(timespec="microseconds")
        yield event
