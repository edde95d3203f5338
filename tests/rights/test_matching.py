"""Candidate matches of a requester to the people held, ranked, with the reasons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lawful.rights.matching import split_name
from lawful.rights.services import candidates
from tests.people.factories import AliasFactory, ContactPointFactory, PersonFactory


def _person(org, given, family, **contacts):
    person = PersonFactory(organisation=org, given_name=given, family_name=family)
    if "email" in contacts:
        ContactPointFactory(person=person, value=contacts["email"])
    if "phone" in contacts:
        ContactPointFactory(person=person, phone=True, value=contacts["phone"])
    if "postcode" in contacts:
        ContactPointFactory(person=person, postal=True, value=contacts["postcode"])
    return person


def test_candidates_are_ranked_with_the_reasons_in_words(make_request, org, other_org):
    by_email = _person(org, "Alice", "Smith", email="alice.smith@example.org")
    household = _person(org, "Bob", "Smith", postcode="SW1A 1AA")
    same_name = _person(org, "Alice", "Smith")
    by_phone = _person(org, "Al", "Smyth", phone="+44 7700 900123")
    _person(org, "Carol", "Jones", postcode="SW1A 1AA")  # a neighbour: no reason to match
    _person(other_org, "Alice", "Smith", email="alice.smith@example.org")  # not ours

    found = candidates(make_request())

    assert [c.person for c in found] == [by_email, by_phone, household, same_name]
    reasons = {c.person.pk: c.reasons for c in found}
    assert reasons[by_email.pk] == ["same email address", "same name"]
    assert reasons[by_phone.pk] == ["same telephone number"]
    assert reasons[household.pk] == ["same postcode and family name"]
    assert reasons[same_name.pk] == ["same name"]
    assert found[0].score > found[1].score > found[2].score > found[3].score


def test_a_person_known_by_another_name_is_a_candidate(make_request, org):
    person = _person(org, "Alice", "Brown")
    AliasFactory(person=person, name="Alice Smith")
    found = candidates(make_request())
    assert [(c.person, c.reasons) for c in found] == [(person, ["known by the same name"])]


def test_an_erased_person_is_never_a_candidate(make_request, org):
    from django.utils import timezone

    erased = _person(org, "Alice", "Smith", email="alice.smith@example.org")
    erased.erased_at = timezone.now()
    erased.save()
    assert candidates(make_request()) == []


def test_names_are_split_as_people_write_them():
    assert split_name("Alice Smith") == ("Alice", "Smith")
    assert split_name("Smith, Alice") == ("Alice", "Smith")
    assert split_name("Dr Alice Mary Smith") == ("Alice", "Smith")
    assert split_name("Smith") == ("", "Smith")


def test_every_matching_query_is_an_index_lookup(make_request, org):
    """Fast with a million people: no query of matching scans a table (SQLite's plan;
    PostgreSQL's planner scans tiny test tables whatever the indexes)."""
    if connection.vendor != "sqlite":
        pytest.skip("the query plan is checked on SQLite")
    _person(org, "Alice", "Smith", postcode="SW1A 1AA")
    r = make_request()
    with CaptureQueriesContext(connection) as captured:
        candidates(r)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans += [row[-1] for row in cursor.fetchall()]
    assert len(captured.captured_queries) == 7
    assert all(step.startswith("SEARCH") for step in plans), plans
