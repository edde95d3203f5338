"""Benchmark the audit chain: appends one by one, appends in bulk, and verification.

    .venv/bin/python bench/bench_audit.py [--events 1000000] [--record-events 20000]
                                          [--database-url postgres://postgres@127.0.0.1/postgres]

Runs against a throw-away database: by default a SQLite file in a temporary directory;
with --database-url, a database `lawful_bench` created (and dropped afterwards) on that
PostgreSQL server. The real chain rules and hash throughout.

Prints a Markdown table: | operation | events | seconds | events/s |.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import throwaway_database  # noqa: E402

BENCH_DB = "lawful_bench"


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


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

    with throwaway_database(BENCH_DB, args.database_url) as database:
        rows = run(record_n, bulk_n, args.batch_size)

    print(f"{database}, {args.events:,} events in the chain\n")
    print("| operation | events | seconds | events/s |")
    print("|---|---:|---:|---:|")
    for operation, n, seconds in rows:
        print(f"| {operation} | {n:,} | {seconds:.2f} | {n / seconds:,.0f} |")


def run(record_n: int, bulk_n: int, batch_size: int) -> list[tuple[str, int, float]]:
    from django.contrib.auth import get_user_model

    from lawful.audit.events import AuditAction
    from lawful.audit.services import record, record_many, verify_chain

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
    return rows


if __name__ == "__main__":
    main()
