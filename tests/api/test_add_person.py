"""POST /api/v1/people: a person added through the people services, or refused naming
the field, with nothing written."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.people.models import ContactPoint, Person

from .conftest import problems

URL = "/api/v1/people"

ALICE = {
    "given_name": "Alice",
    "family_name": "Ashworth",
    "emails": ["Alice.Ashworth@Example.org"],
    "phones": ["07700 900123", "+44 1632 960001"],
    "address_lines": ["1 High Street", "Ashbrook"],
    "postcode": "sw1a1aa",
    "ward": "A",
}


def _nothing_written(org):
    assert not Person.objects.for_org(org).exists()
    assert not ContactPoint.objects.for_org(org).exists()
    assert not AuditEvent.objects.filter(organisation=org, target_type="people.person").exists()


def test_it_adds_a_person_and_returns_them_as_get_does(api, clerk_token, clerk, org):
    response = api.post(URL, ALICE, token=clerk_token)

    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.for_org(org).get(pk=body["id"])
    assert (person.given_name, person.family_name, person.ward) == ("Alice", "Ashworth", "A")
    assert body["emails"] == [
        {
            "value": "Alice.Ashworth@Example.org",
            "normalised": "alice.ashworth@example.org",
            "primary": True,
        }
    ]
    assert [p["normalised"] for p in body["phones"]] == ["+447700900123", "+441632960001"]
    assert body["addresses"] == [
        {"address_lines": ["1 High Street", "Ashbrook"], "postcode": "SW1A 1AA", "primary": True}
    ]
    assert response["Location"] == f"{URL}/{person.pk}"
    assert body == api.get(response["Location"], token=clerk_token).json()
    created = AuditEvent.objects.get(organisation=org, action="create", person_id=person.pk)
    assert created.actor == clerk


def test_address_lines_may_be_one_text_with_a_line_each(api, clerk_token):
    text = {
        "family_name": "Brown",
        "address_lines": "2 Mill Lane\r\nAshbrook\r\n",
        "postcode": "SW1A 1AA",
    }
    response = api.post(URL, text, token=clerk_token)

    assert response.status_code == 201, response.content
    assert response.json()["addresses"][0]["address_lines"] == ["2 Mill Lane", "Ashbrook"]


def test_a_councillor_may_add_a_person(api, councillor_token):
    assert api.post(URL, {"family_name": "Cole"}, token=councillor_token).status_code == 201


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"emails": ["not-an-email"]}, "emails[0]", "is not an email address"),
        ({"phones": ["07700 900123", "12345"]}, "phones[1]", "is not a valid UK"),
        ({"postcode": "ZZ99 ZZZ"}, "postcode", "is not a UK postcode"),
        ({"postcode": ""}, "postcode", "a postal address needs its postcode"),
        ({"address_lines": [], "postcode": "SW1A 1AA"}, "address_lines", "needs its address"),
        ({"emails": "alice@example.org"}, "emails", "must be a list"),
        ({"email": ["alice@example.org"]}, "email", "is not a field this endpoint takes"),
        ({"given_name": "x" * 151}, "given_name", "at most 150 characters"),
        ({"given_name": None}, "given_name", "must be text"),
        ({"address_lines": 5}, "address_lines", "or a list of lines"),
        ({"purposes": [{"purpose_id": "finance"}]}, "purposes[0].basis", "is required"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    api, clerk_token, org, change, field, words
):
    response = api.post(URL, ALICE | change, token=clerk_token)

    found = problems(response)
    assert field in found, found
    assert words in found[field]
    _nothing_written(org)


def test_every_bad_contact_detail_is_named_at_once(api, clerk_token, org):
    body = ALICE | {"emails": ["ok@example.org", "nope"], "phones": ["999"]}

    assert set(problems(api.post(URL, body, token=clerk_token))) == {"emails[1]", "phones[0]"}
    _nothing_written(org)


def test_a_person_needs_a_given_or_family_name(api, clerk_token, org):
    response = api.post(URL, {"emails": ["a@example.org"]}, token=clerk_token)

    found = problems(response)
    assert set(found) == {"given_name", "family_name"}
    assert "a given name or a family name is required" in found["family_name"]
    _nothing_written(org)


def test_a_body_that_is_not_json_is_refused_in_plain_words(api, clerk_token, org):
    response = api.post(URL, raw="{not json", token=clerk_token)

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    _nothing_written(org)


def test_a_purpose_only_in_a_draft_is_refused_naming_it(api, clerk_token, org):
    body = {
        "family_name": "Dale",
        "purposes": [
            {"purpose_id": "newsletters", "basis": "consent", "source": "data-subject"},
            {"purpose_id": "no-such-purpose", "basis": "consent", "source": "data-subject"},
        ],
    }

    found = problems(api.post(URL, body, token=clerk_token))

    assert list(found) == ["purposes[1]"]
    assert "'no-such-purpose' is not a purpose in the register" in found["purposes[1]"]
    _nothing_written(org)


def test_purposes_from_the_register_in_force_are_linked(api, clerk_token):
    body = {
        "family_name": "Dale",
        "purposes": [
            {
                "purpose_id": "newsletters",
                "basis": "public-task",
                "source": "data-subject",
                "since": "2026-01-05",
            }
        ],
    }

    response = api.post(URL, body, token=clerk_token)

    assert response.status_code == 201, response.content
    assert response.json()["purposes"] == [
        {
            "purpose_id": "newsletters",
            "basis": "public-task",
            "source": "data-subject",
            "since": "2026-01-05",
            "ended": None,
        }
    ]


def test_a_volunteer_may_not_add_people(api, volunteer_token, org):
    response = api.post(URL, ALICE, token=volunteer_token)

    assert response.status_code == 403
    assert "volunteer" in response.json()["detail"]
    _nothing_written(org)
