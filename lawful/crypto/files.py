"""Encrypted files (correspondence attachments, scanned letters) on disk.

    path = save_encrypted(organisation, data, name="letter.pdf")   # store `path` on the record
    data = read_decrypted(organisation, path)
    delete_encrypted(organisation, path)

A file holds the same format as an encrypted text value (`lk1:<key id>:<Fernet token>`),
under settings.LAWFUL_FILES_ROOT (default var/files), at a path made of the
organisation's id and a random name: nothing of the original name is kept on disk but a
short extension (a name can itself be personal data: "letter-from-J-Smith.pdf"). Keep
the original name, if needed, in an EncryptedTextField of the record.

A path is only ever read, or deleted, for the organisation it belongs to: another
organisation's path, or one that leads out of the directory, is refused (FileNotFoundError)
as if it did not exist. Files are written whole to a temporary file and then renamed, so a
crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from . import envelope

SUFFIX = ".lk"
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
_PATH = re.compile(r"org-(?P<org>[0-9]+)/[0-9a-f]{2}/[0-9a-f]{32}(?:\.[a-z0-9]{1,10})?\.lk")

__all__ = ["delete_encrypted", "files_of", "read_decrypted", "save_encrypted"]


def root() -> Path:
    return Path(getattr(settings, "LAWFUL_FILES_ROOT", None) or Path(settings.VAR_DIR) / "files")


def _org_id(organisation) -> int:
    org_id = getattr(organisation, "pk", organisation)
    if not isinstance(org_id, int):
        raise ValueError("organisation: an Organisation (or its id) is needed")
    return org_id


def _full_path(organisation, path: str) -> Path:
    match = _PATH.fullmatch(str(path))
    if match is None or int(match["org"]) != _org_id(organisation):
        raise FileNotFoundError("no such file of this organisation")
    return root() / path


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".writing-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_encrypted(organisation, data: bytes, *, name: str = "") -> str:
    """Encrypt `data` with the organisation's active key and store it; returns the path
    to keep on the record (relative to the files root)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("data: bytes are needed")
    extension = Path(name or "").suffix.lower().lstrip(".")
    extension = f".{extension}" if _EXTENSION.fullmatch(extension) else ""
    token = secrets.token_hex(16)
    path = f"org-{_org_id(organisation)}/{token[:2]}/{token}{extension}{SUFFIX}"
    key = envelope.active_key(organisation)
    _write_atomically(root() / path, key.encrypt(bytes(data)))
    return path


def read_decrypted(organisation, path: str) -> bytes:
    """The file's content; FileNotFoundError if it is not a file of this organisation,
    DecryptionError if it was altered."""
    full = _full_path(organisation, path)
    return envelope.decrypt(full.read_bytes(), organisation=organisation)


def delete_encrypted(organisation, path: str) -> bool:
    """Delete the file; False if there was none."""
    full = _full_path(organisation, path)
    try:
        full.unlink()
    except FileNotFoundError:
        return False
    return True


def files_of(organisation) -> Iterator[str]:
    """Every encrypted file of the organisation, as paths, in a stable order."""
    base = root() / f"org-{_org_id(organisation)}"
    if not base.is_dir():
        return
    for found in sorted(base.glob(f"*/*{SUFFIX}")):
        path = found.relative_to(root()).as_posix()
        if _PATH.fullmatch(path):
            yield path


def key_id_of_file(organisation, path: str) -> str:
    """The id of the data key a file is encrypted with (its first bytes)."""
    with _full_path(organisation, path).open("rb") as f:
        return envelope.key_id_of(f.read(64))


def reencrypt_file(organisation, path: str, key: envelope.DataKey) -> bool:
    """Encrypt the file again with `key` (a rotation); False if it already was."""
    full = _full_path(organisation, path)
    content = full.read_bytes()
    if envelope.key_id_of(content) == key.key_id:
        return False
    plain = envelope.decrypt(content, organisation=organisation)
    _write_atomically(full, key.encrypt(plain))
    return True
