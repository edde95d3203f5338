"""POST/GET /api/v1/people/{id}/consents."""

from lawful.consent.models import ConsentEvent
from tests.api.conftest import ApiClient, problems, token_for
from tests.people.factories import ContactPointFactory, PersonFactory

GRANT = {
    "purpose": "newsletters",
    "channel": "email",
    "action": "grant",
    "method": "phone",
    "wording": "Yes, email me the newsletter.",
}


def _person(org):
    person = PersonFactory(organisation=org)
    ContactPointFactory(person=person)
    return person


def test_a_grant_is_recorded_and_the_state_and_history_returned(clerk, org):
    api, token, person = ApiClient(), token_for(clerk, org), _person(org)
    url = f"/api/v1/people/{person.pk}/consents"
    response = api.post(url, GRANT, token=token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["current"] == [
        {
            "purpose": "newsletters",
            "channel": "email",
            "granted": True,
            "since": body["history"][0]["at"],
        }
    ]
    assert body["history"][0]["method"] == "phone"
    assert body["history"][0]["recorded_by"] == "clerk"
    withdraw = GRANT | {"action": "withdraw", "wording": ""}
    assert api.post(url, withdraw, token=token).status_code == 201
    got = api.get(url, token=token).json()
    assert [s["granted"] for s in got["current"]] == [False]
    assert [e["action"] for e in got["history"]] == ["grant", "withdraw"]


def test_bad_input_is_a_422_naming_the_field(clerk, org):
    api, token, person = ApiClient(), token_for(clerk, org), _person(org)
    url = f"/api/v1/people/{person.pk}/consents"
    assert "channel" in problems(api.post(url, GRANT | {"channel": "fax"}, token=token))
    assert "purpose" in problems(api.post(url, GRANT | {"purpose": "nope"}, token=token))
    assert "method" in problems(api.post(url, GRANT | {"method": "owl"}, token=token))
    assert "action" in problems(api.post(url, GRANT | {"action": "perhaps"}, token=token))
    assert "wording" in problems(api.post(url, GRANT | {"wording": ""}, token=token))
    missing = dict(GRANT)
    del missing["channel"]
    assert "channel" in problems(api.post(url, missing, token=token))
    assert not ConsentEvent.objects.exists()


def test_another_organisations_person_is_not_found(clerk, org, other_org):
    api, token = ApiClient(), token_for(clerk, org)
    stranger = _person(other_org)
    url = f"/api/v1/people/{stranger.pk}/consents"
    assert api.post(url, GRANT, token=token).status_code == 404
    assert api.get(url, token=token).status_code == 404
    assert not ConsentEvent.objects.exists()


def test_a_volunteer_may_not(volunteer, org):
    api, token, person = ApiClient(), token_for(volunteer, org), _person(org)
    assert api.get(f"/api/v1/people/{person.pk}/consents", token=token).status_code == 403
