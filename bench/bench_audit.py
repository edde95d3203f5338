"""Benchmark the audit chains: audited changes a second beside plain inserts, and
`lawful audit verify` over a long chain.

    .venv/bin/python bench/bench_audit.py [--events 1000000] [--seconds 10]
                                          [--database-url postgres://postgres@127.0.0.1/postgres]

Runs against a throw-away database: by default a SQLite file in a temporary directory;
with --database-url, a database `lawful_bench` created (and dropped afterwards) on that
PostgreSQL server. The real chain rules and MACs throughout, with a throw-away key.

1. Writers, each its own process and connection (as gunicorn's workers are), commit one
   transaction after another for --seconds:
   - audited change: `record()` in its own transaction (written, sealed, committed);
   - plain insert: the same row, built the same way, into a table of the same columns
     with no chain, no seal and no head: the lower bound.
   With 1 and 8 writers in one organisation, and 8 writers across 8 organisations (one
   each); SQLite with 1 writer only (it has one writer at a time). Afterwards every chain
   is verified, and the events a crash-free run left awaiting their seal are counted.
2. One chain is filled to --events (record_many, COPY on PostgreSQL) and `lawful audit
   verify --org` runs as its own process over a tenth of it and over all of it: wall time
   and the process's peak memory (resource.getrusage of the child), to show memory stays
   flat.

Prints Markdown tables.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DB = "lawful_bench"
PLAIN_TABLE = "bench_plain_event"
SUMMARY = "changed fields: email, postcode"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to verify")
    parser.add_argument("--seconds", type=float, default=10, help="each throughput run")
    parser.add_argument("--database-url", help="a PostgreSQL server (default: temp SQLite)")
    parser.add_argument("--skip-verify", action="store_true", help="throughput only")
    args = parser.parse_args()
    # A throw-away key for a throw-away database.
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)

    with throwaway_database(BENCH_DB, args.database_url) as database:
        from django.db import connection

        sqlite = connection.vendor == "sqlite"
        organisations = make_organisations(8)
        make_plain_table()
        throughput = run_throughput(organisations, args.seconds, sqlite)
        verified = [] if args.skip_verify else run_verify(organisations[0], args.events)

    print(f"{database}, {os.cpu_count()} cores\n")
    print(f"Throughput ({args.seconds:g} s a run; one transaction a change):\n")
    print("| writers | organisations | plain inserts/s | audited changes/s | audited/plain "
          "| left awaiting seal |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|")
    for writers, orgs, plain, audited, waiting in throughput:
        print(
            f"| {writers} | {orgs} | {plain:,.0f} | {audited:,.0f} | {audited / plain:.0%} "
            f"| {waiting} |"
        )
    if verified:
        print("\n`lawful audit verify --org SLUG` (its own process):\n")
        print("| events in the chain | seconds | events/s | peak memory (MiB) |")
        print("|---:|---:|---:|---:|")
        for events, seconds, peak_mib in verified:
            print(f"| {events:,} | {seconds:.1f} | {events / seconds:,.0f} | {peak_mib:.0f} |")


def make_organisations(n: int) -> list[int]:
    from lawful.organisations.models import Organisation

    return [
        Organisation.objects.create(
            slug=f"bench-{i}", name=f"Bench {i}", kind="town-council", nation="england"
        ).pk
        for i in range(n)
    ]


def make_plain_table() -> None:
    """A table with the audit event's columns, types and foreign keys, and nothing else."""
    from django.db import connection, models

    from lawful.audit.models import AuditEvent

    attrs = {"__module__": __name__}
    for field in AuditEvent._meta.local_fields:
        name, path, args, kwargs = field.deconstruct()
        if field.is_relation:
            kwargs["related_name"] = "+"
        kwargs.pop("unique", None)
        attrs[name] = type(field)(*args, **kwargs)
    attrs["Meta"] = type("Meta", (), {"app_label": "audit", "db_table": PLAIN_TABLE})
    model = type("BenchPlainEvent", (models.Model,), attrs)
    with connection.schema_editor() as editor:
        editor.create_model(model)


# Throughput -----------------------------------------------------------------------------


def run_throughput(organisations, seconds, sqlite):
    scenarios = [(1, organisations[:1])]
    if not sqlite:
        scenarios += [(8, organisations[:1]), (8, organisations)]
    rows = []
    for writers, orgs in scenarios:
        plain = rate("plain", writers, orgs, seconds)
        audited = rate("audited", writers, orgs, seconds)
        rows.append((writers, len(orgs), plain, audited, check_chains(orgs)))
    return rows


def rate(kind: str, writers: int, orgs: list[int], seconds: float) -> float:
    from django.db import connections

    connections.close_all()  # each writer process opens its own connection
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    done = context.Queue()
    processes = [
        context.Process(target=writer, args=(kind, orgs[n % len(orgs)], n, seconds, start, done))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    counts = [done.get() for _ in processes]
    for process in processes:
        process.join()
    if any(isinstance(count, str) for count in counts):
        raise SystemExit(f"a writer failed: {counts}")
    return sum(counts) / seconds


def writer(kind, org_id, n, seconds, start, done) -> None:
    try:
        from django.db import connection, transaction

        from lawful.audit.events import AuditAction
        from lawful.audit.services import record

        connection.ensure_connection()
        write = plain_insert if kind == "plain" else record
        start.wait()
        until, count = time.monotonic() + seconds, 0
        while time.monotonic() < until:
            with transaction.atomic():
                write(AuditAction.CHANGE, organisation=org_id, person=n * 10**7 + count,
                      summary=SUMMARY)  # fmt: skip
            count += 1
        connection.close()
        done.put(count)
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        done.put(f"{type(exc).__name__}: {exc}")


def plain_insert(action, *, organisation, person, summary) -> None:
    """The row record() writes (contents and content MAC), without the chain."""
    from django.db import connection

    from lawful.audit.seals import audit_key
    from lawful.audit.services import _event_fields

    fields = _event_fields(audit_key(), action, None, None, person, summary,
                           organisation_id=organisation)  # fmt: skip
    fields["at"] = connection.ops.adapt_datetimefield_value(fields["at"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PLAIN_TABLE} ({', '.join(fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})",
            list(fields.values()),
        )


def check_chains(orgs: list[int]) -> int:
    """Verify each chain written to; return how many events were left awaiting their seal
    (then seal them, so the next run starts clean)."""
    from lawful.audit.services import seal, verify_chain

    waiting = 0
    for org_id in orgs:
        report = verify_chain(org_id)
        if not report.ok:
            raise SystemExit(f"chain broken: {report.reason}")
        waiting += report.awaiting_seal
        seal(org_id)
    return waiting


# Verification ---------------------------------------------------------------------------


def run_verify(org_id: int, events: int) -> list[tuple[int, float, float]]:
    from lawful.audit.events import AuditAction
    from lawful.audit.services import record_many
    from lawful.organisations.models import Organisation

    org = Organisation.objects.get(pk=org_id)
    rows = []
    for target in sorted({max(1, events // 10), events}):
        have = org.audit_events.count()
        entries = (
            {"action": AuditAction.VIEW, "person": n, "summary": SUMMARY}
            for n in range(max(0, target - have))
        )
        record_many(entries, organisation=org, batch_size=10000)
        rows.append(verify_in_own_process(org.slug, org.audit_events.count()))
    return rows


# Runs the command in a process of its own, then reports that process's peak memory.
VERIFY = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from lawful.cli import main
try:
    main(["audit", "verify", "--org", sys.argv[2]])
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def verify_in_own_process(slug: str, events: int) -> tuple[int, float, float]:
    from django.db import connections

    connections.close_all()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", VERIFY, str(ROOT), slug], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"verify failed: {done.stderr or done.stdout}")
    peak_kib = int(done.stderr.split()[-1])  # Linux reports ru_maxrss in KiB
    return events, seconds, peak_kib / 1024


if __name__ == "__main__":
    main()
