"""Keys: the data key an organisation encrypts with, and the two rotations.

    data_key_for(org)            # the active DataKey (made, audited, if none yet)
    rotate_master()              # re-wrap every data key with the first master key
    rotate_organisation(org)     # a new data key; everything re-encrypted; old one retired
    status(org)                  # keys, what each encrypts, a rotation under way

`rotate_organisation` is resumable: it works in batches, each committed together with its
progress (KeyRotation.progress), so a run that is interrupted (a crash, Ctrl-C, a
deploy) continues where it stopped when run again. From its first step the new key
encrypts everything written, so nothing new lands under the old key while it runs; at the
end it checks that no value or file is left under the old key (going over again what a
writer caught in the switch may have left) before retiring it.

The fields to re-encrypt are found by walking the app registry for EncryptedTextField:
a new app's encrypted fields are rotated without being listed anywhere. What is keyed by
a key derived from the data key (casework's search tokens) registers a rekeyer
(`register_rekeyer`): the rotation rebuilds it under the new key, in batches with their
progress as well, once every process writes with the new key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record

from . import envelope, files
from .envelope import DataKey
from .fields import EncryptedTextField
from .master import master, wrapped_by
from .models import KeyRotation, OrganisationKey

State = OrganisationKey.State
DEFAULT_BATCH = 500
# Passes over the tables at the end of a rotation, looking for values a writer caught in
# the switch of keys left under the old key, before giving up (and not retiring it).
FINAL_PASSES = 3

__all__ = [
    "DEFAULT_BATCH",
    "KeyRotationError",
    "RotationReport",
    "data_key_for",
    "encrypted_fields",
    "register_rekeyer",
    "reindex",
    "rotate_master",
    "rotate_organisation",
    "status",
]


class KeyRotationError(Exception):
    """A rotation cannot go on (the message says why, in an operator's words)."""


# label: rekey(organisation id, after pk, batch size, new DataKey) -> (last pk or None when
# done, items written); called in a transaction, which commits the batch with its progress.
Rekeyer = Callable[[int, int, int, DataKey], tuple[int | None, int]]
_rekeyers: dict[str, Rekeyer] = {}


def register_rekeyer(label: str, rekey: Rekeyer) -> None:
    """Have every rotation rebuild, under the new key, what `rekey` keeps keyed by a key
    derived from the data key (by an AppConfig.ready())."""
    _rekeyers[label] = rekey


def reindex(organisation, *, batch_size: int = DEFAULT_BATCH, progress=None) -> dict[str, int]:
    """Rebuild everything a rekeyer keeps (search tokens) under the organisation's active
    key, a batch per transaction (`lawful keys reindex`: after an upgrade that adds a
    rekeyer, or to repair; idempotent). Returns {label: items written}."""
    if batch_size < 1:
        raise ValueError("batch_size: at least 1")
    org_id = getattr(organisation, "pk", organisation)
    written: dict[str, int] = {}
    if not OrganisationKey.objects.filter(organisation_id=org_id).exists():
        return written  # nothing was ever encrypted: no text to index
    key = envelope.active_key(org_id)
    for label, rekey in sorted(_rekeyers.items()):
        after = 0
        while after is not None:
            with transaction.atomic():
                after, n = rekey(org_id, after, batch_size, key)
            written[label] = written.get(label, 0) + n
            if progress is not None:
                progress(label, n)
    return written


def data_key_for(organisation) -> DataKey:
    """The organisation's active data key, unwrapped; made (and audited) if it has none."""
    return envelope.active_key(organisation)


def encrypted_fields() -> list[tuple[type, list[EncryptedTextField]]]:
    """Every concrete model with EncryptedTextFields, and those fields, in label order."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = [f for f in meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


# The master key ------------------------------------------------------------------------


def rotate_master(organisation=None, *, actor=None) -> int:
    """Re-wrap every data key (of one organisation, or all) with the first master key;
    returns how many were re-wrapped. Idempotent. Once it has run for every organisation,
    the other master keys can be removed from LAWFUL_MASTER_KEY."""
    wrapper = master()
    keys = OrganisationKey.objects.all()
    if organisation is not None:
        keys = keys.for_org(organisation)
    done = 0
    by_org: dict[int, list[str]] = {}
    with transaction.atomic():
        for key in keys.select_for_update().order_by("pk"):
            if wrapped_by(key.wrapped) == 1:
                continue
            try:
                key.wrapped = wrapper.rotate(key.wrapped.encode("ascii")).decode("ascii")
            except Exception as exc:  # InvalidToken: no master key given unwraps it
                raise KeyRotationError(
                    f"data key {key.key_id} is wrapped by no key in LAWFUL_MASTER_KEY: put "
                    "back the master key it was wrapped with (after the new one) and run "
                    "again; nothing was changed"
                ) from exc
            key.save(update_fields=["wrapped"])
            by_org.setdefault(key.organisation_id, []).append(key.key_id)
            done += 1
        for org_id, key_ids in by_org.items():
            record(
                AuditAction.CHANGE,
                actor=actor,
                organisation=org_id,
                summary=f"Master key rotation: {len(key_ids)} data key(s) re-wrapped with "
                f"the current master key ({', '.join(key_ids)}).",
            )
    return done


# An organisation's data key ------------------------------------------------------------


@dataclass
class RotationReport:
    rotation_id: int
    from_key: str | None
    to_key: str
    values: int = 0
    files: int = 0
    resumed: bool = False
    by_model: dict[str, int] = field(default_factory=dict)


def rotate_organisation(
    organisation,
    *,
    batch_size: int = DEFAULT_BATCH,
    actor=None,
    after_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Give the organisation a new data key and re-encrypt every encrypted value and file
    of it; the old key is retired at the end. Continues a rotation left unfinished.

    after_batch(model label, values in the batch): called after each committed batch
    (progress display; tests interrupt a run here).
    """
    if batch_size < 1:
        raise ValueError("batch_size: at least 1")
    rotation, resumed = _start_or_resume(organisation, actor)
    new_key = envelope.key_by_id(rotation.to_key.key_id)
    report = RotationReport(
        rotation.pk,
        rotation.from_key.key_id if rotation.from_key else None,
        new_key.key_id,
        resumed=resumed,
    )
    for _ in range(FINAL_PASSES):
        for model, fields in encrypted_fields():
            _rotate_model(rotation, model, fields, new_key, batch_size, report, after_batch)
        _rotate_files(rotation, organisation, new_key, report)
        _wait_for_other_processes(rotation)
        # From here every process writes with the new key (tokens included): rebuild.
        for label, rekey in sorted(_rekeyers.items()):
            _rekey(rotation, label, rekey, new_key, batch_size, report, after_batch)
        left = _values_not_under(organisation, new_key.key_id)
        if not left:
            break
        # A writer caught in the switch of keys: go over those tables again.
        with transaction.atomic():
            fresh = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
            fresh.progress = {k: v for k, v in fresh.progress.items() if k not in left}
            fresh.save(update_fields=["progress"])
    else:
        raise KeyRotationError(
            f"values are still being written under the old key ({', '.join(sorted(left))}): "
            "run `lawful keys rotate` again"
        )
    _finish(rotation, actor, report)
    return report


def _wait_for_other_processes(rotation) -> None:
    """Until every process has seen the switch of keys (each trusts the active key it
    read for LAWFUL_ACTIVE_KEY_SECONDS), a writer elsewhere may still use the old one."""
    seconds = envelope.active_key_seconds()
    if seconds <= 0:
        return
    waited = (timezone.now() - rotation.started_at).total_seconds()
    if waited < seconds + 1:
        time.sleep(seconds + 1 - waited)


def _start_or_resume(organisation, actor) -> tuple[KeyRotation, bool]:
    with transaction.atomic():
        under_way = (
            KeyRotation.objects.for_org(organisation)
            .select_for_update(of=("self",))
            .filter(finished_at__isnull=True)
            .select_related("from_key", "to_key")
            .first()
        )
        if under_way is not None:
            record(
                AuditAction.CHANGE,
                actor=actor,
                organisation=organisation,
                target=under_way.to_key,
                summary=f"Data key rotation {under_way.pk} resumed.",
            )
            return under_way, True
        old = (
            OrganisationKey.objects.for_org(organisation)
            .select_for_update()
            .filter(state=State.ACTIVE)
            .first()
        )
        if old is not None:
            old.state = State.RETIRING
            old.save(update_fields=["state"])
        new = envelope.new_wrapped_key(getattr(organisation, "pk", organisation))
        rotation = KeyRotation.objects.create(
            organisation_id=new.organisation_id, from_key=old, to_key=new
        )
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=new,
            summary=f"Data key rotation {rotation.pk} started: new data key {new.key_id}"
            + (f" replaces {old.key_id}, which is now read only." if old else "."),
        )
        return rotation, False


def _label(model) -> str:
    return model._meta.label


def _table_sql(model, fields):
    qn = connection.ops.quote_name
    meta = model._meta
    return (
        qn(meta.db_table),
        qn(meta.pk.column),
        qn(meta.get_field("organisation").column),
        [qn(f.column) for f in fields],
    )


def _rotate_model(rotation, model, fields, new_key, batch_size, report, after_batch):
    label = _label(model)
    table, pk, org, columns = _table_sql(model, fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    select = (
        f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {org} = %s AND {pk} > %s "
        f"ORDER BY {pk} LIMIT %s{lock}"
    )
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"
    while True:
        with transaction.atomic():
            # The progress row first: two runs at once take turns, batch by batch.
            rotation = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
            if label in rotation.progress and rotation.progress[label] is None:
                return  # this model is done
            last = rotation.progress.get(label) or 0
            with connection.cursor() as cursor:
                cursor.execute(select, [rotation.organisation_id, last, batch_size])
                rows = cursor.fetchall()
                changed, values = [], 0
                for row_pk, *old in rows:
                    new = [_reencrypt(value, new_key) for value in old]
                    if new != old:
                        changed.append([*new, row_pk])
                        values += sum(1 for a, b in zip(old, new, strict=True) if a != b)
                if changed:
                    _update_rows(cursor, update, table, pk, columns, changed)
            finished = len(rows) < batch_size
            rotation.progress[label] = None if finished else rows[-1][0]
            rotation.values_done += values
            rotation.save(update_fields=["progress", "values_done"])
        report.values += values
        report.by_model[label] = report.by_model.get(label, 0) + values
        if after_batch is not None and rows:
            after_batch(label, values)
        if finished:
            return


def _rekey(rotation, label, rekey, new_key, batch_size, report, after_batch):
    label = f"rekey:{label}"
    while True:
        with transaction.atomic():
            rotation = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
            if label in rotation.progress and rotation.progress[label] is None:
                return
            last, written = rekey(
                rotation.organisation_id, rotation.progress.get(label) or 0, batch_size, new_key
            )
            rotation.progress[label] = last
            rotation.save(update_fields=["progress"])
        report.by_model[label] = report.by_model.get(label, 0) + written
        if after_batch is not None and written:
            after_batch(label, 0)
        if last is None:
            return


def _update_rows(cursor, update, table, pk, columns, rows) -> None:
    """Write the re-encrypted values of a batch: one statement on PostgreSQL (a round trip
    per row costs more than the encryption), executemany on SQLite (in-process)."""
    if connection.vendor != "postgresql":
        cursor.executemany(update, rows)
        return
    names = [f"c{i}" for i in range(len(columns))]
    row_sql = "(" + ", ".join(["%s::text"] * len(columns) + ["%s::bigint"]) + ")"
    assignments = ", ".join(f"{c} = v.{n}" for c, n in zip(columns, names, strict=True))
    cursor.execute(
        f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_sql] * len(rows))}) "
        f"AS v({', '.join(names)}, id) WHERE {table}.{pk} = v.id",
        [value for row in rows for value in row],
    )


def _reencrypt(value, new_key: DataKey):
    if not value or envelope.key_id_of(value) == new_key.key_id:
        return value
    return new_key.encrypt(envelope.decrypt(value)).decode("ascii")


def _rotate_files(rotation, organisation, new_key, report):
    for path in files.files_of(organisation):
        if files.reencrypt_file(organisation, path, new_key):
            report.files += 1
            KeyRotation.objects.filter(pk=rotation.pk).update(files_done=F("files_done") + 1)


def _values_not_under(organisation, key_id: str) -> set[str]:
    """Labels of the models holding a value of the organisation not under `key_id`
    ("files" for a file)."""
    left = set()
    org_id = getattr(organisation, "pk", organisation)
    pattern = f"{envelope.PREFIX}:{key_id}:%"
    for model, fields in encrypted_fields():
        table, _, org, columns = _table_sql(model, fields)
        stray = " OR ".join(f"({c} IS NOT NULL AND {c} <> '' AND {c} NOT LIKE %s)" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {table} WHERE {org} = %s AND ({stray}) LIMIT 1",
                [org_id, *([pattern] * len(columns))],
            )
            if cursor.fetchone():
                left.add(_label(model))
    if any(files.key_id_of_file(org_id, p) != key_id for p in files.files_of(org_id)):
        left.add("files")
    return left


def _finish(rotation, actor, report):
    with transaction.atomic():
        rotation = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
        if rotation.finished_at is not None:
            return
        rotation.finished_at = timezone.now()
        rotation.save(update_fields=["finished_at"])
        retired = None
        if rotation.from_key_id is not None:
            retired = OrganisationKey.objects.get(pk=rotation.from_key_id)
            retired.state = State.RETIRED
            retired.retired_at = rotation.finished_at
            retired.save(update_fields=["state", "retired_at"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=rotation.to_key,
            summary=f"Data key rotation {rotation.pk} finished: {rotation.values_done:,} "
            f"value(s) and {rotation.files_done:,} file(s) re-encrypted with "
            f"{rotation.to_key.key_id}"
            + (f"; data key {retired.key_id} retired." if retired else "."),
        )
    if retired is not None:
        transaction.on_commit(lambda: envelope.forget(retired.key_id))


# Status --------------------------------------------------------------------------------


@dataclass
class KeyStatus:
    key_id: str
    state: str
    created_at: object
    retired_at: object
    wrapped_by: int | None  # 1: the current master key; 2...: older ones; None: none
    values: int


def status(organisation) -> dict:
    """The organisation's keys (each with how many values and files it encrypts) and any
    rotation under way, for `lawful keys status`. Counts only: nothing is decrypted."""
    org_id = getattr(organisation, "pk", organisation)
    counts: dict[str, int] = {}
    start = len(envelope.PREFIX) + 2  # SUBSTR counts from 1; the id follows "lk1:"
    for model, fields in encrypted_fields():
        table, _, org, columns = _table_sql(model, fields)
        for c in columns:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT SUBSTR({c}, {start}, 16), COUNT(*) FROM {table} "
                    f"WHERE {org} = %s AND {c} IS NOT NULL AND {c} <> '' GROUP BY 1",
                    [org_id],
                )
                for key_id, n in cursor.fetchall():
                    counts[key_id] = counts.get(key_id, 0) + n
    for path in files.files_of(org_id):
        key_id = files.key_id_of_file(org_id, path)
        counts[key_id] = counts.get(key_id, 0) + 1
    keys = [
        KeyStatus(
            k.key_id,
            k.state,
            k.created_at,
            k.retired_at,
            wrapped_by(k.wrapped),
            counts.pop(k.key_id, 0),
        )
        for k in OrganisationKey.objects.for_org(org_id).order_by("created_at", "pk")
    ]
    under_way = KeyRotation.objects.for_org(org_id).filter(finished_at__isnull=True).first()
    # Whatever is left names a key the organisation does not have: unreadable values.
    return {"keys": keys, "rotation": under_way, "unknown": sum(counts.values())}
