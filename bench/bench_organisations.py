"""Benchmark many organisations on one installation: people search, the person page and
the workspace under load, each scoped to one organisation, beside the same search
without the scope.

    .venv/bin/python bench/bench_organisations.py [--orgs 100] [--people 10000]
        [--large 1000000] [--queries 300] [--load-requests 2000] [--concurrency 8]
    .venv/bin/python bench/bench_organisations.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Data: --orgs organisations of --people people each, plus one of --large people. Every
person has an email address, a mobile number and a postal address (three contact
points) and one purpose, loaded with bulk inserts (COPY on PostgreSQL) in their stored
form; a sample of each kind is checked against lawful.people.normalise after loading.

Timed, p50 and p95 over --queries queries each, in a small organisation and in the
large one:
- `search_people` by a name prefix, by an email address, a phone number and a postcode
  each written otherwise than stored ("  ALICE.JONES@EXAMPLE.ORG ", "+44 7900 000017",
  "sw1a1aa"), every answer checked outside the timing;
- the same search without the organisation scope: one hand-written SQL query over the
  same tables, the value already normalised, no organisation filter: the lower bound;
- the person page's data (membership check, the registry's records_for, contact points,
  purposes) and, if the workspace is installed, the person page and the search page
  rendered through Django's test client for a signed-in clerk;
- the workspace under a bounded load: gunicorn (2 workers, as `make demo`) on a free
  loopback port over the same database, --load-requests requests from --concurrency
  threads, search and person pages half each, stopped after --load-seconds at most.

The database is a throw-away one (bench/harness.py), removed afterwards. Prints
Markdown tables; nothing here is a test.
"""

import argparse
import gc
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_orgs"
CHUNK = 100_000
TODAY = date(2026, 11, 25)
LOAD_HOST = "127.0.0.1"
PASSWORD = "bench only: a long synthetic passphrase"

REGISTER = """
controller: {name: Bench Town Council, address: 1 High Street, ico_registration: Z1,
             data_protection_lead: {name: Bench Lead}}
notice: {review_cycle: yearly, next_review: 2030-01-01,
         versions: [{version: "1", status: adopted, date: 2020-01-01, minute: "1"}]}
purposes:
  - id: newsletters
    name: Newsletters
    description: Our newsletter.
    data_subjects: [residents]
    data_categories: [name, address, contact-details]
    sources: [data-subject]
    direct_marketing: true
    marketing_channels: [email, post]
    lawful_basis:
      - {basis: consent, applies_to: newsletters by email}
      - {basis: public-task, applies_to: newsletters by post}
    retention: {trigger: opt-out}
"""

# Postcode letters Royal Mail allows (lawful/people/normalise.py): first letter of the
# area, second letter, and the inward code's letters.
AREA_FIRST = "ABCDEFGHJKLMNOPRSTUWYZ"
AREA_SECOND = "ABCDEFGHKLMNOPRSTUWY"
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
STREETS = ["High Street", "Church Lane", "Mill Road", "Station Road", "Green Close",
           "Park Avenue", "Chapel Row", "Orchard Way", "Victoria Road", "Manor Drive"]  # fmt: skip
HOUSEHOLD = 15  # people per postcode, roughly as in the UK


def names():
    from faker.providers.person.en_GB import Provider

    given = sorted(set(Provider.first_names_female) | set(Provider.first_names_male))
    family = sorted(set(Provider.last_names))
    return given, family


def postcode(k: int) -> str:
    """The k-th synthetic postcode, in its stored form ("AB12 3DE")."""
    first = AREA_FIRST[k % len(AREA_FIRST)]
    k //= len(AREA_FIRST)
    second = AREA_SECOND[k % len(AREA_SECOND)]
    k //= len(AREA_SECOND)
    district = 1 + k % 99
    k //= 99
    sector = k % 10
    k //= 10
    inward = INWARD[k % len(INWARD)] + INWARD[(k // len(INWARD)) % len(INWARD)]
    return f"{first}{second}{district} {sector}{inward}"


class Resident:
    """The i-th person of the installation (i counts across every organisation)."""

    def __init__(self, i: int, given: list[str], family: list[str]):
        self.i = i
        self.given = given[(i * 7919) % len(given)]
        self.family = family[(i * 104729) % len(family)]
        self.email = f"{self.given}.{self.family}.{i}@example.org".lower().replace(" ", "")
        self.email = self.email.replace("'", "")
        self.phone = f"+44790{i:07d}"  # stored E.164 form of 07900 000000 + i
        self.postcode = postcode(i // HOUSEHOLD)
        self.address = f"{1 + i % 200} {STREETS[i % len(STREETS)]}\nBenchton"

    def phone_written_otherwise(self, rng: random.Random) -> str:
        digits = self.phone[3:]  # 790xxxxxxx
        return rng.choice(
            [f"0{digits[:4]} {digits[4:]}", f"+44 {digits[:4]} {digits[4:]}",
             f"(0{digits[:4]}) {digits[4:7]}-{digits[7:]}", f"0044 {digits}"]
        )  # fmt: skip

    def email_written_otherwise(self) -> str:
        return f"  {self.email.upper()} "

    def postcode_written_otherwise(self) -> str:
        return self.postcode.replace(" ", "").lower()

    def name_prefix(self, rng: random.Random) -> str:
        return self.family[: rng.randint(3, 5)].lower()


# --- Loading --------------------------------------------------------------------------


def make_organisations(count: int, large: bool) -> list:
    from lawful.notices.services import import_document_control
    from lawful.organisations.models import Organisation
    from lawful.policy.register import parse_register

    register, problems = parse_register(REGISTER)
    assert register is not None and not problems, problems
    organisations = [
        Organisation(name=f"Bench {n:03d} Town Council", slug=f"bench-{n:03d}", kind="town-council")
        for n in range(count)
    ]
    if large:
        organisations.append(
            Organisation(name="Bench Large County Network", slug="bench-large", kind="town-council")
        )
    Organisation.objects.bulk_create(organisations)
    organisations = list(Organisation.objects.order_by("pk"))
    for organisation in organisations:
        import_document_control(organisation, register)
    return organisations


def _rows(organisation_id: int, first: int, last: int, given, family, now):
    people, points, links = [], [], []
    for i in range(first, last):
        r = Resident(i, given, family)
        pk = i + 1
        people.append((pk, organisation_id, "", r.given, r.family, "", False, None, now, now))
        points.append((organisation_id, pk, "email", r.email, r.email, "", "", True, now))
        points.append((organisation_id, pk, "phone", f"0{r.phone[3:]}", r.phone, "", "", True, now))
        points.append(
            (
                organisation_id,
                pk,
                "postal",
                r.postcode,
                r.postcode,
                r.address,
                r.postcode,
                True,
                now,
            )
        )
        links.append((organisation_id, pk, "newsletters", "consent", "data-subject", TODAY, None))
    return people, points, links


PERSON_COLUMNS = (
    "id, organisation_id, title, given_name, family_name, ward, restricted, erased_at, "
    "created_at, updated_at"
)
POINT_COLUMNS = (
    "organisation_id, person_id, kind, value, normalised, address_lines, postcode, "
    "is_primary, created_at"
)
LINK_COLUMNS = "organisation_id, person_id, purpose_id, basis, source, since, ended"


def _insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def load(organisations, sizes: list[int], timings: dict) -> None:
    """Every organisation's people, their contact points and purposes, in stored form."""
    from django.db import connection, transaction

    given, family = names()
    now = datetime.now(UTC)
    start = time.perf_counter()
    first = 0
    loaded = 0
    for organisation, size in zip(organisations, sizes, strict=True):
        for chunk_first in range(first, first + size, CHUNK):
            chunk_last = min(first + size, chunk_first + CHUNK)
            people, points, links = _rows(
                organisation.pk, chunk_first, chunk_last, given, family, now
            )
            with transaction.atomic(), connection.cursor() as cursor:
                _insert(cursor, "people_person", PERSON_COLUMNS, people)
                _insert(cursor, "people_contactpoint", POINT_COLUMNS, points)
                _insert(cursor, "people_purposelink", LINK_COLUMNS, links)
            reported = loaded // 500_000
            loaded += len(people)
            if loaded // 500_000 > reported:
                print(f"  loaded {loaded:,} people", file=sys.stderr, flush=True)
        first += size
    timings["load"] = (loaded, time.perf_counter() - start)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('people_person', 'id'), "
                "(SELECT max(id) FROM people_person))"
            )
        cursor.execute(UNSCOPED_NAME_INDEX.format(collate=_collate()))
        cursor.execute("ANALYZE")
    timings["analyze"] = (1, time.perf_counter() - start)


def check_stored_forms(residents: list) -> None:
    """The bulk load wrote what the people app would have written: checked on a sample."""
    from lawful.people.normalise import normalise_email, normalise_phone, normalise_postcode

    for r in residents:
        assert normalise_email(r.email) == r.email, r.email
        assert normalise_phone(f"0{r.phone[3:]}") == r.phone, r.phone
        assert normalise_postcode(r.postcode) == r.postcode, r.postcode


# --- Timing ---------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1e3, p95 * 1e3


def timed(calls, warm_up: int = 10) -> tuple[list[float], list]:
    """Each call's time; the first `warm_up` calls run untimed first (caches, imports)."""
    for call in calls[:warm_up]:
        call()
    samples, answers = [], []
    for call in calls:
        start = time.perf_counter()
        answers.append(call())
        samples.append(time.perf_counter() - start)
    return samples, answers


# The lower bound for a name prefix needs an index of its own without the organisation
# column (made by the benchmark only): what a one-organisation installation would use.
# The contact searches' lower bound uses the contact points' unique (kind, normalised,
# person) index, which Lawful has anyway.
UNSCOPED_NAME_INDEX = (
    "CREATE INDEX bench_unscoped_name ON people_person "
    "(UPPER(family_name){collate}, UPPER(given_name){collate}, id)"
)
UNSCOPED_CONTACT = (
    "SELECT p.id, p.given_name, p.family_name FROM people_person p WHERE p.id IN ("
    "SELECT c.person_id FROM people_contactpoint c WHERE c.kind = %s AND c.normalised = %s) "
    "ORDER BY p.family_name, p.given_name, p.id LIMIT 50"
)
UNSCOPED_NAME = (
    "SELECT p.id, p.given_name, p.family_name FROM people_person p "
    "WHERE UPPER(p.family_name){collate} >= %s AND UPPER(p.family_name){collate} < %s "
    "ORDER BY UPPER(p.family_name){collate}, UPPER(p.given_name){collate}, p.id LIMIT 50"
)


def _collate() -> str:
    from django.db import connection

    return ' COLLATE "C"' if connection.vendor == "postgresql" else ""


def unscoped(kind: str, value: str):
    """The search's query by hand, with no organisation filter: the lower bound."""
    from django.db import connection

    from lawful.people.keys import fold, prefix_range

    with connection.cursor() as cursor:
        if kind == "name":
            low, high = prefix_range(fold(value))
            cursor.execute(UNSCOPED_NAME.format(collate=_collate()), [low, high])
        else:
            cursor.execute(UNSCOPED_CONTACT, [kind, value])
        return cursor.fetchall()


def search_cases(residents, rng):
    """(kind, text as typed, normalised value, check) for each query kind."""
    from lawful.people.normalise import normalise_email, normalise_phone, normalise_postcode

    cases = {"name prefix": [], "email": [], "phone": [], "postcode": []}
    for r in residents:
        prefix = r.name_prefix(rng)
        cases["name prefix"].append((r, prefix, "name", prefix))
        typed = r.email_written_otherwise()
        cases["email"].append((r, typed, "email", normalise_email(typed)))
        typed = r.phone_written_otherwise(rng)
        cases["phone"].append((r, typed, "phone", normalise_phone(typed)))
        typed = r.postcode_written_otherwise()
        cases["postcode"].append((r, typed, "postal", normalise_postcode(typed)))
    return cases


def check_answer(label: str, resident, found: list) -> None:
    ids = [p.pk for p in found]
    if label == "name prefix":
        assert found, f"no one found by {resident.family!r}'s prefix"
        return
    assert resident.i + 1 in ids, f"{label}: person {resident.i + 1} not found"


def bench_search(label_org: str, organisation_for, residents, rng, rows: list) -> None:
    from lawful.people.search import search_people

    for label, cases in search_cases(residents, rng).items():
        calls = [(lambda r=r, t=t: search_people(organisation_for(r), t)) for r, t, _, _ in cases]
        samples, answers = timed(calls)
        for (r, _, _, _), found in zip(cases, answers, strict=True):
            check_answer(label, r, found)
            assert all(p.organisation_id == organisation_for(r).pk for p in found)
        rows.append((f"search_people by {label}", label_org, len(samples), *percentiles(samples)))
        samples, answers = timed([(lambda k=k, v=v: unscoped(k, v)) for _, _, k, v in cases])
        assert all(answers) or label == "name prefix"
        rows.append(
            (
                "  same search, no organisation filter",
                label_org,
                len(samples),
                *percentiles(samples),
            )
        )


def person_page_data(user, organisation, person_id):
    """What the person page reads: the membership, the person, the registry's records of
    every app, the contact points and purposes."""
    from lawful import registry
    from lawful.organisations.scope import get_person_for_user

    person = get_person_for_user(user, organisation, person_id)
    records = registry.records_for(organisation, person)
    points = list(person.contact_points.all())
    purposes = list(person.purposes.all())
    return person, records, points, purposes


def workspace_installed() -> bool:
    from django.urls import NoReverseMatch, resolve
    from django.urls.exceptions import Resolver404

    try:
        resolve("/staff/bench-large/people/1/")
        return True
    except (Resolver404, NoReverseMatch):
        return False


def bench_person_page(label_org, organisation_for, residents, clerks, rows) -> None:
    samples, answers = timed(
        [
            (
                lambda r=r: person_page_data(
                    clerks[organisation_for(r).pk], organisation_for(r), r.i + 1
                )
            )
            for r in residents
        ]
    )
    assert all(
        a[0].pk == r.i + 1 and len(a[2]) == 3 for a, r in zip(answers, residents, strict=True)
    )
    rows.append(("person page data (registry)", label_org, len(samples), *percentiles(samples)))
    if not workspace_installed():
        return
    from django.test import Client

    clients = {}
    for pk, clerk in clerks.items():
        clients[pk] = Client()
        clients[pk].force_login(clerk)

    def page(path, organisation):
        response = clients[organisation.pk].get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    samples, _ = timed(
        [
            (
                lambda r=r: page(
                    f"/staff/{organisation_for(r).slug}/people/{r.i + 1}/", organisation_for(r)
                )
            )
            for r in residents
        ]
    )
    rows.append(("person page rendered (clerk)", label_org, len(samples), *percentiles(samples)))
    samples, _ = timed(
        [
            (
                lambda r=r: page(
                    f"/staff/{organisation_for(r).slug}/people/?q={r.postcode_written_otherwise()}",
                    organisation_for(r),
                )
            )
            for r in residents
        ]
    )
    rows.append(
        ("search page rendered, by postcode", label_org, len(samples), *percentiles(samples))
    )


# --- The workspace under load ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOAD_HOST, 0))
        return s.getsockname()[1]


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the workspace's sign-in page, as a browser does; the cookies."""
    import re
    from http.cookies import SimpleCookie

    conn = http.client.HTTPConnection(LOAD_HOST, port, timeout=30)
    conn.request("GET", "/staff/sign-in")
    response = conn.getresponse()
    page = response.read().decode()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
    conn.request(
        "POST", "/staff/sign-in", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                 "Referer": f"http://{LOAD_HOST}:{port}/staff/sign-in"},
    )  # fmt: skip
    response = conn.getresponse()
    response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"signing in {username} failed: {response.status}")
    return "; ".join(f"{k}={v.value}" for k, v in jar.items())


def wait_for(port: int, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection((LOAD_HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start listening")


def load_test(organisation, residents, clerk, rng, *, requests, concurrency, seconds) -> dict:
    """gunicorn on loopback, `requests` GETs from `concurrency` threads, capped in time."""
    from django.db import connections

    connections.close_all()  # SQLite: let the server's workers have the file
    paths = []
    for k in range(requests):
        r = residents[rng.randrange(len(residents))]
        if k % 2:
            paths.append(f"/staff/{organisation.slug}/people/{r.i + 1}/")
        else:
            paths.append(f"/staff/{organisation.slug}/people/?q={r.postcode_written_otherwise()}")
    port = free_port()
    env = dict(
        os.environ, ALLOWED_HOSTS=LOAD_HOST, LAWFUL_DEBUG=os.environ.get("BENCH_DEBUG", "False")
    )
    env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server_log = open(Path(os.environ["LAWFUL_VAR_DIR"]) / "gunicorn.log", "w+b")  # noqa: SIM115
    server = subprocess.Popen(
        [str(gunicorn), "lawful.wsgi:application", "--bind", f"{LOAD_HOST}:{port}",
         "--workers", "2", "--graceful-timeout", "5", "--no-control-socket",
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=server_log,
    )  # fmt: skip
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    next_path = iter(paths)
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(LOAD_HOST, port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                path = next(next_path, None)
            if path is None:
                break
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if status != 200 and os.environ.get("BENCH_DEBUG"):
                    print(body[:3000].decode(errors="replace"), file=sys.stderr)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(LOAD_HOST, port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    try:
        wait_for(port, server)
        cookie = sign_in(port, clerk.username, PASSWORD)
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    server_log.seek(0)
    errors = server_log.read().decode(errors="replace")
    server_log.close()
    if any(status != 200 for status in statuses):
        print(f"gunicorn's log:\n{errors[-3000:]}", file=sys.stderr)
    p50, p95 = percentiles(latencies) if latencies else (0.0, 0.0)
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": p50,
        "p95": p95,
        "statuses": statuses,
    }


# --- Main -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=100, help="small organisations")
    parser.add_argument("--people", type=int, default=10_000, help="people per small one")
    parser.add_argument("--large", type=int, default=1_000_000, help="people of the large one")
    parser.add_argument("--queries", type=int, default=300, help="queries per measurement")
    parser.add_argument("--load-requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=120.0, help="cap on the load run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    rng = random.Random(args.seed)

    with throwaway_database(BENCH_DATABASE, args.database_url) as engine:
        from django.core.management import call_command

        from lawful.staff.services import create_staff

        # The pages name their static files by content, as served (scripts/demo does so).
        call_command("collectstatic", "--noinput", verbosity=0)

        organisations = make_organisations(args.orgs, args.large > 0)
        sizes = [args.people] * args.orgs + ([args.large] if args.large else [])
        timings: dict = {}
        load(organisations, sizes, timings)
        given, family = names()
        starts, first = [], 0
        for size in sizes:
            starts.append(first)
            first += size

        def sample(org_index: int, n: int) -> list:
            s = starts[org_index]
            return [Resident(s + rng.randrange(sizes[org_index]), given, family) for _ in range(n)]

        by_index = sorted(zip(starts, organisations, strict=True), key=lambda x: x[0])

        def organisation_for(r):
            for start, organisation in reversed(by_index):
                if r.i >= start:
                    return organisation
            raise AssertionError(r.i)

        # Each small-organisation query in an organisation picked at random.
        small = [
            sample(rng.randrange(args.orgs), 1)[0] for _ in range(args.queries if args.orgs else 0)
        ]
        large = sample(len(organisations) - 1, args.queries) if args.large else []
        check_stored_forms(small[:50] + large[:50])

        clerks = {
            organisation.pk: create_staff(
                f"clerk-{organisation.slug}", role="dp_lead", organisation=organisation,
                password=PASSWORD,
            )[0]
            for organisation in organisations
        }  # fmt: skip
        # What loading left behind is not the queries' garbage: collect it once and keep
        # it out of the collector's way, as a long-running server's start-up objects are.
        gc.collect()
        gc.freeze()
        rows: list = []
        for label, residents in (
            (f"small ({args.people:,})", small),
            (f"large ({args.large:,})", large),
        ):
            if residents:
                bench_search(label, organisation_for, residents, rng, rows)
                bench_person_page(label, organisation_for, residents, clerks, rows)

        load_result = None
        if workspace_installed() and args.load_requests:
            target = organisations[-1]
            target_residents = large or small
            load_result = load_test(
                target, target_residents, clerks[target.pk], rng,
                requests=args.load_requests, concurrency=args.concurrency,
                seconds=args.load_seconds,
            )  # fmt: skip

    people = sum(sizes)
    print(f"\n{engine}: {len(organisations)} organisations, {people:,} people, "
          f"{3 * people:,} contact points, {people:,} purpose links")  # fmt: skip
    n, seconds = timings["load"]
    print(f"\nLoad: {n:,} people with their rows in {seconds:,.1f} s; ANALYZE "
          f"{timings['analyze'][1]:,.1f} s\n")  # fmt: skip
    print("| operation | organisation | queries | p50 ms | p95 ms |")
    print("|---|---|---:|---:|---:|")
    for operation, org_label, count, p50, p95 in rows:
        print(f"| {operation} | {org_label} | {count} | {p50:,.2f} | {p95:,.2f} |")
    if load_result:
        r = load_result
        print(
            f"\nWorkspace under load (gunicorn, 2 workers, loopback; {args.concurrency} "
            f"threads; search and person pages of the {'large' if args.large else 'small'} "
            "organisation, half each):\n"
        )
        print("| requests | seconds | requests/s | p50 ms | p95 ms | statuses |")
        print("|---:|---:|---:|---:|---:|---|")
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        print(
            f"| {r['requests']:,} | {r['seconds']:,.1f} | {r['rps']:,.1f} | {r['p50']:,.1f} "
            f"| {r['p95']:,.1f} | {statuses} |"
        )
    elif not workspace_installed():
        print("\n(The staff workspace is not installed: no page timings, no load run.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
