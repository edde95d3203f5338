"""Benchmark the do-not-contact (suppression) check at scale: the audience, one
person's decision, and a bulk grant, with the list holding entries.

    .venv/bin/python bench/bench_suppression.py [--n 100000] [--entries 1000]
    .venv/bin/python bench/bench_suppression.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A throw-away database (SQLite by default) with one organisation (the campaign-network
example register), N people each with an email address and a mobile number, and
ENTRIES do-not-contact entries (half for people held, objections to direct marketing;
half for details nobody holds). Times record_consents_bulk (email consent for all N, the
suppressed left out), suppressed_people over the organisation, audience() for the
purpose on email (count and reasons), and may_contact for 200 people.
Prints a Markdown table: | operation | n | seconds |.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, throwaway_database  # noqa: E402

PURPOSE = "keeping-in-touch"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    os.environ.setdefault("LAWFUL_SUPPRESSION_KEY", "bench-only-suppression-key")
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "x" * 40)
    with throwaway_database("lawful_bench_suppression", args.database_url) as label:
        run(args.n, args.entries, label)


def timed(rows, operation, n, fn):
    start = time.perf_counter()
    result = fn()
    rows.append((operation, n, time.perf_counter() - start))
    return result


def run(n: int, entries: int, label: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from lawful.consent.contact import audience, may_contact
    from lawful.consent.services import record_consents_bulk, suppressed_people
    from lawful.notices.services import import_document_control
    from lawful.organisations.models import Organisation
    from lawful.people.models import ContactPoint, Person
    from lawful.policy.register import parse_register
    from lawful.suppression.models import SuppressionEntry
    from lawful.suppression.services import _digest

    org = Organisation.objects.create(
        slug="riverside", name="Riverside Network", kind="town-council", nation="england"
    )
    register, problems = parse_register((ROOT / "examples/campaign-network.yaml").read_text())
    assert register is not None, problems
    import_document_control(org, register)
    rows = []

    def load():
        with transaction.atomic():
            people = [
                Person(organisation=org, given_name="Sam", family_name=f"Resident{i}")
                for i in range(n)
            ]
            Person.objects.bulk_create(people, batch_size=5000)
            points = []
            for i, person in enumerate(people):
                for kind, value in (
                    ("email", f"resident{i}@example.org"),
                    ("phone", f"+4479{i:08d}"),
                ):
                    point = ContactPoint(
                        organisation=org, person=person, kind=kind, value=value,
                        normalised=value, is_primary=True,
                    )  # fmt: skip
                    if hasattr(point, "set_suppression_digest"):
                        point.set_suppression_digest(person.family_name)
                    points.append(point)
            ContactPoint.objects.bulk_create(points, batch_size=5000)
            today = timezone.localdate()
            half = entries // 2
            SuppressionEntry.objects.bulk_create(
                SuppressionEntry(
                    organisation=org,
                    kind="email",
                    digest=_digest(org.pk, "email", f"resident{i * (n // half)}@example.org")
                    if j < half
                    else _digest(org.pk, "email", f"nobody{j}@example.net"),
                    reason="objection-to-marketing",
                    created_on=today,
                )
                for j, i in enumerate(range(entries))
            )

    timed(rows, "load people, contact points and entries", n, load)
    ids = list(Person.objects.for_org(org).values_list("pk", flat=True))
    result = timed(
        rows,
        "record_consents_bulk (email)",
        n,
        lambda: record_consents_bulk(
            org, ids, purpose=PURPOSE, channels=["email"], method="import",
            evidence="bench", wording="bench",
        ),
    )  # fmt: skip
    found = timed(rows, "suppressed_people (whole organisation)", n, lambda: suppressed_people(org))

    def whole():
        a = audience(org, PURPOSE, "email")
        return a.count, a.excluded

    count, excluded = timed(rows, "audience: count and reasons", n, whole)
    sample = list(Person.objects.for_org(org).order_by("pk")[:200])
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            for p in sample[:20]:
                may_contact(org, p, PURPOSE, "email")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    timed(
        rows,
        "may_contact, 200 people",
        200,
        lambda: [may_contact(org, p, PURPOSE, "email").allowed for p in sample],
    )
    print(f"\n{label}: {n:,} people, {entries:,} do-not-contact entries\n")
    print("| operation | n | seconds |\n|---|---:|---:|")
    for operation, k, seconds in rows:
        print(f"| {operation} | {k:,} | {seconds:.2f} |")
    print(
        f"\nskipped by the bulk grant: {result.skipped}; suppressed people: {len(found)}; "
        f"audience {count:,}, excluded {excluded}"
    )


if __name__ == "__main__":
    main()
