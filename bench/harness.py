"""What every database benchmark needs: a fresh, migrated database of its own.

    with throwaway_database("lawful_bench_people", database_url) as label:
        ...  # Django is set up and migrated; `label` names the engine and version

Without a URL, a SQLite file in a temporary directory (the embedded default, WAL); with
a PostgreSQL server's URL, a database of the given name created on that server. Either is
removed afterwards, whatever happens.
"""

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _on_server(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _recreate(server_url: str, name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(_on_server(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def throwaway_database(
    name: str, server_url: str | None = None, settings_module: str = "lawful.settings"
) -> Iterator[str]:
    tmp = tempfile.TemporaryDirectory(prefix=f"{name}-")
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["LAWFUL_VAR_DIR"] = tmp.name  # the SQLite default lives here
    # A throw-away key for a throw-away database (the audit log cannot be written without).
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
    if server_url:
        _recreate(server_url, name, create=True)
        os.environ["DATABASE_URL"] = _on_server(server_url, name)
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        if connection.vendor == "sqlite":
            yield f"SQLite {connection.Database.sqlite_version} (WAL, synchronous=NORMAL)"
        else:
            yield f"PostgreSQL {connection.pg_version // 10000} (database {name})"
    finally:
        from django.db import connections

        connections.close_all()
        if server_url:
            _recreate(server_url, name, create=False)
        tmp.cleanup()
