"""Encrypting and decrypting with organisations' data keys: the values' format and the
per-process cache of unwrapped keys.

A value encrypted is `lk1:<key id>:<Fernet token>` (text; files hold the same bytes):
the key id names the OrganisationKey, so decryption needs nothing but the value. Fernet
authenticates as it decrypts: a value altered by one character is refused
(DecryptionError), never read wrong.

Unwrapped data keys are cached per process by key id (ids are random and never reused;
a key's material never changes, only how it is wrapped). The cache is a dict guarded by a
lock for misses, so threads share it safely; a rotation forgets the key it retires.
Which key is active is cached per organisation for settings.LAWFUL_ACTIVE_KEY_SECONDS
(default 5; 0: read at every encryption): a rotation started by another process takes
effect here within that time, and a rotation waits that long after switching keys before
its final check for values left under the old key. A key made in a transaction not yet
committed is never cached as active (the transaction may roll back).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction

PREFIX = "lk1"
# The HKDF label of the search key derived from a data key: a key of its own, for the
# keyed word tokens of search (lawful.policy.search), never the key that encrypts.
SEARCH_KEY_INFO = b"lawful search tokens v1"


def derive_search_key(material: bytes) -> bytes:
    """The search key of a data key (its Fernet key, base64 as stored): HKDF-SHA256."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEARCH_KEY_INFO).derive(
        material
    )


class DecryptionError(ValueError):
    """An encrypted value that cannot be read: altered, malformed, or of an unknown key."""


class Ciphertext(str):
    """A value already encrypted: what an EncryptedTextField writes to the database as is.
    (A plain str given to the field without its instance is refused: it would otherwise
    be written in clear.)"""

    __slots__ = ()


@dataclass(frozen=True)
class DataKey:
    """An organisation's data key, unwrapped (in memory only)."""

    key_id: str
    organisation_id: int
    fernet: Fernet
    # Keys the word tokens of search (derived by HKDF with its own label: see above).
    search_key: bytes

    def encrypt(self, data: bytes) -> bytes:
        return f"{PREFIX}:{self.key_id}:".encode("ascii") + self.fernet.encrypt(data)

    def encrypt_text(self, text: str) -> Ciphertext:
        return Ciphertext(self.encrypt(text.encode("utf-8")).decode("ascii"))


_keys: dict[str, DataKey] = {}
_lock = threading.Lock()
# {organisation id: (active key id, monotonic time until which it is trusted)}
_active: dict[int, tuple[str, float]] = {}
# Keys made in a transaction not yet committed: not to be cached as active.
_uncommitted: set[str] = set()


def active_key_seconds() -> float:
    return float(getattr(settings, "LAWFUL_ACTIVE_KEY_SECONDS", 5))


def forget(key_id: str | None = None) -> None:
    """Drop one unwrapped key from this process's cache (all with None)."""
    with _lock:
        if key_id is None:
            _keys.clear()
            _active.clear()
        else:
            _keys.pop(key_id, None)
            for org_id, (active_id, _) in list(_active.items()):
                if active_id == key_id:
                    _active.pop(org_id, None)


def now_active(org_id: int, key_id: str) -> None:
    """Trust `key_id` as the organisation's active key (once its transaction commits)."""

    def remember():
        _uncommitted.discard(key_id)
        seconds = active_key_seconds()
        if seconds > 0:
            _active[org_id] = (key_id, time.monotonic() + seconds)

    transaction.on_commit(remember)


def split(value: bytes | str) -> tuple[str, bytes]:
    """(key id, Fernet token) of an encrypted value; DecryptionError if it is not one."""
    raw = value.encode("ascii", "replace") if isinstance(value, str) else bytes(value)
    parts = raw.split(b":", 2)
    if len(parts) != 3 or parts[0] != PREFIX.encode() or not parts[1] or not parts[2]:
        raise DecryptionError("not a value encrypted by Lawful (lk1:<key id>:<token>)")
    try:
        key_id = parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("not a value encrypted by Lawful: malformed key id") from None
    return key_id, parts[2]


def key_id_of(value: bytes | str) -> str:
    return split(value)[0]


def key_by_id(key_id: str) -> DataKey:
    """The unwrapped data key with this id (cached); DecryptionError if there is none."""
    found = _keys.get(key_id)
    if found is not None:
        return found
    from .master import master
    from .models import OrganisationKey

    with _lock:
        found = _keys.get(key_id)
        if found is not None:
            return found
        row = OrganisationKey.objects.filter(key_id=key_id).values_list(
            "organisation_id", "wrapped"
        )
        row = row.first()
        if row is None:
            raise DecryptionError(f"no data key {key_id!r}: the value cannot be decrypted")
        try:
            material = master().decrypt(row[1].encode("ascii"))
        except InvalidToken:
            raise DecryptionError(
                f"data key {key_id!r} is not wrapped by any key in LAWFUL_MASTER_KEY "
                "(was an old master key removed before `lawful keys rotate --master`?)"
            ) from None
        found = DataKey(key_id, row[0], Fernet(material), derive_search_key(material))
        _keys[key_id] = found
        return found


def active_key(organisation) -> DataKey:
    """The organisation's active data key, made (and audited) if it has none yet."""
    from .models import OrganisationKey

    org_id = getattr(organisation, "pk", organisation)
    if org_id is None:
        raise ValueError("organisation: encrypting needs the record's organisation")
    cached = _active.get(org_id)
    if cached is not None and cached[1] > time.monotonic():
        return key_by_id(cached[0])
    key_id = (
        OrganisationKey.objects.filter(organisation_id=org_id, state=OrganisationKey.State.ACTIVE)
        .values_list("key_id", flat=True)
        .first()
    )
    if key_id is None:
        key_id = _make_first_key(org_id)
    elif key_id not in _uncommitted and active_key_seconds() > 0:
        _active[org_id] = (key_id, time.monotonic() + active_key_seconds())
    return key_by_id(key_id)


def _make_first_key(org_id: int) -> str:
    from lawful.audit.events import AuditAction
    from lawful.audit.services import record

    from .models import OrganisationKey

    try:
        with transaction.atomic():
            key = new_wrapped_key(org_id)
            record(
                AuditAction.CREATE,
                target=key,
                summary=f"Data key {key.key_id} made: the organisation's records are "
                "encrypted with it (wrapped by the master key).",
            )
            return key.key_id
    except IntegrityError:
        # Another writer made it at the same moment: use theirs.
        return OrganisationKey.objects.get(
            organisation_id=org_id, state=OrganisationKey.State.ACTIVE
        ).key_id


def new_wrapped_key(org_id: int, state: str = "active"):
    """A new data key for the organisation, saved wrapped under the first master key."""
    from .master import master
    from .models import OrganisationKey

    material = Fernet.generate_key()
    key = OrganisationKey.objects.create(
        organisation_id=org_id, wrapped=master().encrypt(material).decode("ascii"), state=state
    )
    with _lock:
        _keys[key.key_id] = DataKey(
            key.key_id, org_id, Fernet(material), derive_search_key(material)
        )
        _uncommitted.add(key.key_id)
        _active.pop(org_id, None)
    if state == "active":
        now_active(org_id, key.key_id)
    else:
        transaction.on_commit(lambda: _uncommitted.discard(key.key_id))
    return key


def search_keys(organisation) -> list[bytes]:
    """The search keys a query must try for the organisation: its active key's, and while
    a rotation is under way the retiring key's too (its cases' tokens are rebuilt under
    the new key as the rotation goes). None for an organisation that has no key yet (it
    has encrypted nothing, so it has no tokens either)."""
    from .models import OrganisationKey

    org_id = getattr(organisation, "pk", organisation)
    key_ids = OrganisationKey.objects.filter(
        organisation_id=org_id,
        state__in=(OrganisationKey.State.ACTIVE, OrganisationKey.State.RETIRING),
    ).values_list("key_id", flat=True)
    return [key_by_id(key_id).search_key for key_id in key_ids]


def encrypt_text(organisation, text: str) -> Ciphertext:
    return active_key(organisation).encrypt_text(text)


def decrypt(value: bytes | str, *, organisation=None) -> bytes:
    """The plaintext of an encrypted value. With `organisation`, the key must be that
    organisation's (files are read so; a field's value is read by its key alone)."""
    key_id, token = split(value)
    key = key_by_id(key_id)
    if organisation is not None and key.organisation_id != getattr(
        organisation, "pk", organisation
    ):
        raise DecryptionError("the value was not encrypted by this organisation's key")
    try:
        return key.fernet.decrypt(token)
    except InvalidToken:
        raise DecryptionError(
            f"an encrypted value under data key {key_id!r} was altered or is damaged: refused"
        ) from None


def decrypt_text(value: str) -> str:
    return decrypt(value).decode("utf-8")
