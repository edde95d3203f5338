"""Benchmark the rights desk at national scale: matching a requester, erasing one person.

    .venv/bin/python bench/bench_rights.py [--n 1000000] [--matches 2000] [--erasures 200]
    .venv/bin/python bench/bench_rights.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Loads N people with an email address and a mobile number each (bench_people.load), into
an organisation whose register has a consent purpose and a recipient. Then:

- matching: a requester gives a name, an email address and a phone number, written
  otherwise than stored, received as a request (intake normalises them); timed is
  `lawful.rights.matching.candidates(request)`, beside the lower bound: the same
  indexed lookups as hand-written SQL, and fetching the people found;
- erasure: people given a history through the services (a postal address, an alias, two
  purposes, two disclosures, their audit events) are erased with `lawful.registry.erase`
  (every app, one transaction, the commit and SQLite's WAL checkpoint included), beside
  the lower bound: the DELETE/UPDATE statements alone that erasure needs, in one
  transaction (on SQLite then the WAL checkpoint erasure owes), on other people
  prepared the same way.

Prints p50/p95 per operation, and the ratio to its bound.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_people import (  # noqa: E402
    FAMILY,
    GIVEN,
    Timings,
    email_as_entered,
    load,
    phone_written_otherwise,
)
from harness import throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_rights"

REGISTER = """
controller: {name: Bench Town Council, address: A, ico_registration: Z1,
             data_protection_lead: {name: L}}
notice: {review_cycle: yearly, next_review: 2030-01-01,
         versions: [{version: "1", status: adopted, date: 2020-01-01, minute: "1"}]}
recipients:
  - {id: district-council, name: The district council, role: controller, why: Their matters.}
purposes:
  - id: newsletters
    name: Newsletters
    description: Our newsletter.
    data_subjects: [residents]
    data_categories: [name, address, contact-details]
    sources: [data-subject]
    direct_marketing: true
    marketing_channels: [email]
    lawful_basis: consent
    requirement: {kind: voluntary, consequence: We will not send you the newsletter.}
    retention: {trigger: opt-out}
    recipients: [district-council]
  - id: events
    name: Events
    description: Our events.
    data_subjects: [residents]
    data_categories: [name, contact-details]
    sources: [data-subject]
    lawful_basis: consent
    requirement: {kind: voluntary, consequence: None.}
    retention: {trigger: opt-out}
"""


def requester(i: int, rng: random.Random) -> dict:
    family = FAMILY[(i * 7) % len(FAMILY)]
    return {
        "name": f"{GIVEN[i % len(GIVEN)]} {family}",
        "email": f"  {email_as_entered(i).upper()} ",
        "phone": phone_written_otherwise(i, rng),
    }


def receive(organisation, who: dict):
    """The requester's request, as intake stores it (its details normalised)."""
    from lawful.rights.services import receive_request

    return receive_request(
        organisation,
        kind="access",
        received_on="2026-11-02",
        via="email",
        requester=who,
        actor=None,
    )


def candidates_bound(cursor, rights_request) -> set[int]:
    """The lookups `lawful.rights.matching.candidates` makes, as hand-written SQL over
    the same indexes (email, phone, name, alias), and fetching the people found."""
    from django.db import connection

    from lawful.people.keys import fold
    from lawful.rights.matching import split_name

    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    org = rights_request.organisation_id
    found = set()
    for kind, value in (
        ("email", rights_request.email_normalised),
        ("phone", rights_request.phone_normalised),
    ):
        cursor.execute(
            "SELECT person_id FROM people_contactpoint"
            " WHERE organisation_id = %s AND kind = %s AND normalised = %s",
            [org, kind, value],
        )
        found.update(row[0] for row in cursor.fetchall())
    given, family = split_name(rights_request.requester_name)
    cursor.execute(
        f"SELECT id FROM people_person WHERE organisation_id = %s"  # noqa: S608 (no input)
        f" AND UPPER(family_name){collate} = %s AND UPPER(given_name){collate} = %s"
        " ORDER BY id LIMIT 50",
        [org, fold(family), fold(given)],
    )
    found.update(row[0] for row in cursor.fetchall())
    cursor.execute(
        f"SELECT person_id FROM people_alias WHERE organisation_id = %s"  # noqa: S608
        f" AND UPPER(name){collate} = %s LIMIT 50",
        [org, fold(rights_request.requester_name)],
    )
    found.update(row[0] for row in cursor.fetchall())
    ids = sorted(found)
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f"SELECT * FROM people_person WHERE organisation_id = %s AND id IN ({marks})"  # noqa: S608
        " AND erased_at IS NULL",
        [org, *ids],
    )
    return {row[0] for row in cursor.fetchall()}


def give_history(organisation, pks: list[int]) -> None:
    """A postal address, an alias, two purposes, two disclosures and a rights request
    each, as the services write them (audited)."""
    from lawful.disclosures.services import record_disclosure
    from lawful.people import services
    from lawful.people.models import Person
    from lawful.rights.services import record_event

    for k, person in enumerate(Person.objects.filter(pk__in=pks)):
        services.add_contact_point(
            person,
            actor=None,
            kind="postal",
            value=f"ZE{k % 9 + 1} {k % 10}AA",
            address_lines=f"{k} Bench Street\nBenchtown",
        )
        services.add_alias(person, actor=None, name=f"Bench Alias {k}")
        for purpose in ("newsletters", "events"):
            services.link_purpose(
                person, actor=None, purpose_id=purpose, basis="consent", source="data-subject"
            )
        for what in ("name and address", "email address"):
            record_disclosure(person, actor=None, recipient_id="district-council", what=what)
        who = {"name": f"{person.given_name} {person.family_name}", "email": f"x{k}@example.org"}
        rights_request = receive(organisation, who)
        record_event(
            rights_request, type="person-confirmed", on="2026-11-03", actor=None, person=person.pk
        )


def erase_bound(pk: int, today: date) -> None:
    """The statements erasure needs, alone, in one transaction; on SQLite followed by
    the WAL checkpoint that erasure owes too (no copy of the erased rows left in the
    -wal file: lawful.security.sqlite)."""
    from django.db import connection, transaction
    from django.utils import timezone

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_contactpoint WHERE person_id = %s", [pk])
        cursor.execute("DELETE FROM people_alias WHERE person_id = %s", [pk])
        cursor.execute(
            "UPDATE rights_rightsrequest SET requester_name = '[erased]', requester_email = '',"
            " requester_phone = '', requester_postcode = '', requester_address_lines = '',"
            " email_normalised = '', phone_normalised = '', postcode_normalised = '',"
            " details = '', agent_name = '', agent_relationship = '' WHERE person_id = %s",
            [pk],
        )
        cursor.execute(
            "UPDATE people_purposelink SET ended = %s WHERE person_id = %s AND ended IS NULL",
            [today, pk],
        )
        cursor.execute(
            "UPDATE people_person SET title = '', given_name = '', family_name = '',"
            " ward = '', erased_at = %s, updated_at = %s WHERE id = %s",
            [timezone.now(), timezone.now(), pk],
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def timed(samples: list[float], call, *args):
    start = time.perf_counter()
    result = call(*args)
    samples.append(time.perf_counter() - start)
    return result


def bench_matching(organisation, n: int, count: int, rng: random.Random) -> dict:
    from django.db import connection

    from lawful.people.models import Person
    from lawful.rights.matching import candidates

    first_pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    chosen = [rng.randrange(n) for _ in range(count)]
    requests = [(i, receive(organisation, requester(i, rng))) for i in chosen]
    real, bound = [], []
    with connection.cursor() as cursor:
        for i, rights_request in requests:
            found = timed(real, candidates, rights_request)
            floor = timed(bound, candidates_bound, cursor, rights_request)
            if found[0].person.pk != first_pk + i or first_pk + i not in floor:
                raise SystemExit(f"matching did not rank person {i} first")
    return {"match a requester: candidates(request) (email, phone, name)": (real, bound)}


def bench_erasure(organisation, n: int, count: int, rng: random.Random) -> dict:
    from django.utils import timezone

    from lawful import registry
    from lawful.people.models import ContactPoint, Person

    first_pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    chosen = rng.sample(range(n), 2 * count)
    pks = [first_pk + i for i in chosen]
    give_history(organisation, pks)
    real, bound = [], []
    today = timezone.localdate()
    for pk in pks[:count]:
        person = Person.objects.get(pk=pk)
        timed(real, registry.erase, organisation, person, None)
    for pk in pks[count:]:
        timed(bound, erase_bound, pk, today)
    left = ContactPoint.objects.filter(person_id__in=pks).count()
    if left:
        raise SystemExit(f"{left} contact points left after erasing")
    return {"erase one person (every app, registry.erase)": (real, bound)}


def report(label: str, n: int, results: dict) -> str:
    lines = [
        f"{label}: {n:,} people",
        "",
        "| operation | runs | p50 ms | p95 ms | lower bound p50 ms | p95 ms | p50 ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for operation, (real, bound) in results.items():
        r50, r95 = percentiles(real)
        b50, b95 = percentiles(bound)
        lines.append(
            f"| {operation} | {len(real):,} | {r50 * 1e3:.2f} | {r95 * 1e3:.2f} "
            f"| {b50 * 1e3:.2f} | {b95 * 1e3:.2f} | {r50 / b50:.1f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="people to load")
    parser.add_argument("--matches", type=int, default=2000)
    parser.add_argument("--erasures", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to use (any database on it); default: temporary SQLite",
    )
    options = parser.parse_args()

    with throwaway_database(BENCH_DATABASE, options.database_url) as label:
        from django.db import connection

        from lawful.organisations.services import create_organisation

        started = time.perf_counter()
        organisation = create_organisation("bench", REGISTER, today=date(2026, 11, 25))
        load(options.n, Timings())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  loaded in {time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)
        rng = random.Random(options.seed)
        results = bench_matching(organisation, options.n, options.matches, rng)
        results |= bench_erasure(organisation, options.n, options.erasures, rng)
        print()
        print(report(label, options.n, results))


if __name__ == "__main__":
    main()
