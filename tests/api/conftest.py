"""API fixtures: a token per persona, and a client that sends it.

def test_x(api, clerk_token):
    response = api.get("/api/v1/people/1", token=clerk_token)
"""

import json

import pytest
from django.test import Client

from lawful.api.services import issue_token


class ApiClient:
    """Django's test client, sending JSON and a bearer token, CSRF checks on (as a
    browser's would be): the API must not need a CSRF token."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)

    def _headers(self, token):
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, *, token=None, **params):
        return self.client.get(path, params, **self._headers(token))

    def post(self, path, body=None, *, token=None, raw=None):
        data = raw if raw is not None else json.dumps(body or {})
        return self.client.post(path, data, content_type="application/json", **self._headers(token))

    def generic(self, method, path, *, token=None):
        return self.client.generic(method, path, **self._headers(token))


@pytest.fixture
def api():
    return ApiClient()


def token_for(user, organisation, name="tests") -> str:
    return issue_token(user, organisation, name=name).secret


@pytest.fixture
def clerk_token(clerk, org):
    return token_for(clerk, org)


@pytest.fixture
def councillor_token(councillor_a, org):
    return token_for(councillor_a, org)


@pytest.fixture
def volunteer_token(volunteer, org):
    return token_for(volunteer, org)


@pytest.fixture
def other_clerk_token(other_clerk, other_org):
    return token_for(other_clerk, other_org)


def problems(response) -> dict[str, str]:
    """A 422's problems as {field: message}."""
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    return {p["field"]: p["message"] for p in response.json()["detail"]}
