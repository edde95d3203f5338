"""Benchmark gathering an access pack for a person with a long history, among N people.

    .venv/bin/python bench/bench_rights_pack.py [--n 1000000] [--history 100] [--runs 30]
    .venv/bin/python bench/bench_rights_pack.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Sets up a throw-away database (as bench_people.py), an organisation with the parish
council example register in force, N people each with an email address (bulk insert,
as bench_people.py loads them), then gives one person a long history across every app:
`--history` each of aliases, contact points, purpose links (ended and open), rights
requests (whose details name a neighbour held, to be flagged) and three times as many
audit events. It times `gather_pack` (the records of every registry source, the
supplementary information from the register, and the search for other people named in
it; before the zip and the PDF), beside a hand-written lower bound: the same rows
fetched by direct SQL with no registry layer. Prints p50 and p95 of each.
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_people import FAMILY, GIVEN, email_as_entered  # noqa: E402
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_rights_pack"
CHUNK = 50_000
EXAMPLE = ROOT / "examples" / "parish-council.yaml"


def load_people(organisation, n: int) -> None:
    from django.db import transaction

    from lawful.people.models import ContactPoint, Person

    for start in range(0, n, CHUNK):
        ids = range(start, min(n, start + CHUNK))
        people = [
            Person(
                organisation=organisation,
                given_name=GIVEN[i % len(GIVEN)],
                family_name=FAMILY[(i * 7) % len(FAMILY)],
            )
            for i in ids
        ]
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=5000)
            ContactPoint.objects.bulk_create(
                [
                    ContactPoint(
                        organisation=organisation,
                        person=person,
                        kind=ContactPoint.Kind.EMAIL,
                        value=email_as_entered(i),
                        normalised=email_as_entered(i).lower(),
                        is_primary=True,
                    )
                    for i, person in zip(ids, people, strict=True)
                ],
                batch_size=5000,
            )
        print(f"  loaded {ids.stop:,} people", file=sys.stderr, flush=True)


def give_history(organisation, person, neighbour, history: int) -> None:
    """Hundreds of records of one person, in every app that joins the registry."""
    from django.db import transaction

    from lawful.audit.services import record_many
    from lawful.people.models import Alias, ContactPoint, PurposeLink
    from lawful.rights.models import RightsRequest

    start = date(2020, 1, 1)
    purposes = ["allotments", "hall-hire", "newsletters", "correspondence", "consultations"]
    with transaction.atomic():
        Alias.objects.bulk_create(
            Alias(organisation=organisation, person=person, name=f"Known As {i}")
            for i in range(history)
        )
        ContactPoint.objects.bulk_create(
            ContactPoint(
                organisation=organisation,
                person=person,
                kind=ContactPoint.Kind.EMAIL,
                value=f"history.{i}@example.org",
                normalised=f"history.{i}@example.org",
            )
            for i in range(history)
        )
        PurposeLink.objects.bulk_create(
            PurposeLink(
                organisation=organisation,
                person=person,
                purpose_id=purposes[i % len(purposes)],
                basis="consent",
                source="data-subject",
                since=start + timedelta(days=i),
                ended=start + timedelta(days=i + 1),
            )
            for i in range(history)
        )
        name = f"{neighbour.given_name} {neighbour.family_name}"
        RightsRequest.objects.bulk_create(
            RightsRequest(
                organisation=organisation,
                kind="access",
                received_on=start + timedelta(days=i),
                via="email",
                requester_name=f"{person.given_name} {person.family_name}",
                details=f"Request {i}: my neighbour {name} complained about my hedge.",
                person=person,
                status="completed",
            )
            for i in range(history)
        )
    record_many(
        (
            {"action": "view", "person": person.pk, "summary": f"viewed the record ({i})"}
            for i in range(3 * history)
        ),
        organisation=organisation,
    )


def lower_bound(organisation_id: int, person_id: int) -> int:
    """The same rows by direct SQL, no registry, no models: what any design must fetch."""
    from django.db import connection

    queries = [
        ("SELECT * FROM people_person WHERE id = %s AND organisation_id = %s", 2),
        ("SELECT * FROM people_alias WHERE person_id = %s AND organisation_id = %s", 2),
        ("SELECT * FROM people_contactpoint WHERE person_id = %s AND organisation_id = %s", 2),
        ("SELECT * FROM people_purposelink WHERE person_id = %s AND organisation_id = %s", 2),
        ("SELECT * FROM rights_rightsrequest WHERE person_id = %s AND organisation_id = %s", 2),
        (
            "SELECT * FROM audit_auditevent WHERE person_id = %s AND organisation_id = %s "
            "ORDER BY seq DESC",
            2,
        ),
    ]
    rows = 0
    with connection.cursor() as cursor:
        for sql, _ in queries:
            cursor.execute(sql, [person_id, organisation_id])
            rows += len(cursor.fetchall())
    return rows


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="people to load")
    parser.add_argument("--history", type=int, default=100, help="records of each kind")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", help="a PostgreSQL server; default: temporary SQLite")
    options = parser.parse_args()

    with throwaway_database(BENCH_DATABASE, options.database_url) as label:
        from django.db import connection

        from lawful.organisations.services import create_organisation
        from lawful.people.models import Person
        from lawful.rights.pack import gather_pack

        started = time.perf_counter()
        organisation = create_organisation(
            "bench", EXAMPLE.read_text(), today=date(2026, 11, 23), name="Bench Town Council"
        )
        load_people(organisation, options.n)
        people = Person.objects.for_org(organisation).order_by("pk")
        person, neighbour = people[options.n // 2], people[options.n // 3]
        # A name no one else has: the generated names repeat, and a name shared by many
        # people flags each of them (up to the search's limit).
        Person.objects.filter(pk=neighbour.pk).update(given_name="Neville", family_name="Hedgerow")
        neighbour.refresh_from_db()
        give_history(organisation, person, neighbour, options.history)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        loaded = time.perf_counter() - started

        pack = gather_pack(organisation, person)  # warm: caches, the parsed register
        records = pack.record_count()
        flagged = {m.other_person_id for m in pack.mentions}
        if neighbour.pk not in flagged:
            raise SystemExit("the neighbour named in the requests was not flagged")
        gather, bound = [], []
        for _ in range(options.runs):
            t = time.perf_counter()
            gather_pack(organisation, person)
            gather.append(time.perf_counter() - t)
            t = time.perf_counter()
            rows = lower_bound(organisation.pk, person.pk)
            bound.append(time.perf_counter() - t)

        print(
            f"\n{label}: {options.n:,} people; one person with {records:,} records in the "
            f"pack ({rows:,} rows by direct SQL), {len(pack.mentions)} mentions of others "
            f"flagged; loaded in {loaded:,.0f} s; {options.runs} runs\n"
        )
        print("| operation | p50 | p95 |")
        print("|---|---:|---:|")
        for name, values in (
            ("gather_pack (every source + supplementary + other people)", gather),
            ("lower bound: the same rows by direct SQL", bound),
        ):
            print(
                f"| {name} | {statistics.median(values) * 1e3:,.1f} ms "
                f"| {percentile(values, 0.95) * 1e3:,.1f} ms |"
            )
        ratio = statistics.median(gather) / statistics.median(bound)
        print(f"\nratio of p50s: {ratio:.1f}x")


if __name__ == "__main__":
    main()
