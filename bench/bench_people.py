"""Benchmark people at national scale: normalising, loading and matching contact details.

    .venv/bin/python bench/bench_people.py [--n 1000000] [--lookups 10000] [--seed 2026]
    .venv/bin/python bench/bench_people.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Sets up a throw-away database (a temporary SQLite file by default; with --database-url,
a database `lawful_bench_people` created beside the one named and dropped afterwards),
loads N people each with an email address and a mobile number, normalising every value
through lawful.people.normalise (timed apart from the inserts), then times
`find_by_contact` for randomly chosen people's emails and phones written in another form
("  ALICE.JONES.17@EXAMPLE.ORG ", "+44 7900 000017").

The load uses bulk_create, as `lawful.people.demo` does, without an audit event per row:
it measures the storage and the matching, not the audit chain (bench_audit.py does).
Prints a Markdown table: | operation | n | seconds | per item |.
"""

import argparse
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_people"
CHUNK = 50_000

GIVEN = ["Alice", "Bob", "Carol", "David", "Eleri", "Fatima", "George", "Hannah", "Idris",
         "Jasmine", "Kwame", "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sian",
         "Tomasz", "Uzma", "Wei", "Yusuf", "Zoe", "Aled", "Bronwen", "Ciaran"]  # fmt: skip
FAMILY = ["Jones", "Smith", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
          "Thomas", "Roberts", "Khan", "Patel", "O'Neill", "Morgan", "Hughes", "Lewis",
          "Walker", "Campbell", "Nowak", "Chen", "Okafor", "MacDonald", "Price",
          "Singh"]  # fmt: skip


def email_as_entered(i: int) -> str:
    family = FAMILY[(i * 7) % len(FAMILY)].replace("'", "")
    return f"{GIVEN[i % len(GIVEN)]}.{family}.{i}@Example.org"


def phone_as_entered(i: int) -> str:
    # 07900 000000 to 07909 999999: ten million valid UK mobile numbers.
    national = f"0790{i:07d}"
    return f"{national[:5]} {national[5:]}"


def phone_written_otherwise(i: int, rng: random.Random) -> str:
    digits = f"790{i:07d}"
    return rng.choice(
        [
            f"+44 {digits[:4]} {digits[4:]}",
            f"0044 {digits[:4]} {digits[4:]}",
            f"+44 (0){digits[:4]}-{digits[4:7]}-{digits[7:]}",
            f"(0{digits[:4]}) {digits[4:]}",
        ]
    )


class Timings:
    def __init__(self):
        self.rows: list[tuple[str, int, float]] = []
        self.totals: dict[str, list] = {}

    @contextmanager
    def add(self, operation: str, n: int):
        """Time a block, adding to the operation's total (for work done in chunks)."""
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        if operation not in self.totals:
            self.totals[operation] = [n, elapsed]
            self.rows.append((operation, 0, 0.0))
        else:
            self.totals[operation][0] += n
            self.totals[operation][1] += elapsed

    def table(self) -> str:
        lines = ["| operation | n | seconds | per item |", "|---|---:|---:|---:|"]
        for operation, _, _ in self.rows:
            n, seconds = self.totals[operation]
            per = seconds / n if n else 0.0
            per_text = f"{per * 1e6:,.1f} µs" if per < 0.01 else f"{per * 1e3:,.2f} ms"
            lines.append(f"| {operation} | {n:,} | {seconds:,.2f} | {per_text} |")
        return "\n".join(lines)


def bench_organisation():
    """The one organisation the people are loaded into (made on first use)."""
    from lawful.organisations.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench Town Council", "kind": "town-council"}
    )
    return organisation


def load(n: int, timings: Timings) -> None:
    from django.db import transaction

    from lawful.people.models import ContactPoint, Person
    from lawful.people.normalise import normalise_email, normalise_phone

    organisation = bench_organisation()

    email, phone = ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE
    for start in range(0, n, CHUNK):
        ids = range(start, min(n, start + CHUNK))
        emails = [email_as_entered(i) for i in ids]
        phones = [phone_as_entered(i) for i in ids]
        with timings.add("normalise email", len(ids)):
            normal_emails = [normalise_email(e) for e in emails]
        with timings.add("normalise phone (phonenumbers, E.164)", len(ids)):
            normal_phones = [normalise_phone(p) for p in phones]
        people = [
            Person(
                organisation=organisation,
                given_name=GIVEN[i % len(GIVEN)],
                family_name=FAMILY[(i * 7) % len(FAMILY)],
            )
            for i in ids
        ]
        with timings.add("insert people (bulk_create)", len(ids)), transaction.atomic():
            Person.objects.bulk_create(people, batch_size=5000)
        points = []
        for k, person in enumerate(people):
            points.append(
                ContactPoint(
                    organisation=organisation,
                    person=person,
                    kind=email,
                    value=emails[k],
                    normalised=normal_emails[k],
                    is_primary=True,
                )
            )
            points.append(
                ContactPoint(
                    organisation=organisation,
                    person=person,
                    kind=phone,
                    value=phones[k],
                    normalised=normal_phones[k],
                    is_primary=True,
                )
            )
        with timings.add("insert contact points (bulk_create)", len(points)), transaction.atomic():
            ContactPoint.objects.bulk_create(points, batch_size=5000)
        print(f"  loaded {ids.stop:,} people", file=sys.stderr, flush=True)


def lookups(n: int, count: int, seed: int, timings: Timings) -> None:
    from lawful.people.models import Person
    from lawful.people.services import find_by_contact

    organisation = bench_organisation()
    rng = random.Random(seed)
    chosen = [rng.randrange(n) for _ in range(count)]
    by_email = [(i, f"  {email_as_entered(i).upper()} ") for i in chosen[: count // 2]]
    by_phone = [(i, phone_written_otherwise(i, rng)) for i in chosen[count // 2 :]]
    first_pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    for label, cases in (("email", by_email), ("phone", by_phone)):
        found = []
        with timings.add(f"find_by_contact ({label} written otherwise)", len(cases)):
            for _, value in cases:
                found.append(
                    list(find_by_contact(organisation, value).values_list("pk", flat=True))
                )
        # Correctness, outside the timing: each finds exactly the person it was made for.
        wrong = [v for (i, v), pks in zip(cases, found, strict=True) if pks != [first_pk + i]]
        if wrong:
            raise SystemExit(f"{len(wrong)} {label} lookups found the wrong people: {wrong[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="people to load")
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to use (any database on it); default: temporary SQLite",
    )
    options = parser.parse_args()

    with throwaway_database(BENCH_DATABASE, options.database_url) as label:
        from django.db import connection

        timings = Timings()
        started = time.perf_counter()
        load(options.n, timings)
        with timings.add("analyse tables (planner statistics)", 1), connection.cursor() as c:
            c.execute("ANALYZE")
        lookups(options.n, options.lookups, options.seed, timings)
        total = time.perf_counter() - started
        print(f"\n{label}: {options.n:,} people, {2 * options.n:,} contact points; "
              f"{total:,.0f} s in all\n")  # fmt: skip
        print(timings.table())


if __name__ == "__main__":
    main()
