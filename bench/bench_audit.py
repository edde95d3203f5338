"""Benchmark the audit chain: appends one by one, appends in bulk, and verification.

    .venv/bin/python bench/bench_audit.py [--events 1000000] [--record-events 20000]
                                          [--database-url postgres://postgres@127.0.0.1/postgres]

Runs against a throw-away database: by default a SQLite file in a temporary directory;
with --database-url, a database `lawful_bench` created (and dropped afterwards) on that
PostgreSQL server. The real chain rules and hash throughout.

Prints a Markdown table: | operation | events | seconds | events/s |.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DB = "lawful_bench"


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def postgres_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def recreate_postgres_database(url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(postgres_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the chain")
    parser.add_argument(
        "--record-events",
        type=int,
        default=20_000,
        help="of which appended one transaction each through record()",
    )
    parser.add_argument("--batch-size", type=int, default=5000, help="record_many() batch")
    parser.add_argument("--database-url", help="a PostgreSQL server (default: temp SQLite)")
    args = parser.parse_args()
    record_n = min(args.record_events, args.events)
    bulk_n = args.events - record_n

    tmp = tempfile.TemporaryDirectory(prefix="lawful-bench-audit-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lawful.settings"
    os.environ["LAWFUL_VAR_DIR"] = tmp.name
    if args.database_url:
        recreate_postgres_database(args.database_url)
        os.environ["DATABASE_URL"] = postgres_url(args.database_url, BENCH_DB)
    else:
        os.environ.pop("DATABASE_URL", None)

    try:
        database, rows = run(record_n, bulk_n, args.batch_size)
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            recreate_postgres_database(args.database_url, drop_only=True)
        tmp.cleanup()

    print(f"{database}, {args.events:,} events in the chain\n")
    print("| operation | events | seconds | events/s |")
    print("|---|---:|---:|---:|")
    for operation, n, seconds in rows:
        print(f"| {operation} | {n:,} | {seconds:.2f} | {n / seconds:,.0f} |")


def run(record_n: int, bulk_n: int, batch_size: int) -> tuple[str, list[tuple[str, int, float]]]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from lawful.audit.events import AuditAction
    from lawful.audit.services import record, record_many, verify_chain

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version} (WAL, synchronous=NORMAL)"
    else:
        database = f"PostgreSQL {connection.pg_version // 10000}"

    actor = get_user_model().objects.create_user(username="bench-clerk", role="dp_lead")
    actions = list(AuditAction)
    rows = []

    def one_by_one():
        for n in range(record_n):
            record(
                actions[n % len(actions)],
                actor=actor,
                target=actor,
                person=n,
                summary="changed fields: email, postcode",
            )

    seconds, _ = timed(one_by_one)
    rows.append(("append via record(), one transaction each", record_n, seconds))

    entries = (
        {
            "action": actions[n % len(actions)],
            "actor": actor,
            "target": actor,
            "person": n,
            "summary": "changed fields: email, postcode",
        }
        for n in range(bulk_n)
    )
    seconds, appended = timed(lambda: record_many(entries, batch_size=batch_size))
    rows.append(("bulk append via record_many()", appended, seconds))

    seconds, report = timed(verify_chain)
    if not report.ok:
        raise SystemExit(f"chain broken: {report.reason}")
    rows.append(("verify_chain()", report.events_checked, seconds))
    return database, rows


if __name__ == "__main__":
    main()
