"""Benchmark casework at the issue's size: a caseworker's and a councillor's case list,
and case search over encrypted text (keyed word tokens), beside hand-written SQL as the
lower bound and plain-text LIKE (no encryption) as a comparison.

    .venv/bin/python bench/bench_casework.py [--cases 300000] [--correspondence 3000000]
    .venv/bin/python bench/bench_casework.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A throw-away database (bench/harness.py) with the councillors' office example register in
force, 10 caseworkers and a councillor per ward (5 wards), 5,000 people, N cases with
encrypted descriptions and M correspondence items (spread evenly over the cases) with
encrypted subjects and bodies, and the search tokens of all of it (lawful.casework.search),
bulk-inserted (COPY on PostgreSQL, executemany on SQLite; the token index built after the
load). Generating millions of distinct Fernet ciphertexts would take longer than the run:
a pool of distinct synthetic texts (Faker en_GB over an English word list) is encrypted
once with the organisation's real data key, and rows reuse those ciphertexts and their
tokens (each case's tokens are the union of its own texts', as the services write them).
The plain-text comparison keeps the same texts unencrypted in two extra tables.

One case, the oldest, has a description with a word no other text has ("pavilion"): the
former search (decrypting the 5,000 newest cases in scope) never found it.

Timed (p50, p95 of --runs):
- the list page's query (`filtered_cases`), first 51 rows, caseworker and councillor;
- `search_cases` for a rare word (one case) and a common word (about one case in ten), as
  the list page runs it for the councillor: the first 50 rows;
- lower bound: the same pages by direct SQL (token lookup by hand for search);
- without encryption: the same search as LIKE '%word%' over plain descriptions and bodies.
"""

import argparse
import os
import random
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
POOL_DESCRIPTIONS = 1000
POOL_BODIES = 3000
POOL_SUBJECTS = 300
RARE = "pavilion"
CHUNK_CASES = 5000


def _texts(seed: int):
    from faker import Faker
    from faker.providers.lorem.en_US import Provider as English

    fake = Faker("en_GB")
    Faker.seed(seed)
    words = [w for w in English.word_list if w != RARE]

    def text(sentences):
        return fake.paragraph(nb_sentences=sentences, ext_word_list=words)

    descriptions = [f"{text(1)} {fake.street_name()}" for _ in range(POOL_DESCRIPTIONS)]
    bodies = [f"{text(2)} {fake.first_name()}" for _ in range(POOL_BODIES)]
    subjects = [
        f"Re: {fake.sentence(nb_words=4, ext_word_list=words)}" for _ in range(POOL_SUBJECTS)
    ]
    return descriptions, bodies, subjects


def build(n_cases: int, n_items: int, plain: bool):
    from django.db import connection, transaction

    from lawful.crypto import envelope
    from lawful.organisations.models import Membership
    from lawful.organisations.services import create_organisation
    from lawful.people.models import Person
    from lawful.policy.search import text_tokens
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
    person_ids = [p.pk for p in people]
    key = envelope.active_key(org)
    descriptions, bodies, subjects = _texts(7)
    descriptions[0] = f"Rats under the {RARE} floor, reported by the groundsman"
    enc = {}
    toks = {}
    for kind, pool in (("d", descriptions), ("b", bodies), ("s", subjects)):
        enc[kind] = [str(key.encrypt_text(t)) for t in pool]
        toks[kind] = [text_tokens(key.search_key, t) for t in pool]
    rng = random.Random(11)
    start = date(2000, 1, 1)
    now = "2026-11-23 12:00:00"
    per_case = n_items // n_cases if n_cases else 0
    extra = n_items - per_case * n_cases
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX case_token_idx")
        if plain:
            cursor.execute(
                "CREATE TABLE bench_plain_case (id bigint PRIMARY KEY, description text)"
            )
            cursor.execute(
                "CREATE TABLE bench_plain_correspondence (case_id bigint, subject text, body text)"
            )
    case_cols = (
        "id, organisation_id, person_id, subject, description, category, ward, caseworker_id, "
        "councillor_id, status, opened_on, outcome, purpose_id, special_categories, "
        "special_category_condition, criminal_offence_condition, restricted, created_at, "
        "updated_at"
    )
    corr_cols = (
        "organisation_id, case_id, kind, sender, subject, body, received_on, message_id, created_at"
    )
    tok_cols = "organisation_id, case_id, token"
    counts = {"cases": 0, "correspondence": 0, "tokens": 0}
    raw = connection.connection
    for first in range(0, n_cases, CHUNK_CASES):
        case_rows, corr_rows, tok_rows, plain_case, plain_corr = [], [], [], [], []
        for i in range(first, min(n_cases, first + CHUNK_CASES)):
            pk = i + 1
            d = 0 if i == 0 else rng.randrange(1, POOL_DESCRIPTIONS)
            opened = start + timedelta(days=i * 9500 // n_cases)
            case_rows.append(
                (
                    pk,
                    org.pk,
                    person_ids[i % len(person_ids)],
                    f"{SUBJECTS[i % len(SUBJECTS)]} {i}",
                    enc["d"][d],
                    "housing",
                    WARDS[i % len(WARDS)],
                    workers[i % len(workers)].user_id,
                    None,
                    "closed" if i % 3 == 0 else "open",
                    opened,
                    "",
                    "casework",
                    "[]",
                    "",
                    "",
                    False,
                    now,
                    now,
                )
            )
            mine = set(toks["d"][d])
            if plain:
                plain_case.append((pk, descriptions[d]))
            for _ in range(per_case + (1 if i < extra else 0)):
                b, s = rng.randrange(POOL_BODIES), rng.randrange(POOL_SUBJECTS)
                corr_rows.append(
                    (
                        org.pk,
                        pk,
                        "email",
                        "resident@example.org",
                        enc["s"][s],
                        enc["b"][b],
                        opened,
                        "",
                        now,
                    )
                )
                mine |= toks["b"][b] | toks["s"][s]
                if plain:
                    plain_corr.append((pk, subjects[s], bodies[b]))
            tok_rows.extend((org.pk, pk, t) for t in sorted(mine))
        with transaction.atomic():
            _insert(raw, pg, "casework_case", case_cols, case_rows)
            _insert(raw, pg, "casework_correspondence", corr_cols, corr_rows)
            _insert(raw, pg, "casework_casesearchtoken", tok_cols, tok_rows)
            if plain:
                _insert(raw, pg, "bench_plain_case", "id, description", plain_case)
                _insert(raw, pg, "bench_plain_correspondence", "case_id, subject, body", plain_corr)
        counts["cases"] += len(case_rows)
        counts["correspondence"] += len(corr_rows)
        counts["tokens"] += len(tok_rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX case_token_idx ON casework_casesearchtoken "
            "(organisation_id, token, case_id)"
        )
        if plain:
            cursor.execute(
                "CREATE INDEX bench_plain_corr_case ON bench_plain_correspondence (case_id)"
            )
        if pg:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('casework_case', 'id'), %s)", [n_cases]
            )
        # As autovacuum leaves tables in service: statistics, and on PostgreSQL the
        # visibility map (without it an index-only scan of the tokens visits the heap).
        cursor.execute("VACUUM ANALYZE" if pg else "ANALYZE")
    return org, workers[0], councillors[0], counts


def _insert(raw, pg, table, cols, rows):
    if not rows:
        return
    if pg:
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(cols.split(",")))
        raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--correspondence", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-text tables")
    parser.add_argument("--database-url", help="a PostgreSQL server (default: temp SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
    if not os.environ.get("LAWFUL_MASTER_KEY"):
        from cryptography.fernet import Fernet

        os.environ["LAWFUL_MASTER_KEY"] = Fernet.generate_key().decode()
    plain = not args.no_plain

    with throwaway_database(BENCH_DATABASE, args.database_url) as label:
        from django.db import connection

        from lawful.casework.scope import search_cases
        from lawful.casework.views import PAGE_SIZE, filtered_cases
        from lawful.crypto import envelope
        from lawful.policy.search import token

        t = time.perf_counter()
        org, worker, councillor, counts = build(args.cases, args.correspondence, plain)
        built = time.perf_counter() - t
        key = envelope.active_key(org).search_key
        common = _common_word(connection, org.pk, key)

        def page(membership):
            return lambda: list(filtered_cases(membership, {}, membership.user)[: PAGE_SIZE + 1])

        def search(membership, word):
            return lambda: list(
                search_cases(filtered_cases(membership, {}, membership.user), word)[: PAGE_SIZE + 1]
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
        ward_scope = f"({mine} OR UPPER(c.ward) = UPPER(%s))"
        scope_args = [org.pk, councillor.user_id, councillor.user_id, councillor.ward]

        def by_token(word):
            return sql(
                f"SELECT {columns} {joins} WHERE c.organisation_id = %s AND {ward_scope} AND "
                "(UPPER(c.subject) LIKE UPPER(%s) OR c.id IN (SELECT t.case_id FROM "
                "casework_casesearchtoken t WHERE t.organisation_id = %s AND t.token = %s)) "
                f"{order}",
                [*scope_args, f"%{word}%", org.pk, token(key, word)],
            )

        def by_like(word):
            return sql(
                f"SELECT {columns} {joins} JOIN bench_plain_case p ON p.id = c.id "
                f"WHERE c.organisation_id = %s AND {ward_scope} AND (UPPER(c.subject) LIKE "
                "UPPER(%s) OR LOWER(p.description) LIKE %s OR EXISTS (SELECT 1 FROM "
                "bench_plain_correspondence b WHERE b.case_id = c.id AND (LOWER(b.body) LIKE %s "
                f"OR LOWER(b.subject) LIKE %s))) {order}",
                [*scope_args, f"%{word}%", *[f"%{word}%"] * 3],
            )

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
                    f"SELECT {columns} {joins} WHERE c.organisation_id = %s AND {ward_scope} "
                    + order,
                    scope_args,
                ),
            ),
        ]
        for word, what in (
            (RARE, "rare word (the oldest case)"),
            (common, f"common word ({common!r})"),
        ):
            rows += [
                (f"councillor's search, {what}: search_cases (tokens)", search(councillor, word)),
                ("lower bound: the same by direct SQL on the token index", by_token(word)),
            ]
            if plain:
                rows.append(
                    ("without encryption: LIKE over plain text (direct SQL)", by_like(word))
                )
        found = [c.pk for c in search(councillor, RARE)()]
        assert found == [1], f"the oldest case must be found by {RARE!r}: {found}"
        results = [(name, *timed(fn, args.runs)) for name, fn in rows]
        load = os.getloadavg()
        print(
            f"\n{label}: {counts['cases']:,} cases, {counts['correspondence']:,} correspondence, "
            f"{counts['tokens']:,} search tokens (built in {built:.0f} s), {args.runs} runs, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
        )
        print("| operation | p50 | p95 |\n|---|---:|---:|")
        for name, p50, p95 in results:
            print(f"| {name} | {p50:,.1f} ms | {p95:,.1f} ms |")


def _common_word(connection, org_id, key):
    """A word of the pool held by about one case in ten (the search that finds most)."""
    from lawful.policy.search import token, words

    _, bodies, _ = _texts(7)
    seen = {}
    for body in bodies:
        for w in words(body):
            seen[w] = seen.get(w, 0) + 1
    # In about 1% of bodies: with ten items a case, about one case in ten.
    target = len(bodies) // 100
    word = min(seen, key=lambda w: abs(seen[w] - target))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM casework_casesearchtoken "
            "WHERE organisation_id = %s AND token = %s",
            [org_id, token(key, word)],
        )
        assert cursor.fetchone()[0] > 0
    return word


if __name__ == "__main__":
    main()
