"""The organisation's live register, loaded once and reloaded when its file changes."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from lawful.policy.register import Register, load_register


def current_register() -> Register:
    path = Path(settings.LAWFUL_REGISTER)
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> Register:
    # mtime is part of the key: editing the file gives a fresh register without a restart.
    return load_register(path)
