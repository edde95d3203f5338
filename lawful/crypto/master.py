"""The master keys: outside the database, from LAWFUL_MASTER_KEY or LAWFUL_MASTER_KEY_FILE.

One or more Fernet keys, comma-separated, newest first. The first wraps every data key
made or re-wrapped from now on; the others are only read, while `lawful keys rotate
--master` re-wraps what they wrapped (after which they can be removed). A key missing or
malformed is an ImproperlyConfigured naming the setting, never a guess; the key itself is
never printed.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "LAWFUL_MASTER_KEY"
GENERATE = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class MasterKeyError(ImproperlyConfigured):
    """The master key setting is missing or malformed."""


_cache: dict[str, tuple[Fernet, ...]] = {}


def master_keys() -> tuple[Fernet, ...]:
    """The master keys as Fernets, newest first; MasterKeyError if missing or malformed."""
    value = (getattr(settings, SETTING, "") or "").strip()
    if value in _cache:
        return _cache[value]
    if not value:
        raise MasterKeyError(
            f"{SETTING} (or {SETTING}_FILE) is not set: the encrypted case notes, "
            "correspondence and files cannot be read or written without it. Generate a key "
            f"with `{GENERATE}` and keep it outside the database and its backups."
        )
    parts = [part.strip() for part in value.split(",")]
    keys = []
    for number, part in enumerate(parts, start=1):
        try:
            keys.append(Fernet(part.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            which = f"key {number} of {len(parts)}" if len(parts) > 1 else "the key"
            raise MasterKeyError(
                f"{SETTING}: {which} is not a Fernet key (32 bytes in url-safe base64, 44 "
                f"characters; several are separated by commas, newest first). Generate one "
                f"with `{GENERATE}`."
            ) from None
    _cache.clear()
    _cache[value] = tuple(keys)
    return _cache[value]


def master() -> MultiFernet:
    """Wraps with the first master key; unwraps with any."""
    return MultiFernet(list(master_keys()))


def wrapped_by(token: str) -> int | None:
    """Which master key (1 = the first, the current one) wraps this token; None if none."""
    from cryptography.fernet import InvalidToken

    for number, key in enumerate(master_keys(), start=1):
        try:
            key.decrypt(token.encode("ascii"))
        except InvalidToken:
            continue
        return number
    return None


def ensure_demo_master_key() -> str | None:
    """For `lawful demo`: with no master key set, make one in var/master_key (if absent),
    use it, and point LAWFUL_MASTER_KEY_FILE at it for the processes started from here.
    Returns the file's path when it did so; None when a key was already set."""
    import os
    from pathlib import Path

    if (getattr(settings, SETTING, "") or "").strip():
        return None
    path = Path(settings.VAR_DIR) / "master_key"
    if not path.exists() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(Fernet.generate_key().decode() + "\n")
    settings.LAWFUL_MASTER_KEY = path.read_text().strip()
    os.environ[f"{SETTING}_FILE"] = str(path)
    master_keys()  # a malformed file is said now
    return str(path)
