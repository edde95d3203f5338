"""Benchmark casework: a caseworker's and a councillor's case list, and case search, over
N cases, beside hand-written SQL as the lower bound.

    .venv/bin/python bench/bench_casework.py [--cases 50000] [--runs 30]
    .venv/bin/python bench/bench_casework.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A throw-away database (bench/harness.py) with the councillors' office example register in
force, 10 caseworkers and a councillor per ward (5 wards), 5,000 people and N cases with
encrypted descriptions (lawful.crypto, a throw-away master key), bulk-inserted. Timed:

- the list page's query: `filtered_cases` (Case.objects.visible_to + the filters), the
  first 51 rows with their caseworker and councillor, for a caseworker and a councillor;
- search: `search_cases` for a word, which matches subjects in SQL and decrypts the
  descriptions of the cases in the caller's scope (at most 5,000) to search them;
- the lower bound: the same rows by direct SQL (subject LIKE for search: it cannot see
  inside the encrypted descriptions).

Prints p50 and p95 of each as a Markdown table.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_casework"
EXAMPLE = ROOT / "examples" / "councillors-office.yaml"
WARDS = ["Northgate", "Southgate", "Eastgate", "Westgate", "Riverside"]
SUBJECTS = [
    "Damp and mould",
    "Noise from a neighbour",
    "Benefits appeal",
    "Pothole",
    "Missed bin collection",
    "School transport",
    "Broken boiler",
    "Parking permit",
]
CHUNK = 10_000


def build(n_cases: int):
    from django.db import transaction

    from lawful.casework.models import Case
    from lawful.organisations.models import Membership
    from lawful.organisations.services import create_organisation
    from lawful.people.models import Person
    from lawful.staff.models import StaffUser

    org = create_organisation("bench-office", EXAMPLE.read_text(), today=date(2026, 11, 23))
    workers, councillors = [], []
    for i in range(10):
        user = StaffUser.objects.create_user(username=f"worker{i}", role="caseworker")
        workers.append(Membership.objects.create(user=user, organisation=org, role="caseworker"))
    for ward in WARDS:
        user = StaffUser.objects.create_user(username=f"cllr-{ward.lower()}", role="councillor")
        councillors.append(
            Membership.objects.create(user=user, organisation=org, role="councillor", ward=ward)
        )
    people = Person.objects.bulk_create(
        [Person(organisation=org, given_name="Resident", family_name=f"N{i}") for i in range(5000)]
    )
    start = date(2020, 1, 1)
    for first in range(0, n_cases, CHUNK):
        rows = []
        for i in range(first, min(n_cases, first + CHUNK)):
            rows.append(
                Case(
                    organisation=org,
                    person=people[i % len(people)],
                    subject=f"{SUBJECTS[i % len(SUBJECTS)]} {i}",
                    description=f"Case {i}: the resident needs help; "
                    + ("the boiler failed in winter." if i % 97 == 0 else "nothing unusual."),
                    category="housing",
                    ward=WARDS[i % len(WARDS)],
                    caseworker=workers[i % len(workers)].user,
                    status="closed" if i % 3 == 0 else "open",
                    opened_on=start + timedelta(days=i % 2000),
                    purpose_id="casework",
                    special_categories=["health"] if i % 5 == 0 else [],
                )
            )
        with transaction.atomic():
            Case.objects.bulk_create(rows, batch_size=2000)
    return org, workers[0], councillors[0]


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: temp SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
    if not os.environ.get("LAWFUL_MASTER_KEY"):
        from cryptography.fernet import Fernet

        os.environ["LAWFUL_MASTER_KEY"] = Fernet.generate_key().decode()

    with throwaway_database(BENCH_DATABASE, args.database_url) as label:
        from django.db import connection

        from lawful.casework.scope import search_cases
        from lawful.casework.views import PAGE_SIZE, filtered_cases

        t = time.perf_counter()
        org, worker, councillor = build(args.cases)
        built = time.perf_counter() - t

        def page(membership):
            return lambda: list(filtered_cases(membership, {}, membership.user)[: PAGE_SIZE + 1])

        def search(membership, word):
            return lambda: list(
                search_cases(filtered_cases(membership, {}, membership.user), word)[:PAGE_SIZE]
            )

        def sql(query, params):
            def run():
                with connection.cursor() as cursor:
                    cursor.execute(query, params)
                    return cursor.fetchall()

            return run

        columns = (
            "c.id, c.subject, c.category, c.ward, c.status, c.opened_on, c.due_on, "
            "w.username, k.username"
        )
        joins = (
            "FROM casework_case c LEFT JOIN staff_staffuser w ON w.id = c.caseworker_id "
            "LEFT JOIN staff_staffuser k ON k.id = c.councillor_id"
        )
        order = f"ORDER BY c.opened_on DESC, c.id DESC LIMIT {PAGE_SIZE + 1}"
        mine = "(c.caseworker_id = %s OR c.councillor_id = %s)"
        rows = [
            ("caseworker's case list (visible_to + filters)", page(worker)),
            (
                "lower bound: the same page by direct SQL",
                sql(
                    f"SELECT {columns} {joins} WHERE c.organisation_id = %s AND {mine} {order}",
                    [org.pk, worker.user_id, worker.user_id],
                ),
            ),
            ("councillor's case list (ward or given)", page(councillor)),
            (
                "lower bound: the same page by direct SQL",
                sql(
                    f"SELECT {columns} {joins} WHERE c.organisation_id = %s AND "
                    f"({mine} OR UPPER(c.ward) = UPPER(%s)) {order}",
                    [org.pk, councillor.user_id, councillor.user_id, councillor.ward],
                ),
            ),
            ("caseworker's search, subject and decrypted description", search(worker, "boiler")),
            (
                "lower bound: subject LIKE by direct SQL (cannot see descriptions)",
                sql(
                    f"SELECT {columns} {joins} WHERE c.organisation_id = %s AND {mine} "
                    f"AND UPPER(c.subject) LIKE UPPER(%s) {order}",
                    [org.pk, worker.user_id, worker.user_id, "%boiler%"],
                ),
            ),
        ]
        results = [(name, *timed(fn, args.runs)) for name, fn in rows]
        print(f"\n{label}: {args.cases:,} cases (built in {built:.0f} s), {args.runs} runs\n")
        print("| operation | p50 | p95 |\n|---|---:|---:|")
        for name, p50, p95 in results:
            print(f"| {name} | {p50:,.1f} ms | {p95:,.1f} ms |")


if __name__ == "__main__":
    main()
