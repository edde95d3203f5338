"""Benchmark campaigning at national scale: the audience, by ward, and an import.

    .venv/bin/python bench/bench_campaigns.py [--n 1000000] [--import-rows 100000] [--runs 5]
    .venv/bin/python bench/bench_campaigns.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Sets up a throw-away database (bench/harness.py: a temporary SQLite file, or a database
`lawful_bench_campaigns` beside the one named), with the campaign network's register in
force, and loads, set-based (INSERT ... SELECT over a generated series):
- 20,000 postcodes in 400 wards (the NSPL's table, as `lawful postcodes load` fills it);
- N supporters, each with an email address and a postal address whose postcode lies in
  one of those wards (2,500 people a ward at a million); 1% restricted, 0.5% erased,
  0.2% deceased, 1% without an email address;
- about 2.9 consent events a person (grants by email, text and phone; withdrawals of
  email and text by some) and the state each leaves (the consent ledger's two tables);
- 1,000 people's email addresses on the do-not-contact list (objected to marketing).

Then times, over `--runs` runs (p50 and the slowest):
- the audience for "keeping-in-touch by email" over everyone, and in one ward: the count
  and the count left out for each reason (lawful.campaigns.services.target_audience ->
  lawful.consent.contact.audience), beside the plainest hand-written SQL over the same
  tables giving the same numbers, as the lower bound;
- importing a CSV of `--import-rows` rows (a tenth of them people already held, merged)
  with consent recorded for the batch (lawful.campaigns.imports.import_people), once.
Prints Markdown tables.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_campaigns"
POSTCODES = 20_000
PER_WARD = 50  # postcodes a ward: 400 wards
PURPOSE = "keeping-in-touch"
OBJECTED = 1000


def _postcode(k: int) -> str:
    areas = ["AB", "BA", "CB", "DE", "EX", "GL", "HR", "LN", "NE", "PL"]
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    area = areas[k % len(areas)]
    district = 1 + (k // len(areas)) % 99
    rest = k // (len(areas) * 99)
    inward = f"{rest % 10}{letters[(rest // 10) % 20]}{letters[(k * 7) % 20]}"
    return f"{area}{district} {inward}"


def _ward(k: int) -> str:
    return f"E05{k // PER_WARD:06d}"


class Sql:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"
        self.ts = (
            "CAST('2025-01-01 00:00:00+00' AS timestamptz)" if self.pg else "'2025-01-01 00:00:00'"
        )
        self.ts2 = (
            "CAST('2025-06-01 00:00:00+00' AS timestamptz)" if self.pg else "'2025-06-01 00:00:00'"
        )
        self.day = "CAST('2020-01-01' AS date)" if self.pg else "'2020-01-01'"

    def series(self, n: int) -> str:
        """A FROM clause giving i = 1..n."""
        if self.pg:
            return f"generate_series(1, {n}) AS s(i)"
        return (
            f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
            "SELECT i FROM s) AS s"
        )


# The lower bound's do-not-contact digest: a constant (as its audit hashes are), where the
# import computes a keyed HMAC of each detail.
DIGEST = "0" * 64


def _fill_digests(cursor, org: int, batch: int = 50_000) -> None:
    """Each contact point's do-not-contact digest, as the people services write it: a
    keyed HMAC, so computed in Python and written back by id range."""
    from lawful.suppression.services import contact_digest

    cursor.execute("SELECT min(id), max(id) FROM people_contactpoint")
    low, high = cursor.fetchone()
    for start in range(low or 0, (high or 0) + 1, batch):
        cursor.execute(
            "SELECT cp.id, cp.kind, cp.normalised, p.family_name FROM people_contactpoint cp "
            "JOIN people_person p ON p.id = cp.person_id WHERE cp.id >= %s AND cp.id < %s",
            [start, start + batch],
        )
        cursor.executemany(
            "UPDATE people_contactpoint SET suppression_digest = %s WHERE id = %s",
            [
                (contact_digest(org, kind, value, family), pk)
                for pk, kind, value, family in cursor.fetchall()
            ],
        )


def setup_organisation():
    from datetime import date

    from lawful.organisations.services import create_organisation

    text = (ROOT / "examples" / "campaign-network.yaml").read_text()
    return create_organisation("bench", text, today=date(2026, 11, 25))


def load(n: int, organisation) -> dict[str, float]:
    from django.db import connection, transaction

    from lawful.geography.models import Postcode
    from lawful.suppression.services import ContactDetails, Reason, suppress

    sql = Sql(connection.vendor)
    org = organisation.pk
    took = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        Postcode.objects.bulk_create(
            (Postcode(postcode=_postcode(k), ward_code=_ward(k)) for k in range(POSTCODES)),
            batch_size=5000,
        )
        cursor.execute("CREATE TEMPORARY TABLE bench_pc (k integer PRIMARY KEY, postcode text)")
        cursor.executemany(
            "INSERT INTO bench_pc (k, postcode) VALUES (%s, %s)",
            [(k, _postcode(k)) for k in range(POSTCODES)],
        )
    took["postcodes"] = time.perf_counter() - started

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_person (id, organisation_id, title, given_name, family_name, "
            "ward, restricted, erased_at, deceased_on, created_at, updated_at) "
            f"SELECT i, {org}, '', 'Given' || (i % 997), 'Family' || (i % 1009), '', "
            f"(i % 100 = 3), CASE WHEN i % 200 = 5 THEN {sql.ts} END, "
            f"CASE WHEN i % 500 = 7 THEN {sql.day} END, {sql.ts}, {sql.ts} "
            f"FROM {sql.series(n)}"
        )
        if sql.pg:
            cursor.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), %s)", [n])
        cursor.execute(
            "INSERT INTO people_contactpoint (organisation_id, person_id, kind, value, "
            "normalised, address_lines, postcode, is_primary, created_at, suppression_digest) "
            f"SELECT {org}, i, 'email', 'p' || i || '@example.org', 'p' || i || '@example.org', "
            f"'', '', {'true' if sql.pg else 1}, {sql.ts}, '' "
            f"FROM {sql.series(n)} WHERE i % 100 <> 11"
        )
        cursor.execute(
            "INSERT INTO people_contactpoint (organisation_id, person_id, kind, value, "
            "normalised, address_lines, postcode, is_primary, created_at, suppression_digest) "
            f"SELECT {org}, i, 'postal', pc.postcode, pc.postcode, i || ' High Street', "
            f"pc.postcode, {'true' if sql.pg else 1}, {sql.ts}, '' "
            f"FROM {sql.series(n)} JOIN bench_pc pc ON pc.k = i % {POSTCODES}"
        )
        _fill_digests(cursor, org)
    took["people and contact points"] = time.perf_counter() - started

    started = time.perf_counter()
    # Events, by block: (id offset, channel, action, which people, when).
    blocks = [
        (0, "email", "grant", "1 = 1", sql.ts),
        (n, "sms", "grant", "i % 10 <> 0", sql.ts),
        (2 * n, "phone", "grant", "i % 5 IN (1, 2, 3)", sql.ts),
        (3 * n, "email", "withdraw", "i % 5 = 0", sql.ts2),
        (4 * n, "sms", "withdraw", "i % 10 = 1", sql.ts2),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for offset, channel, action, where, at in blocks:
            cursor.execute(
                "INSERT INTO consent_consentevent (id, organisation_id, person_id, purpose, "
                "channel, action, method, recorded_by_id, at, wording, notice_version, form, "
                "ip_address, evidence) "
                f"SELECT {offset} + i, {org}, i, '{PURPOSE}', '{channel}', '{action}', "
                f"'web-form', NULL, {at}, 'Keep in touch with me by {channel}.', '1', "
                f"'sign-up', NULL, '' FROM {sql.series(n)} WHERE {where}"
            )
        if sql.pg:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('consent_consentevent', 'id'), %s)",
                [5 * n],
            )
        # The state each person is left in: the latest event per channel.
        for channel, grant_offset, withdraw_offset, withdrawn, granted in [
            ("email", 0, 3 * n, "i % 5 = 0", "1 = 1"),
            ("sms", n, 4 * n, "i % 10 = 1", "i % 10 <> 0"),
            ("phone", 2 * n, None, "1 = 0", "i % 5 IN (1, 2, 3)"),
        ]:
            withdraw_id = f"{withdraw_offset} + i" if withdraw_offset is not None else "NULL"
            cursor.execute(
                "INSERT INTO consent_consentstate (organisation_id, person_id, purpose, "
                "channel, granted, since, event_id) "
                f"SELECT {org}, i, '{PURPOSE}', '{channel}', NOT ({withdrawn}), "
                f"CASE WHEN {withdrawn} THEN {sql.ts2} ELSE {sql.ts} END, "
                f"CASE WHEN {withdrawn} THEN {withdraw_id} ELSE {grant_offset} + i END "
                f"FROM {sql.series(n)} WHERE {granted}"
            )
        cursor.execute("SELECT count(*) FROM consent_consentevent")
        events = cursor.fetchone()[0]
    took[f"consent: {events:,} events and their states"] = time.perf_counter() - started

    started = time.perf_counter()
    step = max(1, n // OBJECTED)
    suppress(
        organisation,
        ContactDetails(emails=tuple(f"p{i}@example.org" for i in range(2, n, step))),
        reason=Reason.OBJECTION_TO_MARKETING,
        actor=None,
    )
    took["do-not-contact list"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        if sql.pg:
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return took


# Each set (the granted, those with an email address) found once and probed per person,
# as the audience does over a whole organisation on SQLite: the faster of the plain ways
# to write it there. On PostgreSQL (and for one ward) a lookup per person: LOWER_BOUND_FEW.
LOWER_BOUND = """
SELECT CASE
    WHEN p.erased_at IS NOT NULL THEN 'erased'
    WHEN p.deceased_on IS NOT NULL AND p.deceased_on <= %s THEN 'deceased'
    WHEN p.restricted THEN 'restricted'
    WHEN p.id IN ({objected}) THEN 'objected'
    WHEN p.id NOT IN (SELECT s.person_id FROM consent_consentstate s
        WHERE s.organisation_id = %s AND s.purpose = %s AND s.channel = 'email'
        AND s.granted) THEN 'no consent'
    WHEN p.id NOT IN (SELECT e.person_id FROM people_contactpoint e
        WHERE e.organisation_id = %s AND e.kind = 'email') THEN 'no email address'
    ELSE '' END AS reason, count(*)
FROM people_person p
WHERE p.organisation_id = %s {ward}
GROUP BY 1
"""

# For one ward, a lookup per person (as the audience narrowed to a ward does).
LOWER_BOUND_FEW = """
SELECT CASE
    WHEN p.erased_at IS NOT NULL THEN 'erased'
    WHEN p.deceased_on IS NOT NULL AND p.deceased_on <= %s THEN 'deceased'
    WHEN p.restricted THEN 'restricted'
    WHEN p.id IN ({objected}) THEN 'objected'
    WHEN NOT EXISTS (SELECT 1 FROM consent_consentstate s WHERE s.person_id = p.id
        AND s.purpose = %s AND s.channel = 'email' AND s.granted) THEN 'no consent'
    WHEN NOT EXISTS (SELECT 1 FROM people_contactpoint e WHERE e.person_id = p.id
        AND e.kind = 'email') THEN 'no email address'
    ELSE '' END AS reason, count(*)
FROM people_person p
WHERE p.organisation_id = %s {ward}
GROUP BY 1
"""

WARD_FILTER = """AND p.id IN (SELECT cp.person_id FROM people_contactpoint cp
    JOIN geography_postcode g ON g.postcode = cp.normalised
    WHERE cp.organisation_id = %s AND cp.kind = 'postal' AND g.ward_code = %s)"""


def lower_bound(organisation, ward: str | None, objected_ids: list[int]) -> dict[str, int]:
    """The same counts by one hand-written query (the objectors' ids given, as the
    audience finds them from the do-not-contact list's hashes)."""
    from django.db import connection
    from django.utils import timezone

    objected = ", ".join(str(i) for i in objected_ids) or "NULL"
    if ward:
        text = LOWER_BOUND_FEW.format(objected=objected, ward=WARD_FILTER)
        params = [timezone.localdate(), PURPOSE, organisation.pk, organisation.pk, ward]
    elif connection.vendor == "postgresql":
        # NOT IN over a set larger than work_mem is a scan per person there (minutes).
        text = LOWER_BOUND_FEW.format(objected=objected, ward="")
        params = [timezone.localdate(), PURPOSE, organisation.pk]
    else:
        text = LOWER_BOUND.format(objected=objected, ward="")
        params = [timezone.localdate(), organisation.pk, PURPOSE, organisation.pk, organisation.pk]
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        return dict(cursor.fetchall())


def timed(function, runs: int):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def audience_rows(organisation, runs: int) -> list[str]:
    from lawful.campaigns.services import Target, target_audience
    from lawful.consent.services import suppressed_people

    ward = _ward(POSTCODES // 2)
    objected_ids = sorted(suppressed_people(organisation))
    lines = [
        "| audience (keeping-in-touch, email) | permitted | left out | p50 | slowest |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, target_ward in (("everyone", ""), (f"one ward ({ward})", ward)):

        def run(target_ward=target_ward):
            found = target_audience(organisation, Target(PURPOSE, "email", ward=target_ward))
            return found.count, found.excluded

        p50, worst, (count, excluded) = timed(run, runs)
        lines.append(
            f"| {label}: audience() | {count:,} | {sum(excluded.values()):,} | "
            f"{p50 * 1000:,.0f} ms | {worst * 1000:,.0f} ms |"
        )
        bp50, bworst, counts = timed(
            lambda target_ward=target_ward: lower_bound(
                organisation, target_ward or None, objected_ids
            ),
            runs,
        )
        permitted = counts.get("", 0)
        lines.append(
            f"| {label}: lower bound (one SQL query) | {permitted:,} | "
            f"{sum(counts.values()) - permitted:,} | {bp50 * 1000:,.0f} ms | "
            f"{bworst * 1000:,.0f} ms |"
        )
        if permitted != count:
            lines.append(f"| (the two disagree: {count:,} against {permitted:,}) | | | | |")
        print("  left out:", excluded, file=sys.stderr, flush=True)
    return lines


def _plain_insert(cursor, model, columns, rows, returning=False, suffix="") -> list[int]:
    """Multi-row INSERTs of ready values (at most 900 parameters a statement, SQLite's
    limit), the new ids back if asked; on PostgreSQL COPY (ids drawn from the sequence
    first), but for an upsert (`suffix`), which COPY cannot do."""
    from django.db import connection

    qn = connection.ops.quote_name
    if connection.vendor == "postgresql" and not suffix:
        table = model._meta.db_table
        ids = []
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [i for (i,) in cursor.fetchall()]
            columns = ("id", *columns)
            rows = [(i, *row) for i, row in zip(ids, rows, strict=True)]
        names = ", ".join(qn(c) for c in columns)
        with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return ids
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per = max(1, (900 if connection.vendor == "sqlite" else 20000) // len(columns))
    ids = []
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        cursor.execute(
            head
            + ", ".join([one] * len(chunk))
            + suffix
            + (' RETURNING "id"' if returning else ""),
            [v for row in chunk for v in row],
        )
        if returning:
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def import_lower_bound(organisation, rows: int, n: int) -> tuple[float, int]:
    """The import's writes by the plainest hand-written SQL, rolled back: one query
    matching the file's email addresses to the people held, then multi-row INSERTs of
    the people, their contact points, purpose links, consent events and states and an
    audit event each (the hashes a constant: no MACs), every value prepared beforehand
    (no checking, no normalising, no hashing). Returns (seconds, rows written)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from lawful.audit.models import AuditEvent
    from lawful.consent.models import ConsentEvent, ConsentState
    from lawful.people.models import ContactPoint, Person, PurposeLink

    org = organisation.pk
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    today = connection.ops.adapt_datefield_value(timezone.now().date())
    file = []
    for k in range(rows):
        email = f"p{1 + (k * 37) % n}@example.org" if k % 10 == 0 else f"new{k}@example.net"
        file.append((k, email, f"+44790{k:07d}", _postcode(k % POSTCODES)))
    qn = connection.ops.quote_name
    written = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        held = {}
        emails = [f[1] for f in file]
        for start in range(0, len(emails), 900):
            chunk = emails[start : start + 900]
            cursor.execute(
                f"SELECT normalised, person_id FROM {qn(ContactPoint._meta.db_table)} "
                f"WHERE organisation_id = %s AND kind = 'email' AND normalised IN "
                f"({', '.join(['%s'] * len(chunk))})",
                [org, *chunk],
            )
            held.update(cursor.fetchall())
        fresh = [f for f in file if f[1] not in held]
        ids = _plain_insert(
            cursor,
            Person,
            (
                "organisation_id",
                "title",
                "given_name",
                "family_name",
                "ward",
                "restricted",
                "created_at",
                "updated_at",
            ),
            [
                (org, "", f"New{k % 311}", f"Supporter{k % 503}", "", False, at, at)
                for k, *_ in fresh
            ],
            returning=True,
        )
        person = dict(zip((f[0] for f in fresh), ids, strict=True))
        person.update({k: held[email] for k, email, *_ in file if email in held})
        points = []
        for k, email, phone, postcode in file:
            pid = person[k]
            if email not in held:
                points.append((org, pid, "email", email, email, "", "", True, at, DIGEST))
            points.append((org, pid, "phone", phone, phone, "", "", True, at, DIGEST))
            points.append(
                (org, pid, "postal", postcode, postcode, f"{k} Station Road", postcode, True, at)
                + (DIGEST,)
            )
        _plain_insert(
            cursor,
            ContactPoint,
            (
                "organisation_id",
                "person_id",
                "kind",
                "value",
                "normalised",
                "address_lines",
                "postcode",
                "is_primary",
                "created_at",
                "suppression_digest",
            ),
            points,
        )
        _plain_insert(
            cursor,
            PurposeLink,
            ("organisation_id", "person_id", "purpose_id", "basis", "source", "since"),
            [(org, pid, PURPOSE, "consent", "data-subject", today) for pid in ids],
        )
        everyone = list(person.values())
        events = _plain_insert(
            cursor,
            ConsentEvent,
            (
                "organisation_id",
                "person_id",
                "purpose",
                "channel",
                "action",
                "method",
                "at",
                "wording",
                "notice_version",
                "form",
                "evidence",
            ),
            [
                (
                    org,
                    pid,
                    PURPOSE,
                    "email",
                    "grant",
                    "import",
                    at,
                    "Keep in touch.",
                    "1",
                    "",
                    "Paper sign-up sheets",
                )
                for pid in everyone
            ],
            returning=True,
        )
        _plain_insert(
            cursor,
            ConsentState,
            ("organisation_id", "person_id", "purpose", "channel", "granted", "since", "event_id"),
            [
                (org, pid, PURPOSE, "email", True, at, e)
                for pid, e in zip(everyone, events, strict=True)
            ],
            suffix=" ON CONFLICT (person_id, purpose, channel) DO UPDATE SET granted = "
            "excluded.granted, since = excluded.since, event_id = excluded.event_id",
        )
        cursor.execute(
            f"SELECT COALESCE(MAX(seq), 0) FROM {qn(AuditEvent._meta.db_table)} "
            "WHERE organisation_id = %s",
            [org],
        )
        seq = cursor.fetchone()[0]
        _plain_insert(
            cursor,
            AuditEvent,
            (
                "organisation_id",
                "seq",
                "at",
                "actor_label",
                "action",
                "target_type",
                "target_id",
                "person_id",
                "summary",
                "prev_hash",
                "hash",
                "content_mac",
            ),
            [
                (
                    org,
                    seq + i + 1,
                    at,
                    "system",
                    "create",
                    "people.person",
                    str(pid),
                    pid,
                    "created person (import)",
                    f"{seq + i:064x}",
                    f"{seq + i + 1:064x}",
                    "0" * 64,
                )
                for i, pid in enumerate(everyone)
            ],
        )
        written = len(ids) + len(points) + len(ids) + 3 * len(everyone)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, written


def import_rows(organisation, rows: int, n: int, profile: str | None = None) -> list[str]:
    from lawful.audit.models import AuditEvent
    from lawful.campaigns.imports import ImportOptions, import_people
    from lawful.people.models import Person

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "supporters.csv"
        with open(path, "w", newline="") as handle:
            handle.write("given_name,family_name,email,phone,address_lines,postcode\n")
            for k in range(rows):
                if k % 10 == 0:  # someone held already: merged, a phone number added
                    i = 1 + (k * 37) % n
                    email = f"P{i}@Example.org"
                else:
                    email = f"new{k}@example.net"
                phone = f"0790{k:07d}"
                handle.write(
                    f"New{k % 311},Supporter{k % 503},{email},{phone},"
                    f"{k} Station Road,{_postcode(k % POSTCODES)}\n"
                )
        bound, written = import_lower_bound(organisation, rows, n)
        before = Person.objects.count()
        events = AuditEvent.objects.count()
        options = ImportOptions(
            purpose=PURPOSE,
            channels=("email",),
            method="import",
            evidence="Paper sign-up sheets from the 2025 conference, kept in the office",
            wording="Keep in touch with me by email.",
        )
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        report = import_people(organisation, path, options=options)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        created = Person.objects.count() - before
        audited = AuditEvent.objects.count() - events
    return [
        "| import | rows | created | merged | skipped | consents | audit events | seconds "
        "| rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| import_people (CSV, consent for the batch) | {rows:,} | {created:,} | "
        f"{report.merged:,} | {len(report.skipped):,} | {report.consents:,} | {audited:,} | "
        f"{seconds:,.1f} | {rows / seconds:,.0f} |",
        "| lower bound: plain INSERTs (COPY on PostgreSQL) of the same rows "
        f"({written:,} rows in 6 tables) "
        f"| {rows:,} | | | | | | {bound:,.1f} | {rows / bound:,.0f} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--database-name", default=BENCH_DATABASE, help="the throw-away database")
    parser.add_argument("--no-audience", action="store_true", help="time the import only")
    parser.add_argument("--profile", help="write a cProfile of the import to this file")
    args = parser.parse_args()
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
    os.environ.setdefault("LAWFUL_SUPPRESSION_KEY", "bench-only-suppression-key")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    with throwaway_database(args.database_name, args.database_url) as label:
        organisation = setup_organisation()
        took = load(args.n, organisation)
        print(f"\n{label}, {args.n:,} supporters\n")
        print("| load (set-based) | seconds |\n|---|---:|")
        for what, seconds in took.items():
            print(f"| {what} | {seconds:,.1f} |")
        print()
        if not args.no_audience:
            print("\n".join(audience_rows(organisation, args.runs)))
            print()
        if args.import_rows:
            print("\n".join(import_rows(organisation, args.import_rows, args.n, args.profile)))


if __name__ == "__main__":
    main()
