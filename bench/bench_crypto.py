"""Benchmark the encryption at rest: short case descriptions encrypted and decrypted,
written and read through EncryptedTextField beside plain text, and an organisation's key
rotation.

    .venv/bin/python bench/bench_crypto.py [--n 100000] [--batch 500]
    .venv/bin/python bench/bench_crypto.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Rows of the tests' SecretNote model (tests.crypto_app): the same description in `body`
(EncryptedTextField) or in `title` (a plain CharField, the lower bound). Writes are
bulk_create in chunks of 5,000 (the field encrypts each row as it is inserted); reads are
values_list() of the whole organisation (each value decrypted as it is read, from a warm
key cache). Rotation: `rotate_organisation` over the N encrypted rows, in batches (without its fixed
wait of LAWFUL_ACTIVE_KEY_SECONDS for other processes, of which there are none here).
Prints Markdown tables.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_crypto"
CHUNK = 5_000

PROBLEMS = [
    "Damp and mould in the back bedroom",
    "Housing repair outstanding since March",
    "Anti-social behaviour from the neighbour at number",
    "Benefits appeal: PIP refused",
    "Blue badge renewal delayed",
    "School transport for a disabled child",
    "Noise complaint about late deliveries",
    "Fly-tipping behind the garages at",
    "Council tax arrears and a payment plan",
    "Streetlight out on the footpath by",
]
DETAILS = ["asthma worse", "carer's allowance stopped", "police informed", "GP letter enclosed",
           "landlord not responding", "wheelchair access", "awaiting OT assessment",
           "reported twice before", "urgent: child at home", "interpreter needed"]  # fmt: skip


def descriptions(n: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(PROBLEMS)} {rng.randint(1, 200)}; {rng.choice(DETAILS)} (ref {i})"
        for i in range(n)
    ]


def timed(label, n, fn, rows):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    rows.append((label, n, seconds))
    return result


def table(rows, unit="per item µs"):
    print(f"| operation | n | seconds | {unit} |\n|---|---:|---:|---:|")
    for label, n, seconds in rows:
        print(f"| {label} | {n:,} | {seconds:.2f} | {seconds / n * 1e6:.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="rotation batch size")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    texts = descriptions(args.n)

    with throwaway_database(BENCH_DATABASE, args.database_url, "bench_crypto_settings") as label:
        from django.db import connection

        from lawful.crypto import envelope
        from lawful.crypto.services import data_key_for, rotate_organisation
        from lawful.organisations.models import Organisation
        from tests.crypto_app.models import SecretNote

        org = Organisation.objects.create(name="Bench Council", slug="bench", kind="parish")
        key = data_key_for(org)
        print(f"\n{label}; {args.n:,} descriptions of {sum(map(len, texts)) // len(texts)} "
              "characters on average\n")  # fmt: skip

        memory = []
        timed("plain: encode to UTF-8 (lower bound)", args.n,
              lambda: [t.encode() for t in texts], memory)  # fmt: skip
        tokens = timed("encrypt (Fernet, data key cached)", args.n,
                       lambda: [key.encrypt_text(t) for t in texts], memory)  # fmt: skip
        plain = timed("decrypt (envelope.decrypt_text)", args.n,
                      lambda: [envelope.decrypt_text(t) for t in tokens], memory)  # fmt: skip
        assert plain == texts
        print("In memory:\n")
        table(memory)

        database = []

        def insert(field):
            for start in range(0, args.n, CHUNK):
                SecretNote.objects.bulk_create(
                    SecretNote(organisation=org, **{field: t}) for t in texts[start : start + CHUNK]
                )

        timed("insert, plain text column (bulk_create)", args.n,
              lambda: insert("title"), database)  # fmt: skip
        timed("insert, EncryptedTextField (bulk_create)", args.n,
              lambda: insert("body"), database)  # fmt: skip
        plain_rows = SecretNote.objects.filter(organisation=org).exclude(title="")
        secret_rows = SecretNote.objects.filter(organisation=org, title="")
        got = timed("read, plain text column (values_list)", args.n,
                    lambda: list(plain_rows.values_list("title", flat=True)), database)  # fmt: skip
        assert len(got) == args.n
        envelope.forget()
        got = timed("read, EncryptedTextField (values_list, cold key)", args.n,
                    lambda: list(secret_rows.values_list("body", flat=True)), database)  # fmt: skip
        assert sorted(got) == sorted(texts)
        with connection.cursor() as cursor:
            table_name = SecretNote._meta.db_table
            cursor.execute(
                f"SELECT AVG(LENGTH(title)), AVG(LENGTH(body)) FROM {table_name} "
                f"WHERE title <> '' OR body <> ''"
            )
            cursor.execute(
                f"SELECT (SELECT AVG(LENGTH(title)) FROM {table_name} WHERE title <> ''), "
                f"(SELECT AVG(LENGTH(body)) FROM {table_name} WHERE body <> '')"
            )
            plain_len, secret_len = cursor.fetchone()
        print("\nThrough the database:\n")
        table(database)
        print(f"\nStored size: {float(plain_len):.0f} characters plain, "
              f"{float(secret_len):.0f} encrypted (lk1:<key id>:<Fernet token>).")  # fmt: skip

        if connection.vendor == "postgresql":
            # As autovacuum would after a load this size: without statistics the planner
            # sorts the whole organisation for each batch instead of walking the primary key.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {SecretNote._meta.db_table}")
        rotation = []
        # Without the fixed wait for other processes to see the switch of keys
        # (LAWFUL_ACTIVE_KEY_SECONDS + 1 s, once per rotation): there are none here.
        from django.conf import settings

        settings.LAWFUL_ACTIVE_KEY_SECONDS = 0
        report = timed(f"rotate_organisation (batches of {args.batch})", args.n,
                       lambda: rotate_organisation(org, batch_size=args.batch),
                       rotation)  # fmt: skip
        assert report.values == args.n
        report = timed(f"rotate_organisation again (batches of {args.batch * 4})", args.n,
                       lambda: rotate_organisation(org, batch_size=args.batch * 4),
                       rotation)  # fmt: skip
        assert report.values == args.n
        print("\nKey rotation (re-encrypting every value of the organisation):\n")
        table(rotation)
        for label_, n, seconds in rotation:
            print(f"- {label_}: {n / seconds:,.0f} values/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
