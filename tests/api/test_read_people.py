"""GET /api/v1/people/{id}, /people/{id}/records and /people?q=: the token's organisation
only, each read audited."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.people import services
from tests.people.factories import PersonFactory

URL = "/api/v1/people"


@pytest.fixture
def alice(org, clerk):
    return services.create_person(
        organisation=org,
        actor=clerk,
        given_name="Alice",
        family_name="Ashworth",
        ward="A",
        emails=["alice@example.org"],
        phones=["07700 900123"],
        postal={"address_lines": "1 High Street\nAshbrook", "postcode": "SW1A 1AA"},
        purposes=[("newsletters", "consent", "data-subject")],
    )


@pytest.fixture
def northgate_person(other_org, other_clerk):
    return services.create_person(
        organisation=other_org,
        actor=other_clerk,
        given_name="Alice",
        family_name="Ashworth",
        emails=["alice@example.org"],
    )


def _views(org, person=None):
    events = AuditEvent.objects.filter(organisation=org, action="view")
    return list(events.filter(person_id=person.pk) if person else events)


def test_it_gives_a_person_with_their_contact_details_and_purposes(
    api, clerk_token, clerk, org, alice
):
    response = api.get(f"{URL}/{alice.pk}", token=clerk_token)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice.pk
    assert (body["name"], body["ward"], body["restricted"]) == ("Alice Ashworth", "A", False)
    assert [e["normalised"] for e in body["emails"]] == ["alice@example.org"]
    assert [p["normalised"] for p in body["phones"]] == ["+447700900123"]
    assert body["addresses"][0]["address_lines"] == ["1 High Street", "Ashbrook"]
    assert [(p["purpose_id"], p["basis"]) for p in body["purposes"]] == [("newsletters", "consent")]
    [viewed] = _views(org, alice)
    assert viewed.actor == clerk


def test_a_restricted_person_is_shown_as_restricted(api, clerk_token, clerk, alice):
    services.restrict_person(alice, actor=clerk)

    assert api.get(f"{URL}/{alice.pk}", token=clerk_token).json()["restricted"] is True


def test_records_list_every_part_of_lawful_with_its_label(api, clerk_token, org, alice):
    response = api.get(f"{URL}/{alice.pk}/records", token=clerk_token)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice.pk
    assert list(body["sources"])[0] == "people"
    people = body["sources"]["people"]
    assert people["label"] == "Identity, contact details and purposes"
    labels = [r["label"] for r in people["records"]]
    assert labels.count("Contact point") == 3 and "Purpose" in labels
    values = [r["fields"].get("Value") for r in people["records"]]
    assert "alice@example.org" in values
    assert "audit" in body["sources"]
    assert _views(org, alice), "reading everything held is audited"


def test_only_the_lead_sees_who_viewed_the_record(api, clerk_token, councillor_token, alice):
    path = f"{URL}/{alice.pk}/records"
    api.get(f"{URL}/{alice.pk}", token=clerk_token)

    lead = api.get(path, token=clerk_token).json()["sources"]
    councillor = api.get(path, token=councillor_token).json()["sources"]

    assert [r["fields"]["Who"] for r in lead["audit"]["records"]].count("clerk") >= 2
    assert "audit" not in councillor
    assert set(lead) - set(councillor) == {"audit"}


@pytest.mark.parametrize("path", ["/{id}", "/{id}/records"])
def test_another_organisations_person_is_not_found_like_one_that_does_not_exist(
    api, clerk_token, org, northgate_person, path
):
    theirs = api.get(URL + path.format(id=northgate_person.pk), token=clerk_token)
    nobody = api.get(URL + path.format(id=northgate_person.pk + 1000), token=clerk_token)

    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json() == nobody.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(person_id=northgate_person.pk, action="view").exists()


def test_an_id_that_is_not_a_number_is_not_found(api, clerk_token):
    response = api.get(f"{URL}/abc", token=clerk_token)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_search_finds_the_organisations_people_only(api, clerk_token, org, alice, northgate_person):
    PersonFactory(organisation=org, family_name="Baker")

    response = api.get(URL, q="alice@example.org", token=clerk_token)

    assert response.status_code == 200
    assert response.json() == [
        {"id": alice.pk, "name": "Alice Ashworth", "ward": "A", "restricted": False}
    ]


@pytest.mark.parametrize(
    ("query", "kind"),
    [("sw1a1aa", "postcode"), ("07700900123", "phone"), ("ashworth", "name")],
)
def test_search_finds_a_person_by_details_written_any_way(
    api, clerk_token, org, alice, query, kind
):
    response = api.get(URL, q=query, token=clerk_token)

    assert [p["id"] for p in response.json()] == [alice.pk]
    [searched] = _views(org)
    assert searched.summary == f"searched people by {kind} through the API: 1 found"


def test_search_is_audited_by_kind_and_count_never_the_text(api, clerk_token, clerk, org, alice):
    api.get(URL, q="Alice@Example.org", token=clerk_token)

    [searched] = _views(org)
    assert searched.actor == clerk
    assert searched.summary == "searched people by email through the API: 1 found"
    assert "alice" not in searched.summary.lower()


@pytest.mark.parametrize("query", [{}, {"q": "  "}])
def test_search_needs_something_to_search_for(api, clerk_token, org, query):
    response = api.get(URL, token=clerk_token, **query)

    assert response.status_code == 422
    assert [p["field"] for p in response.json()["detail"]] == ["q"]
    assert not _views(org)


@pytest.mark.parametrize("path", ["", "/{id}", "/{id}/records"])
def test_a_volunteer_reaches_no_personal_data(api, volunteer_token, org, alice, path):
    response = api.get(URL + path.format(id=alice.pk), token=volunteer_token, q="Alice")

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role (volunteer) may not see residents' records."}
    assert not _views(org)


def test_a_councillor_may_read_people(api, councillor_token, alice):
    assert api.get(f"{URL}/{alice.pk}", token=councillor_token).status_code == 200
