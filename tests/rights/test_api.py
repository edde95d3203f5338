"""The requests API contract: POST /api/v1/requests, GET /api/v1/requests/{id},
POST /api/v1/requests/{id}/events."""

import pytest

from lawful.rights.models import RightsRequest
from tests.api.conftest import ApiClient, problems, token_for
from tests.people.factories import ContactPointFactory, PersonFactory

BODY = {
    "kind": "access",
    "received_on": "2025-09-03",
    "via": "email",
    "requester": {
        "name": "Alice Smith",
        "email": "alice.smith@example.org",
        "phone": "07700 900123",
        "postcode": "SW1A 1AA",
        "address_lines": ["1 High Street", "Ashbrook"],
    },
    "details": "Everything you hold about me, please.",
}


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def clerk_token(clerk, org):
    return token_for(clerk, org)


@pytest.fixture
def created(api, clerk_token):
    response = api.post("/api/v1/requests", BODY, token=clerk_token)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_request_is_received_with_its_id_due_date_and_status(created):
    assert created["due_on"] == "2025-10-03"
    assert created["status"] == "open"
    assert RightsRequest.objects.get(pk=created["id"]).requester_address_lines == (
        "1 High Street\nAshbrook"
    )


def test_reading_a_request_shows_the_candidates_and_why(api, clerk_token, created, org):
    alice = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    ContactPointFactory(person=alice, value="Alice.Smith@example.org")
    body = api.get(f"/api/v1/requests/{created['id']}", token=clerk_token).json()
    assert {k: body[k] for k in ("id", "kind", "status", "received_on", "due_on", "person")} == {
        "id": created["id"],
        "kind": "access",
        "status": "open",
        "received_on": "2025-09-03",
        "due_on": "2025-10-03",
        "person": None,
    }
    assert body["candidates"][0]["person"] == alice.pk
    assert body["candidates"][0]["reasons"] == ["same email address", "same name"]


def test_events_move_the_due_date_and_confirm_the_person(api, clerk_token, created, org):
    url = f"/api/v1/requests/{created['id']}/events"
    asked = api.post(url, {"type": "identity-requested", "on": "2025-09-04"}, token=clerk_token)
    assert asked.status_code == 200 and asked.json()["status"] == "awaiting-identity"
    got = api.post(url, {"type": "identity-received", "on": "2025-09-10"}, token=clerk_token)
    assert got.json()["due_on"] == "2025-10-10"
    extended = api.post(
        url,
        {"type": "extended", "on": "2025-09-20", "reason": "records in three systems"},
        token=clerk_token,
    )
    assert extended.json()["due_on"] == "2025-12-10"
    alice = PersonFactory(organisation=org)
    confirmed = api.post(
        url, {"type": "person-confirmed", "on": "2025-09-21", "person": alice.pk}, token=clerk_token
    )
    assert confirmed.json()["person"] == alice.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BODY, "received_on": "03/09/2025"}, "received_on"),
        ({**BODY, "kind": "everything"}, "kind"),
        ({**BODY, "requester": {**BODY["requester"], "email": "nope"}}, "requester.email"),
        ({**BODY, "requester": {"email": "a@example.org"}}, "requester.name"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(api, clerk_token, body, field):
    assert field in problems(api.post("/api/v1/requests", body, token=clerk_token))
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "identity-received", "on": "2025-13-01"}, "on"),
        ({"type": "person-confirmed", "on": "2025-09-04", "person": 999999}, "person"),
        ({"type": "extended", "on": "2025-10-20", "reason": "many"}, "on"),
        ({"type": "teleported", "on": "2025-09-04"}, "type"),
    ],
)
def test_a_refused_event_is_a_422_naming_the_field(api, clerk_token, created, event, field):
    url = f"/api/v1/requests/{created['id']}/events"
    assert field in problems(api.post(url, event, token=clerk_token))
    assert not RightsRequest.objects.get(pk=created["id"]).events.exists()


def test_another_organisations_request_is_not_found(api, created, other_clerk, other_org):
    token = token_for(other_clerk, other_org)
    assert api.get(f"/api/v1/requests/{created['id']}", token=token).status_code == 404
    event = {"type": "identity-requested", "on": "2025-09-04"}
    url = f"/api/v1/requests/{created['id']}/events"
    assert api.post(url, event, token=token).status_code == 404


def test_a_councillor_may_log_a_request_but_not_read_or_work_on_it(api, councillor_a, org):
    token = token_for(councillor_a, org)
    response = api.post("/api/v1/requests", BODY, token=token)
    assert response.status_code == 201
    assert response.json()["candidates"] == []
    assert api.get(f"/api/v1/requests/{response.json()['id']}", token=token).status_code == 403


def test_without_a_token_nothing_is_answered(api):
    assert api.post("/api/v1/requests", BODY).status_code == 401
