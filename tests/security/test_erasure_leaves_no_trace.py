"""After a person is erased, nothing of them is left anywhere Lawful writes: not in any
column of any table (Django's admin log, sessions, the task queue, the audit log
included), not in a cache, not in the var directory, and on SQLite not in the database
file or its write-ahead log either.
"""

import pickle
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from lawful import registry
from lawful.jobs.services import start_job
from lawful.people import services
from lawful.people.models import Person
from tests.jobs.tasks import export_in_steps
from tests.security.envsettings import ROOT, clean_env
from tests.security.traces import RESIDENT, files_with_needles, needles_in, needles_in_bytes

pytestmark = pytest.mark.django_db(transaction=False)

# Places that keep an erased person's identifiers on purpose, with the reason:
# (table, column) -> why. None: the audit log keeps the person's id, never their data.
KEPT_ON_PURPOSE: dict[tuple[str, str], str] = {}


@pytest.fixture
def database_tasks(settings):
    """Tasks queued in the database, as in production (their arguments are stored)."""
    settings.TASKS = settings.DATABASE_TASKS


def inline_management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_in_the_admin(client, org) -> Person:
    data = {"organisation": str(org.pk), "title": "Dr"}
    data |= {name: RESIDENT[name] for name in ("given_name", "family_name", "ward")}
    data |= inline_management("aliases") | inline_management("contact_points")
    data |= {
        "contact_points-TOTAL_FORMS": "1",
        "contact_points-0-kind": "email",
        "contact_points-0-value": RESIDENT["email"],
        "contact_points-0-address_lines": "",
        "contact_points-0-is_primary": "on",
    }
    response = client.post(reverse("admin:people_person_add"), data, follow=True)
    assert response.status_code == 200
    return Person.objects.get(family_name=RESIDENT["family_name"])


def use_the_admin_and_services(client, admin_user, org) -> Person:
    client.force_login(admin_user)
    person = add_in_the_admin(client, org)
    services.add_contact_point(person, actor=admin_user, kind="phone", value=RESIDENT["phone"])
    services.add_contact_point(
        person,
        actor=admin_user,
        kind="postal",
        value=RESIDENT["postcode"],
        address_lines=RESIDENT["address_lines"],
    )
    services.add_alias(person, actor=admin_user, name=RESIDENT["alias"])
    services.link_purpose(
        person, actor=admin_user, purpose_id="newsletters", basis="consent", source="data-subject"
    )
    changelist = reverse("admin:people_person_changelist")
    for term in (RESIDENT["family_name"], RESIDENT["email"], RESIDENT["postcode"]):
        assert RESIDENT["family_name"] in client.get(changelist, {"q": term}).content.decode()
    change = reverse("admin:people_person_change", args=[person.pk])
    assert RESIDENT["alias"] in client.get(change).content.decode()
    data = {"title": "Dr", "given_name": RESIDENT["given_name"]}
    data |= {"family_name": RESIDENT["family_name"], "ward": RESIDENT["ward"] + " East"}
    for prefix in ("aliases", "contact_points", "purposes"):
        data |= inline_management(prefix)
    assert client.post(change, data, follow=True).status_code == 200
    assert client.get(reverse("admin:people_person_history", args=[person.pk])).status_code == 200
    return person


def database_leftovers() -> dict[str, list[str]]:
    """{table.column: needles} for every identifier found in any row of any table."""
    found: dict[str, list[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from the db)
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None or (table, column) in KEPT_ON_PURPOSE:
                        continue
                    text = (
                        bytes(value).decode("latin-1")
                        if isinstance(value, bytes | memoryview)
                        else str(value)
                    )
                    hits = needles_in(text)
                    if hits:
                        found.setdefault(f"{table}.{column}", []).extend(hits)
    return found


def session_leftovers() -> dict[str, list[str]]:
    # Session data is encoded: read it as Django does.
    found = {}
    for session in Session.objects.all():
        hits = needles_in(str(SessionStore().decode(session.session_data)))
        if hits:
            found[session.session_key] = hits
    return found


def cache_leftovers() -> dict[str, list[str]]:
    found = {}
    for alias in settings.CACHES:
        cache = caches[alias]
        store = getattr(cache, "_cache", {})  # the local-memory backend's store
        for key, value in store.items():
            hits = needles_in(str(key)) + needles_in_bytes(
                value if isinstance(value, bytes) else pickle.dumps(value)
            )
            if hits:
                found[f"{alias}:{key}"] = hits
    return found


def test_the_scan_finds_a_person_who_is_not_erased(client, admin_user, org):
    use_the_admin_and_services(client, admin_user, org)

    leftovers = database_leftovers()

    # The scan would see every identifier where the person's data lives.
    for column in ("people_person.family_name", "people_contactpoint.normalised"):
        assert column in leftovers
    assert set(sum(leftovers.values(), [])) == set(
        needles_in(" ".join(RESIDENT.values()) + " " + "+447700900731")
    )


def test_erasing_a_person_leaves_no_trace_in_any_table_session_cache_or_file(
    client, admin_user, org, database_tasks
):
    person = use_the_admin_and_services(client, admin_user, org)
    job = start_job("test-export", export_in_steps, person.pk, organisation=org)
    assert job.pk

    outcome = registry.erase(org, person, actor=admin_user)

    assert "3 contact point(s)" in outcome["people"].erased
    assert database_leftovers() == {}, "identifiers left after erasure (table.column)"
    assert session_leftovers() == {}
    assert cache_leftovers() == {}
    assert files_with_needles(settings.VAR_DIR) == {}


def a_resident_with_a_request_disclosures_and_a_history(clerk_user):
    """The resident held by an organisation with recipients, disclosed to two of them,
    asking (in their own words, with their own details) to be erased."""
    from lawful.disclosures.services import record_disclosure
    from lawful.rights.services import receive_request, record_event
    from tests.organisations.factories import OrganisationFactory
    from tests.rights_register import RIGHTS_REGISTER

    org = OrganisationFactory(slug="ashdale", register=RIGHTS_REGISTER)
    person = services.create_person(
        organisation=org,
        actor=clerk_user,
        given_name=RESIDENT["given_name"],
        family_name=RESIDENT["family_name"],
        ward=RESIDENT["ward"],
        emails=[RESIDENT["email"]],
        phones=[RESIDENT["phone"]],
        postal=[services.PostalAddress(RESIDENT["address_lines"], RESIDENT["postcode"])],
        aliases=[RESIDENT["alias"]],
        purposes=[
            ("newsletters", "consent", "data-subject"),
            ("hall-hire", "contract", "data-subject"),
        ],
    )
    for recipient in ("district-council", "mailing-service"):
        record_disclosure(person, actor=clerk_user, recipient_id=recipient, what="name and email")
    rights_request = receive_request(
        org,
        kind="erasure",
        received_on="2026-11-02",
        via="email",
        requester={
            "name": f"{RESIDENT['given_name']} {RESIDENT['family_name']}",
            "email": RESIDENT["email"],
            "phone": RESIDENT["phone"],
            "postcode": RESIDENT["postcode"],
            "address_lines": RESIDENT["address_lines"],
        },
        details=f"Please delete me. I am {RESIDENT['given_name']}, of {RESIDENT['ward']}.",
        actor=clerk_user,
    )
    record_event(
        rights_request, type="person-confirmed", on="2026-11-03", actor=clerk_user, person=person.pk
    )
    return org, person, rights_request


def test_fulfilling_an_erasure_request_leaves_no_trace_but_the_hashes_it_must_keep(admin_user):
    from lawful.disclosures.models import Disclosure
    from lawful.rights.fulfil import fulfil
    from lawful.rights.letters import send_letter
    from lawful.suppression.models import SuppressionEntry

    org, person, rights_request = a_resident_with_a_request_disclosures_and_a_history(admin_user)
    assert database_leftovers(), "the scan sees the resident in the request before erasure"

    result = fulfil(rights_request, actor=admin_user)
    # The request keeps the reply address until the reply is sent.
    assert database_leftovers(), "the reply address is kept until the reply is sent"
    send_letter(rights_request, "completion", actor=admin_user, channel="email")

    assert result.outcome == "completed"
    # Kept on purpose, holding no identifier: the disclosure log (Art 19) and the
    # do-not-contact list's keyed hashes (the scan below covers their every column).
    assert Disclosure.objects.filter(person=person).count() == 2
    assert SuppressionEntry.objects.count() == 3
    assert {n.recipient_id for n in result.recipients_to_tell} == {
        "district-council",
        "mailing-service",
    }
    assert database_leftovers() == {}, "identifiers left after erasure (table.column)"
    assert files_with_needles(settings.VAR_DIR) == {}


def test_the_admin_keeps_no_log_of_its_own(client, admin_user, org):
    from django.contrib.admin.models import LogEntry

    use_the_admin_and_services(client, admin_user, org)

    assert not LogEntry.objects.exists()


# --- SQLite's files -----------------------------------------------------------------

ERASE_IN_SQLITE = """
import sys
from datetime import date

import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from lawful import registry
from lawful.organisations.services import create_organisation
from lawful.people import services
from lawful.people.services import PostalAddress
from tests.conftest import SMALL_REGISTER
from tests.security.traces import RESIDENT

org = create_organisation("ashbrook", SMALL_REGISTER, today=date(2026, 11, 23))
person = services.create_person(
    organisation=org, actor=None,
    given_name=RESIDENT["given_name"], family_name=RESIDENT["family_name"],
    ward=RESIDENT["ward"], emails=[RESIDENT["email"]], phones=[RESIDENT["phone"]],
    postal=[PostalAddress(RESIDENT["address_lines"], RESIDENT["postcode"])],
    aliases=[RESIDENT["alias"]],
    purposes=[("newsletters", "consent", "data-subject")],
)
# As time passes SQLite copies the WAL into the database file (a passive checkpoint),
# leaving the old frames in the WAL: the person is now in both files.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
print("created", flush=True)
sys.stdin.readline()
registry.erase(org, person, actor=None)
print("erased", flush=True)
sys.stdin.readline()  # the connection stays open while the files are read
"""


def sqlite_files(var_dir) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(var_dir.glob("lawful.sqlite3*"))
        if not path.name.endswith("-shm")  # an index of the WAL, no row data
    }


def test_on_sqlite_the_database_file_and_its_wal_keep_nothing_of_an_erased_person(tmp_path):
    env = clean_env(
        {
            "DJANGO_SETTINGS_MODULE": "lawful.settings",
            "LAWFUL_VAR_DIR": str(tmp_path),
            "LAWFUL_AUDIT_KEY": settings.LAWFUL_AUDIT_KEY,  # the audit log needs its key
        }
    )
    child = subprocess.Popen(
        [sys.executable, "-c", ERASE_IN_SQLITE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "created"
        before = {name: needles_in_bytes(data) for name, data in sqlite_files(tmp_path).items()}
        # The scan sees the person in both files before erasure.
        assert before["lawful.sqlite3"] and before["lawful.sqlite3-wal"], before
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "erased"

        after = {name: needles_in_bytes(data) for name, data in sqlite_files(tmp_path).items()}
        assert "lawful.sqlite3" in after
        assert {name: hits for name, hits in after.items() if hits} == {}
        wal = tmp_path / "lawful.sqlite3-wal"
        assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
    finally:
        child.stdin.close()
        assert child.wait(timeout=30) == 0


FULFIL_IN_SQLITE = """
import sys
from datetime import date

import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from django.db import connection
from lawful.organisations.services import create_organisation
from tests.rights_register import RIGHTS_REGISTER
from tests.security.test_erasure_leaves_no_trace import (
    a_resident_with_a_request_disclosures_and_a_history,
)
from unittest import mock

with mock.patch(
    "tests.organisations.factories.OrganisationFactory",
    lambda slug, register: create_organisation(slug, register, today=date(2026, 11, 23)),
):
    org, person, rights_request = a_resident_with_a_request_disclosures_and_a_history(None)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
print("created", flush=True)
sys.stdin.readline()
from lawful.rights.fulfil import fulfil
from lawful.rights.letters import send_letter
fulfil(rights_request, actor=None)
send_letter(rights_request, "completion", actor=None, channel="email")
print("erased", flush=True)
sys.stdin.readline()
"""


def test_on_sqlite_fulfilling_an_erasure_request_leaves_nothing_in_the_files(tmp_path):
    env = clean_env(
        {"DJANGO_SETTINGS_MODULE": "lawful.test_settings", "LAWFUL_VAR_DIR": str(tmp_path)}
    )
    child = subprocess.Popen(
        [sys.executable, "-c", FULFIL_IN_SQLITE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "created"
        before = {name: needles_in_bytes(data) for name, data in sqlite_files(tmp_path).items()}
        assert before["lawful.sqlite3"] and before["lawful.sqlite3-wal"], before
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "erased"

        after = {name: needles_in_bytes(data) for name, data in sqlite_files(tmp_path).items()}
        assert {name: hits for name, hits in after.items() if hits} == {}
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0
