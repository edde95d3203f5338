"""The OpenAPI schema, the docs page, and errors as JSON everywhere under /api/v1/."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

CONTRACT = {
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{person_id}": {"get"},
    "/api/v1/people/{person_id}/records": {"get"},
}


def test_the_schema_is_json_listing_every_contract_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path, methods in CONTRACT.items():
        assert methods <= set(schema["paths"][path]), path
    assert schema["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_every_endpoint_in_the_schema_needs_a_token_and_documents_its_errors(client):
    schema = client.get("/api/v1/openapi.json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"ApiTokenAuth": []}], (method, path)
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)


def test_the_docs_load_nothing_from_another_site(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:  # each shipped with the installation (collectstatic finds it)
        assert finders.find(source.removeprefix("/static/")), source
    # No inline script to allow in a Content-Security-Policy (JSON data is not run).
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))", page) == []


def test_the_api_root_says_where_the_schema_and_docs_are(client):
    response = client.get("/api/v1/")

    assert response.json() == {"schema": "/api/v1/openapi.json", "docs": "/api/v1/docs"}


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/people/1/nothing", "/api/v1/people/"]
)
def test_an_unknown_address_is_a_json_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("delete", "/api/v1/people", "GET, POST"), ("put", "/api/v1/people/1", "GET")],
)
def test_a_method_an_endpoint_does_not_take_is_a_json_405(api, method, path, allowed):
    response = api.generic(method.upper(), path)

    assert response.status_code == 405
    assert response.json() == {
        "detail": f"{method.upper()} is not allowed here (allowed: {allowed})."
    }
    assert sorted(response["Allow"].split(", ")) == allowed.split(", ")


def test_a_failure_is_json_not_an_html_page(api, clerk_token, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the search index is unreachable")

    monkeypatch.setattr("lawful.people.api.search", broken)

    response = api.get("/api/v1/people", q="Ashworth", token=clerk_token)

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Lawful failed to answer this request; it has been logged."
    }
    assert "the search index is unreachable" in caplog.text
