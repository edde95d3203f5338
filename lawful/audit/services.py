"""Writing and verifying the audit chains: one per organisation, and the installation's.

Every service that changes personal data calls `record()` inside its own transaction,
so the change and its audit event commit together or not at all. The event goes to the
chain of the organisation it concerns: given as `organisation=`, or taken from the
target or the person (anything with an `organisation_id`); with neither, to the
installation's chain (staff accounts made by a superuser, scheduled jobs of no one
organisation).
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
    """Append one event to the chain and return it.

    actor: a staff user; an anonymous user (a request from the public) is recorded as
    "public", and None (a scheduled job) as "system".
    target: the saved model instance acted on. A person targeted is also the person
    concerned unless `person` says otherwise.
    person: the data subject concerned, as a Person or its id.
    summary: what happened, without copying personal data values.
    organisation: whose chain (an Organisation or its pk); by default the target's or
    the person's organisation, else the installation's chain.
    """
    org_id = organisation_of(organisation, target, person)
    with transaction.atomic():
        head = _lock_head(org_id)
        fields = _event_fields(
            action,
            actor,
            target,
            person,
            summary,
            seq=head.last_seq + 1,
            prev_hash=head.last_hash,
            organisation_id=org_id,
        )
        event = AuditEvent(**fields)
        if fields["actor_id"] is not None:
            event.actor = actor
        event.save()
        _move_head(org_id, event.seq, event.hash)
    return event


def record_many(
    entries: Iterable[Mapping[str, Any]], *, batch_size: int = 5000, organisation=None
) -> int:
    """Append many events to one chain in one transaction; each entry holds record()'s
    arguments (but `organisation`, which is given once for them all).

    The same chain rules, checks and hash as record(), for imports and bulk jobs; the
    rows go in by multi-row INSERTs of `batch_size`, without building model instances.
    Returns the number of events appended.
    """
    entries = iter(entries)
    columns = (*HASHED_FIELDS, "hash")
    adapt_at = connection.ops.adapt_datetimefield_value
    org_id = getattr(organisation, "pk", organisation)
    appended = 0
    with transaction.atomic():
        head = _lock_head(org_id)
        seq, prev_hash = head.last_seq, head.last_hash
        while batch := list(islice(entries, batch_size)):
            rows = []
            for entry in batch:
                seq += 1
                if organisation_of(org_id, entry.get("target"), entry.get("person")) != org_id:
                    raise ValueError(
                        "organisation: every entry must belong to the chain's organisation"
                    )
                fields = _event_fields(
                    entry["action"],
                    entry.get("actor"),
                    entry.get("target"),
                    entry.get("person"),
                    entry.get("summary", ""),
                    seq=seq,
                    prev_hash=prev_hash,
                    organisation_id=org_id,
                )
                prev_hash = fields["hash"]
                fields["at"] = adapt_at(fields["at"])
                rows.append(tuple(fields[name] for name in columns))
            _insert(columns, rows)
            appended += len(rows)
        if appended:
            _move_head(org_id, seq, prev_hash)
    return appended


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(organisation=None, batch_size: int = 10000) -> ChainReport:
    """Walk one chain in order (the organisation's, or with None the installation's),
    recomputing every hash, and compare its end with its head.

    Streams the events in pages of `batch_size` (keyset on seq), so memory stays flat
    however long the log is. Stops at the first break and names it.
    """
    org_id = getattr(organisation, "pk", organisation)
    head = _heads(org_id).values_list("last_seq", "last_hash").first()
    checked = 0
    last_seq, last_hash = 0, GENESIS_HASH
    hash_at_head = GENESIS_HASH if head and head[0] == 0 else None
    for row in _stream(org_id, batch_size):
        seq, stored_hash, prev_hash = row[0], row[-1], row[-3]
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
        now_seq = _heads(org_id).values_list("last_seq", flat=True)
        now_seq = now_seq.first() or 0
        if last_seq > now_seq:
            return _broken(
                checked,
                now_seq + 1,
                f"event {now_seq + 1} is beyond the head (the head records {now_seq})",
            )
    return ChainReport(ok=True, events_checked=checked)


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


def _lock_head(org_id: int | None) -> AuditChainHead:
    """The chain's head, locked until the transaction ends (a no-op lock on SQLite)."""
    try:
        return _heads(org_id).select_for_update().get()
    except AuditChainHead.DoesNotExist:
        pass
    # An organisation's head is made with its first event; the installation's by the
    # migration, which a flushed database (`manage.py flush`, transactional tests) loses.
    # Start afresh only if the chain is empty too.
    if _chain(org_id).exists():
        raise AuditChainHeadMissing(
            "The audit chain head is missing but events remain: run `lawful audit verify`."
        )
    AuditChainHead.objects.get_or_create(organisation_id=org_id)
    return _heads(org_id).select_for_update().get()


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


def _move_head(org_id: int | None, seq: int, hash: str) -> None:
    _heads(org_id).update(last_seq=seq, last_hash=hash)


def _event_fields(
    action,
    actor,
    target,
    person,
    summary: str,
    *,
    seq: int,
    prev_hash: str,
    organisation_id: int | None = None,
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
        "organisation_id": organisation_id,
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


def chains() -> list[tuple[Any, ChainReport]]:
    """Every chain verified: (None, report) for the installation's, then each
    organisation's by name, as (Organisation, report)."""
    from lawful.organisations.models import Organisation

    reports: list[tuple[Any, ChainReport]] = [(None, verify_chain(None))]
    reports += [(org, verify_chain(org)) for org in Organisation.objects.order_by("slug")]
    return reports


def export_chain(organisation=None, batch_size: int = 10000) -> Iterator[dict[str, Any]]:
    """One chain's events, oldest first, as JSON-able dicts with every hashed field and
    the hash: anyone holding the export can recompute each hash (models.event_hash) and
    check that each event follows the one before, without access to Lawful."""
    org_id = getattr(organisation, "pk", organisation)
    names = (*HASHED_FIELDS, "hash")
    for row in _stream(org_id, batch_size):
        event = dict(zip(names, row, strict=True))
        event["at"] = event["at"].isoformat(timespec="microseconds")
        yield event
