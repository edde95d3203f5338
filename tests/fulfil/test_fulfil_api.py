"""POST /api/v1/requests/{id}/fulfil: what was done, what was kept and why."""

import pytest

from lawful.disclosures.services import record_disclosure
from lawful.people.models import Person
from lawful.rights.services import receive_request
from tests.api.conftest import ApiClient, token_for

from .conftest import FINANCE, HALL_HIRE, NEWSLETTERS_BY_EMAIL, REQUESTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def token(clerk, rights_org):
    return token_for(clerk, rights_org)


def url(rights_request) -> str:
    return f"/api/v1/requests/{rights_request.pk}/fulfil"


def test_an_erasure_reply_names_what_was_erased_kept_and_whom_to_tell(
    api, token, make_person, confirmed, clerk
):
    person = make_person(NEWSLETTERS_BY_EMAIL, FINANCE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")

    response = api.post(url(confirmed("erasure", person)), token=token)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == "completed"
    kept = {k["purpose"]: k["why"] for k in body["kept"] if k.get("purpose")}
    assert kept["finance"].startswith("We cannot delete it while the law requires us to keep it.")
    assert [e["purpose"] for e in body["erased"]] == ["newsletters"]
    assert body["recipients_to_tell"] == [
        {
            "recipient": "district-council",
            "name": "Ashdale District Council",
            "action": "erasure",
            "status": "to-send",
        }
    ]


def test_a_right_that_does_not_apply_is_refused_with_its_reason(api, token, make_person, confirmed):
    person = make_person(FINANCE)

    response = api.post(url(confirmed("objection", person)), token=token)

    assert response.status_code == 200
    assert response.json()["outcome"] == "refused"
    assert "The right to object does not apply to this basis." in response.json()["reason"]


def test_a_correction_is_taken_field_by_field(api, token, make_person, confirmed):
    person = make_person(HALL_HIRE)

    response = api.post(
        url(confirmed("rectification", person)),
        {"changes": {"given_name": "Adah"}},
        token=token,
    )

    assert response.status_code == 200
    assert response.json()["changed"] == ["given_name"]
    assert Person.objects.get(pk=person.pk).given_name == "Adah"


def test_a_bad_correction_is_a_422_naming_the_field(api, token, make_person, confirmed):
    person = make_person(HALL_HIRE)

    response = api.post(
        url(confirmed("rectification", person)), {"changes": {"shoe_size": "9"}}, token=token
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "shoe_size"


def test_a_request_with_no_person_confirmed_is_a_409(api, token, rights_org, clerk):
    rights_request = receive_request(
        rights_org,
        kind="erasure",
        received_on="2026-11-02",
        via="email",
        requester=dict(REQUESTER),
        actor=clerk,
    )

    response = api.post(url(rights_request), token=token)

    assert response.status_code == 409
    assert "no person is confirmed" in response.json()["detail"]


def test_another_organisations_request_is_not_found(
    api, make_person, confirmed, other_clerk, other_org
):
    rights_request = confirmed("erasure", make_person(HALL_HIRE))

    response = api.post(url(rights_request), token=token_for(other_clerk, other_org))

    assert response.status_code == 404
    assert Person.objects.get().erased_at is None
