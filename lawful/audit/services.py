"""Writing and verifying the audit chain.

Every service that changes personal data calls `record()` inside its own transaction,
so the change and its audit event commit together or not at all.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .events import AuditAction
from .models import (
    GENESIS_HASH,
    HASHED_FIELDS,
    AuditChainHead,
    AuditEvent,
    event_hash,
)

SYSTEM = "system"
PUBLIC = "public"
HEAD_PK = 1


class AuditChainHeadMissing(Exception):
    """The chain head row is gone while events remain: the log has been tampered with."""


def record(
    action: AuditAction | str,
    *,
    actor=None,
    target: models.Model | None = None,
    person=None,
    summary: str = "",
) -> AuditEvent:
    """Append one event to the chain and return it.

    actor: a staff user; an anonymous user (a request from the public) is recorded as
    "public", and None (a scheduled job) as "system".
    target: the saved model instance acted on. A person targeted is also the person
    concerned unless `person` says otherwise.
    person: the data subject concerned, as a Person or its id.
    summary: what happened, without copying personal data values.
    """
    with transaction.atomic():
        head = _lock_head()
        fields = _event_fields(
            action, actor, target, person, summary, seq=head.last_seq + 1, prev_hash=head.last_hash
        )
        event = AuditEvent(**fields)
        if fields["actor_id"] is not None:
            event.actor = actor
        event.save()
        _move_head(event.seq, event.hash)
    return event


def record_many(entries: Iterable[Mapping[str, Any]], *, batch_size: int = 5000) -> int:
    """Append many events in one transaction; each entry holds record()'s arguments.

    The same chain rules, checks and hash as record(), for imports and bulk jobs; the
    rows go in by multi-row INSERTs of `batch_size`, without building model instances.
    Returns the number of events appended.
    """
    entries = iter(entries)
    columns = (*HASHED_FIELDS, "hash")
    adapt_at = connection.ops.adapt_datetimefield_value
    appended = 0
    with transaction.atomic():
        head = _lock_head()
        seq, prev_hash = head.last_seq, head.last_hash
        while batch := list(islice(entries, batch_size)):
            rows = []
            for entry in batch:
                seq += 1
                fields = _event_fields(
                    entry["action"],
                    entry.get("actor"),
                    entry.get("target"),
                    entry.get("person"),
                    entry.get("summary", ""),
                    seq=seq,
                    prev_hash=prev_hash,
                )
                prev_hash = fields["hash"]
                fields["at"] = adapt_at(fields["at"])
                rows.append(tuple(fields[name] for name in columns))
            _insert(columns, rows)
            appended += len(rows)
        if appended:
            _move_head(seq, prev_hash)
    return appended


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 10000) -> ChainReport:
    """Walk the chain in order, recomputing every hash, and compare its end with the head.

    Streams the events in pages of `batch_size` (keyset on seq), so memory stays flat
    however long the log is. Stops at the first break and names it.
    """
    head = AuditChainHead.objects.filter(pk=HEAD_PK).values_list("last_seq", "last_hash").first()
    checked = 0
    last_seq, last_hash = 0, GENESIS_HASH
    hash_at_head = GENESIS_HASH if head and head[0] == 0 else None
    for row in _stream(batch_size):
        seq, stored_hash, prev_hash = row[0], row[-1], row[-2]
        checked += 1
        if seq != last_seq + 1:
            return _broken(checked - 1, last_seq + 1, _gap_reason(last_seq, seq))
        if event_hash(*row[:-1]) != stored_hash:
            return _broken(
                checked - 1, seq, f"event {seq} was altered (its hash does not match its contents)"
            )
        if prev_hash != last_hash:
            following = f"event {last_seq}" if last_seq else "the start of the chain"
            return _broken(
                checked - 1, seq, f"event {seq} does not follow {following} (prev_hash mismatch)"
            )
        last_seq, last_hash = seq, stored_hash
        if head and seq == head[0]:
            hash_at_head = stored_hash

    if head is None:
        if checked == 0:
            return ChainReport(ok=True, events_checked=0)
        return _broken(checked, None, f"the chain head is missing ({checked:,} events recorded)")
    head_seq, head_hash = head
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
        # Events appended while we walked move the head on; read it again.
        now_seq = AuditChainHead.objects.filter(pk=HEAD_PK).values_list("last_seq", flat=True)
        now_seq = now_seq.first() or 0
        if last_seq > now_seq:
            return _broken(
                checked,
                now_seq + 1,
                f"event {now_seq + 1} is beyond the head (the head records {now_seq})",
            )
    return ChainReport(ok=True, events_checked=checked)


def _stream(batch_size: int) -> Iterator[tuple]:
    # Keyset pages rather than one long cursor: each page is a short indexed query, the
    # same on SQLite and PostgreSQL, and holds no lock or snapshot open between pages.
    columns = (*HASHED_FIELDS, "hash")
    after = 0
    while True:
        page = list(
            AuditEvent.objects.filter(seq__gt=after)
            .order_by("seq")
            .values_list(*columns)[:batch_size]
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


def _lock_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (a no-op lock on SQLite)."""
    try:
        return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
    except AuditChainHead.DoesNotExist:
        pass
    # The migration creates the head; a flushed database (`manage.py flush`, transactional
    # tests) loses it. Start afresh only if the log is empty too.
    if AuditEvent.objects.exists():
        raise AuditChainHeadMissing(
            "The audit chain head is missing but events remain: run `lawful audit verify`."
        )
    AuditChainHead.objects.get_or_create(pk=HEAD_PK)
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


def _insert(columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows of event columns, as many rows a statement as the database allows."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(AuditEvent._meta.get_field(name).column) for name in columns
    )
    if connection.vendor == "postgresql":
        # COPY: several times faster than INSERT for thousands of rows.
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({names}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for values in rows:
                    copy.write_row(values)
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


def _move_head(seq: int, hash: str) -> None:
    AuditChainHead.objects.filter(pk=HEAD_PK).update(last_seq=seq, last_hash=hash)


def _event_fields(
    action, actor, target, person, summary: str, *, seq: int, prev_hash: str
) -> dict[str, Any]:
    """An event's column values, hash included, after checking the arguments."""
    action = AuditAction(action)
    if len(summary) > 200:
        raise ValueError(f"summary: at most 200 characters, not {len(summary)}")
    if target is not None and target.pk is None:
        raise ValueError("target: save the instance before recording an event about it")
    person_id = getattr(person, "pk", person)
    if person_id is None and target is not None and target._meta.label_lower == "people.person":
        person_id = target.pk
    fields = {
        "seq": seq,
        "at": timezone.now(),
        "actor_id": actor.pk if _is_staff(actor) else None,
        "actor_label": _actor_label(actor),
        "action": action.value,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "person_id": int(person_id) if person_id is not None else None,
        "summary": summary,
        "prev_hash": prev_hash,
    }
    fields["hash"] = event_hash(**fields)
    return fields


def _is_staff(actor) -> bool:
    return actor is not None and not actor.is_anonymous


def _actor_label(actor) -> str:
    if actor is None:
        return SYSTEM
    if actor.is_anonymous:
        return PUBLIC
    return actor.get_username()
