"""People search: any way of writing a name or contact detail finds the person, only
within the organisation, through indexes led by the organisation."""

import pytest
from django.db import connection

from lawful.people.search import QueryKind, query_kind, search, search_people
from tests.people.factories import AliasFactory, ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(org):
    person = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    ContactPointFactory(person=person, value="Alice.Smith@Example.org")
    ContactPointFactory(person=person, phone=True, value="+447700900123")
    ContactPointFactory(
        person=person,
        postal=True,
        value="SW1A 1AA",
        address_lines="1 High Street\nAshbrook",
    )
    return person


@pytest.fixture
def bob(org):
    person = PersonFactory(organisation=org, given_name="Bob", family_name="Smithson")
    ContactPointFactory(
        person=person, postal=True, value="SW1A 1AA", address_lines="3 High Street\nAshbrook"
    )
    return person


def test_a_postcode_written_in_lower_case_without_its_space_finds_the_person(alice, org):
    assert search_people(org, "sw1a1aa") == [alice]
    assert search_people(org, " SW1A  1AA ") == [alice]


def test_a_phone_number_written_the_uk_way_finds_the_number_stored_international(alice, org):
    assert search_people(org, "07700 900123") == [alice]
    assert search_people(org, "07700900123") == [alice]
    assert search_people(org, "+44 (0)7700 900123") == [alice] or search_people(
        org, "+44 7700 900123"
    ) == [alice]


def test_an_email_address_in_capitals_finds_the_lower_cased_address(alice, org):
    assert search_people(org, "ALICE.SMITH@EXAMPLE.ORG") == [alice]


def test_part_of_an_email_address_finds_no_one(alice, org):
    assert search_people(org, "alice.smith@") == []


def test_a_family_name_prefix_in_any_case_finds_the_people_it_starts(alice, bob, org):
    assert search_people(org, "smith") == [alice, bob]
    assert search_people(org, "SMITHS") == [bob]


def test_a_given_name_finds_the_person(alice, bob, org):
    assert search_people(org, "alice") == [alice]


def test_given_and_family_name_together_in_either_order(alice, bob, org):
    assert search_people(org, "alice smi") == [alice]
    assert search_people(org, "Smith, Alice") == [alice]
    assert search_people(org, "bob smith") == [bob]


def test_another_name_the_person_is_known_by_finds_them(alice, org):
    AliasFactory(person=alice, name="Alice Jones")
    assert search_people(org, "alice jon") == [alice]


def test_a_query_with_accents_finds_the_name_stored_without(org):
    zoe = PersonFactory(organisation=org, given_name="Zoe", family_name="Brontë")
    assert search_people(org, "Zoë") == [zoe]
    # A name stored with its accent is found when typed with it, in any case of the
    # letters both databases fold.
    assert search_people(org, "bront") == [zoe]
    assert search_people(org, "Brontë") == [zoe]


def test_an_address_first_line_in_any_case_finds_the_people_living_there(alice, bob, org):
    assert search_people(org, "1 high street") == [alice]
    assert search_people(org, "3 HIGH ST") == [bob]


def test_an_address_with_its_postcode_written_otherwise_finds_who_lives_there(alice, bob, org):
    assert search_people(org, "3 High Street, sw1a1aa") == [bob]
    assert set(search_people(org, "High Street sw1a 1aa")) == {alice, bob}


def test_nobody_of_another_organisation_is_found(alice, other_org):
    PersonFactory(organisation=other_org, given_name="Alice", family_name="Smith")
    for text in ("sw1a1aa", "07700 900123", "alice.smith@example.org", "1 High Street"):
        assert search_people(other_org, text) == []
    assert [p.organisation for p in search_people(other_org, "smith")] == [other_org]


def test_the_limit_caps_the_results(org):
    for n in range(5):
        PersonFactory(organisation=org, given_name=f"Ann{n}", family_name="Archer")
    assert len(search_people(org, "archer", limit=3)) == 3
    assert len(search_people(org, "archer")) == 5


def test_empty_text_finds_no_one(alice, org):
    assert search_people(org, "   ") == []
    assert search(org, "").kind is QueryKind.EMPTY


@pytest.mark.parametrize(
    "text, kind",
    [
        ("sw1a1aa", QueryKind.POSTCODE),
        ("07700 900123", QueryKind.PHONE),
        ("a@b.org", QueryKind.EMAIL),
        ("1 High Street", QueryKind.ADDRESS),
        ("High Street, SW1A 1AA", QueryKind.ADDRESS),
        ("Alice Smith", QueryKind.NAME),
    ],
)
def test_the_kind_of_query_is_named_for_the_audit_without_the_text(text, kind):
    assert query_kind(text) is kind


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    return plan


def test_name_prefix_lookups_use_the_search_key_indexes(org):
    from lawful.people.keys import SearchKey, fold, prefix_range
    from lawful.people.models import Alias, Person

    low, high = prefix_range(fold("smi"))
    by_family = (
        Person.objects.for_org(org)
        .alias(key=SearchKey("family_name"))
        .filter(key__gte=low, key__lt=high)
        .order_by("key")
    )
    by_given = (
        Person.objects.for_org(org)
        .alias(key=SearchKey("given_name"))
        .filter(key__gte=low, key__lt=high)
        .order_by("key")
    )
    by_alias = (
        Alias.objects.for_org(org)
        .alias(key=SearchKey("name"))
        .filter(key__gte=low, key__lt=high)
        .order_by("key")
    )
    assert "people_org_family_key_idx" in _plan(by_family)
    assert "people_org_given_key_idx" in _plan(by_given)
    assert "people_org_alias_key_idx" in _plan(by_alias)


def _full_scans(plan: str) -> list[str]:
    # SQLite says SCAN for a walk of a whole table (SEARCH for an index lookup);
    # PostgreSQL, with sequential scans discouraged, a Seq Scan only when no index fits.
    return [
        line for line in plan.splitlines() if "Seq Scan" in line or line.strip().startswith("SCAN ")
    ]


@pytest.mark.parametrize("text", ["sw1a1aa", "07700 900123", "ALICE@EXAMPLE.ORG"])
def test_contact_lookups_walk_no_table(org, text):
    from lawful.people.models import ContactPoint, Person
    from lawful.people.search import _classify

    kind, value = _classify(text)
    contact_kind = {"postcode": "postal", "phone": "phone", "email": "email"}[kind]
    ids = ContactPoint.objects.for_org(org).filter(kind=contact_kind, normalised=value)
    plan = _plan(ids.order_by("person_id").values_list("person_id", flat=True).distinct())
    assert _full_scans(plan) == [], plan
    plan = _plan(Person.objects.for_org(org).filter(pk__in=[1, 2]).order_by())
    assert _full_scans(plan) == [], plan


@pytest.mark.parametrize(
    "text",
    [
        "sw1a1aa",
        "07700 900123",
        "alice.smith@example.org",
        "smi",
        "Alice Smi",
        "Smith, A",
        "Zoë",
        "1 high street",
        "3 High Street, sw1a1aa",
    ],
)
def test_every_query_a_search_makes_uses_an_index(alice, bob, org, text):
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        search(org, text)
    assert statements
    for sql, params in statements:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                cursor.execute("SET enable_seqscan = on")
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        assert _full_scans(plan) == [], f"{sql}\n{plan}"
        # Never the organisation's people walked in name order to filter them.
        assert "people_org_name_idx (organisation_id=?)" not in plan, f"{sql}\n{plan}"
