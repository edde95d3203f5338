"""Erased data must not linger in SQLite's files.

Every connection runs with `PRAGMA secure_delete=ON` (settings.py), so SQLite overwrites
deleted and replaced content with zeros rather than leaving it in free pages. In WAL
mode the old page images also sit in the -wal file until a checkpoint: after an erasure
commits, `forget_erased_pages()` copies the WAL back and truncates it.
"""

from django.db import connections, transaction


def forget_erased_pages(using: str = "default") -> None:
    """Once the current transaction commits, checkpoint and truncate SQLite's WAL (a
    no-op on other databases). Best effort: a reader holding an old snapshot makes the
    checkpoint stop early, and the next one finishes it."""
    if connections[using].vendor != "sqlite":
        return
    transaction.on_commit(lambda: _checkpoint(using), using=using)


def _checkpoint(using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
