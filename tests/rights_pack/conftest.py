"""Fixtures for the access pack and letters: a resident with a confirmed access request.

Requests are made directly (the intake services are tested in tests/rights): these tests
start where a request has been matched to a person.
"""

from datetime import date

import pytest

from lawful.people import services as people


def make_request(organisation, person=None, *, kind="access", details="", **fields):
    from lawful.rights.models import RightsRequest

    defaults = {
        "organisation": organisation,
        "kind": kind,
        "received_on": date(2026, 11, 2),
        "due_on": date(2026, 12, 2),
        "via": "email",
        "requester_name": person.display_name if person else "Ann Example",
        "requester_email": "ann.example@example.org",
        "details": details,
        "person": person,
        "status": "in-progress",
    }
    return RightsRequest.objects.create(**(defaults | fields))


@pytest.fixture
def resident(org, clerk):
    return people.create_person(
        organisation=org,
        actor=clerk,
        given_name="Ann",
        family_name="Example",
        emails=["ann.example@example.org"],
        phones=["07700 900123"],
        postal={"address_lines": "1 High Street\nAshbrook", "postcode": "EX17 6AA"},
        aliases=["Annie Sample"],
        purposes=[("newsletters", "consent", "data-subject")],
    )


@pytest.fixture
def neighbour(org, clerk):
    return people.create_person(
        organisation=org,
        actor=clerk,
        given_name="Brian",
        family_name="Neighbour",
        emails=["brian.neighbour@example.org"],
    )


@pytest.fixture
def access_request(org, resident):
    return make_request(org, resident, details="Please send me everything you hold.")


@pytest.fixture
def api():
    from tests.api.conftest import ApiClient

    return ApiClient()


@pytest.fixture
def clerk_token(clerk, org):
    from tests.api.conftest import token_for

    return token_for(clerk, org)
