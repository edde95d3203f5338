"""The audit log's seals: HMAC-SHA256 under a key held outside the database.

Whoever can write to the database can rewrite rows and recompute a plain hash, but not
a MAC without the key (`LAWFUL_AUDIT_KEY`, kept like SECRET_KEY, never in the database
or its backups). Three MACs, each over a canonical JSON serialisation that names what it
is ("kind"), so that none can stand in for another:

- an event's MAC (its `hash` column) covers its contents, its place (seq) and the MAC
  of the event before it: the chain;
- an event's content MAC is written with the event, before it has a place in the chain,
  so that the sealer can tell an event Lawful wrote from one slipped into the table;
- the chain head's MAC covers where the chain ends and where its keyed part begins, so
  that the head cannot be moved, nor older events passed off as unkeyed, without the key.

Plain Python: the migrations use it too.
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
MIN_KEY_LENGTH = 32

# The columns an event's contents are (everything but its place in the chain and seals).
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "person_id",
    "summary",
    "organisation_id",
)


def audit_key() -> bytes:
    """The key from settings; without one, nothing may be written to or checked in the log."""
    key = getattr(settings, "LAWFUL_AUDIT_KEY", "") or ""
    if not key:
        raise ImproperlyConfigured(
            "LAWFUL_AUDIT_KEY (or LAWFUL_AUDIT_KEY_FILE) is not set: the audit log cannot be "
            "written or verified without its key. Generate one with `python -c 'import "
            "secrets; print(secrets.token_urlsafe(48))'` and keep it outside the database."
        )
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"LAWFUL_AUDIT_KEY: at least {MIN_KEY_LENGTH} characters, not {len(key)}"
        )
    return key.encode()


def _utc(at: datetime) -> str:
    # UTC with microseconds, which SQLite and PostgreSQL both keep: an event read back
    # from either database seals exactly as it did when written.
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _mac(key: bytes, fields: dict) -> str:
    return hmac.new(key, _CANONICAL.encode(fields).encode(), hashlib.sha256).hexdigest()


def _contents(
    at, actor_id, actor_label, action, target_type, target_id, person_id, summary, organisation_id
) -> dict:
    return {
        "at": _utc(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": str(action),
        "target_type": target_type,
        "target_id": target_id,
        "person_id": person_id,
        "summary": summary,
        "organisation_id": organisation_id,
    }


def content_mac(key: bytes, **contents) -> str:
    """The MAC of an event's contents (CONTENT_FIELDS), written with the event."""
    return _mac(key, {"kind": "audit-event-content", **_contents(**contents)})


def event_mac(key: bytes, *, seq: int, prev_hash: str, **contents) -> str:
    """The MAC of an event in its place: its contents, its seq and the previous MAC."""
    return _mac(
        key, {"kind": "audit-event", "seq": seq, "prev_hash": prev_hash, **_contents(**contents)}
    )


def head_mac(
    key: bytes, *, organisation_id: int | None, keyed_from: int, last_seq: int, last_hash: str
) -> str:
    """The MAC of a chain head: where the chain ends, and from which event it is keyed."""
    return _mac(
        key,
        {
            "kind": "audit-chain-head",
            "organisation_id": organisation_id,
            "keyed_from": keyed_from,
            "last_seq": last_seq,
            "last_hash": last_hash,
        },
    )
