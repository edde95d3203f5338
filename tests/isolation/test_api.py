"""Isolation over every operation of the JSON API, generated from its OpenAPI schema.

Each operation of /api/v1/openapi.json is called with a token of organisation A (of
every role) and organisation B's ids in its path, B's names in its query; its unsafe
methods with a body made from the schema. B's data must not appear, nor change. The
routes the URL walk finds under /api/ must each be an operation of the schema (or one
of the schema and docs pages), so an endpoint added outside the schema is caught too.
"""

import json
import re

import pytest
from django.test import Client

from lawful.staff.models import Role

from .routes import PARAMETERS, routes_of
from .world import api_token, snapshot

SCHEMA_URL = "/api/v1/openapi.json"
ROLES = [role.value for role in Role]
# Routes under /api/ that are not operations: the schema itself and its docs page.
NOT_OPERATIONS = {
    "/api/v1/openapi.json": "the OpenAPI schema: describes the API, holds no data",
    "/api/v1/docs": "the interactive docs page: the schema rendered, holds no data",
    "/api/v1/": "the API's root: says where the schema and docs are, holds no data",
    "/api/v1/.*": "the API's catch-all: a JSON 404 for any other address",
}
# A request body's fields, by name, for unsafe operations: neutral values, so that a
# response echoing what was sent shows nothing of B's.
BODY_VALUES = {
    "given_name": "Mallory",
    "family_name": "Neutralby",
    "emails": [],
    "phones": [],
    "address_lines": "",
    "postcode": "",
    "ward": "",
    # The rights desk's requests and their events.
    "kind": "access",
    "received_on": "2026-11-20",
    "via": "email",
    "requester": {"name": "Mallory Neutralby", "email": "mallory@neutral.example"},
    "details": "",
    "type": "identity-requested",
    "on": "2026-11-21",
    "reason": "",
    # consent: a grant by paper form (the purpose and channel exist in both sides' registers)
    # (only where required: a case's purpose is optional and must be casework's)
    "purpose": lambda side: "newsletters",
    "channel": "email",
    "action": "grant",
    "method": "paper-form",
    "wording": "Yes, email me the newsletter.",
    "evidence": "",
    # Casework: a case of the side's first person, a note, a referral, a closing.
    "person": lambda side: side.person.pk,
    "subject": "A neutral subject",
    "text": "A neutral note.",
    "recipient": "district-office",
    "shared": "the neutral subject",
    "outcome": "A neutral outcome.",
    # Surveys: one made under the world's survey purpose; a response to its first question.
    "title": "Neutral survey",
    "questions": [{"text": "Neutral?", "kind": "choice", "choices": ["Yes", "No"]}],
    "answers": {"1": "Yes"},
}
# Where one field name means something else to one operation (by its operationId):
# a survey's purpose is the register's survey purpose, not a consent purpose.
BODY_VALUES_FOR = {"lawful_surveys_api_make_survey": {"purpose": "surveys"}}
# A multipart body's file, by field name (an .eml for casework's correspondence).
FILE_VALUES = {
    "file": (
        "neutral.eml",
        b"From: mallory@neutral.example\r\nSubject: Neutral\r\n\r\nA neutral email.\r\n",
    )
}
# A query parameter's value, by name: B's people's names, so a search that crossed
# organisations would find them (a prefix: an echoed query shows no whole marker).
QUERY_VALUES = {"q": lambda side: side.planted[0].family_name[:-2]}


def ninja_api():
    """The NinjaAPI instance behind the routes under /api/: its schema view holds it."""
    for route in routes_of("api"):
        view = route.callback
        while view is not None:  # through wrappers (functools.wraps) to ninja's partial
            api = getattr(view, "keywords", {}).get("api")
            if api is not None:
                return api
            view = getattr(view, "__wrapped__", None)
    return None


def _schema() -> dict:
    api = ninja_api()
    return api.get_openapi_schema() if api is not None else {}


def operations() -> list[tuple[str, str, dict]]:
    schema = _schema()
    found = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method.upper(), path, operation))
    return found


OPERATIONS = operations()
SCHEMA = _schema()
IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}|<[^>]+>", "{}", path).rstrip("/")


def test_the_api_has_a_schema_with_operations():
    assert OPERATIONS, f"no operations in {SCHEMA_URL}: is the API mounted at /api/v1/?"


def test_the_served_schema_lists_the_same_operations(w):
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200, f"no API schema served at {SCHEMA_URL}"
    served = json.loads(response.content)
    assert sorted(served["paths"]) == sorted(SCHEMA["paths"])


def test_every_api_route_is_an_operation_of_the_schema():
    in_schema = {_shape(path) for _, path, _ in OPERATIONS}
    outside = [
        str(route)
        for route in routes_of("api")
        if _shape(route.template) not in in_schema
        and _shape(route.template) not in {_shape(p) for p in NOT_OPERATIONS}
    ]
    assert outside == [], (
        "routes under /api/ that the OpenAPI schema does not list: add them to the "
        "schema (a ninja router), or to NOT_OPERATIONS in tests/isolation/test_api.py "
        "with the reason they hold no data"
    )


def test_every_path_parameter_of_the_api_is_in_the_parameter_table():
    unknown = {
        name
        for _, path, _ in OPERATIONS
        for name in re.findall(r"\{(\w+)\}", path)
        if name not in PARAMETERS
    }
    assert unknown == set(), "add these to PARAMETERS in tests/isolation/routes.py"


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _value(name: str, objects, operation_id: str = ""):
    value = BODY_VALUES_FOR.get(operation_id, {}).get(name, BODY_VALUES[name])
    return value(objects) if callable(value) else value


def _files(operation: dict) -> dict | None:
    """A multipart body: each file field from FILE_VALUES."""
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" not in content:
        return None
    from django.core.files.uploadedfile import SimpleUploadedFile

    shape = _resolve(SCHEMA, content["multipart/form-data"]["schema"])
    files = {}
    for name in shape.get("properties", {}):
        if name not in FILE_VALUES:
            raise AssertionError(f"multipart field {name!r}: add it to FILE_VALUES")
        filename, data = FILE_VALUES[name]
        files[name] = SimpleUploadedFile(filename, data)
    return files


def _body(operation: dict, objects=None) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    shape = _resolve(SCHEMA, content["application/json"]["schema"])
    body = {}
    for name in shape.get("required", []):
        if name not in BODY_VALUES:
            raise AssertionError(
                f"request body field {name!r}: add a neutral value to BODY_VALUES in "
                "tests/isolation/test_api.py"
            )
    required = set(shape.get("required", []))
    for name in shape.get("properties", {}):
        # A side's object (a callable value) only where the field is required: an
        # optional `person` elsewhere means something else (a confirmation).
        if name in BODY_VALUES and (name in required or not callable(BODY_VALUES[name])):
            body[name] = _value(name, objects, operation.get("operationId", ""))
    return body


def _url(path: str, operation: dict, *, objects) -> str:
    built = re.sub(r"\{(\w+)\}", lambda m: PARAMETERS[m.group(1)](objects), path)
    query = []
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        name = parameter["name"]
        if name in QUERY_VALUES:
            query.append(f"{name}={QUERY_VALUES[name](objects)}")
        elif parameter.get("required"):
            raise AssertionError(
                f"query parameter {name!r}: add it to QUERY_VALUES in tests/isolation/test_api.py"
            )
    return built + ("?" + "&".join(query) if query else "")


def _call(method: str, url: str, operation: dict, token: str | None, objects=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = _body(operation, objects)
    files = _files(operation)
    client = Client(raise_request_exception=False)
    if files is not None:
        response = client.post(url, files, headers=headers)
    elif body is None:
        response = client.generic(method, url, headers=headers)
    else:
        response = client.generic(
            method, url, json.dumps(body), content_type="application/json", headers=headers
        )
    return response.status_code, response.content.decode(errors="replace")


@pytest.fixture(scope="module")
def tokens(world, django_db_blocker):
    """A token of every role of A ({role: token or None if the role may not have one})."""
    with django_db_blocker.unblock():
        return {role: api_token(world.a.staff[role], world.a.organisation) for role in ROLES}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_an_api_operation_without_a_token_is_refused(w, method, path, operation):
    for token in (None, "lawful_not-a-real-token"):
        status, body = _call(method, _url(path, operation, objects=w.b), operation, token, w.b)
        assert status == 401, f"{method} {path} with token {token!r}: {status}"
        assert w.b.leaks_in(body) == []


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_a_token_of_one_organisation_gets_nothing_of_another(w, tokens, method, path, operation):
    before = snapshot(w.b)
    url = _url(path, operation, objects=w.b)
    names_objects = bool(re.search(r"\{\w+\}", path))
    failures = []
    for role, token in tokens.items():
        if token is None:
            continue
        status, body = _call(method, url, operation, token, w.b)
        leaked = w.b.leaks_in(body)
        if leaked:
            failures.append(f"{role}: {method} {url}: {status} showed B's {leaked}")
        # 403 for a volunteer, or for a role the operation refuses outright (the refusal
        # names the role, decided before any object is looked up: it says nothing of B's).
        refused_role = status == 403 and '"Your role (' in body
        allowed = {404} | ({403} if role == Role.VOLUNTEER.value or refused_role else set())
        if status >= 500 or (names_objects and status not in allowed):
            failures.append(f"{role}: {method} {url}: {status}, expected 404: {body[:200]}")
    assert failures == []
    assert snapshot(w.b) == before, f"{method} {url} with A's tokens changed B's data"


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_a_clerk_token_reaches_its_own_organisation(w, tokens, method, path, operation):
    # The control for the test above: with A's own ids the same call succeeds.
    token = tokens[Role.DATA_PROTECTION_LEAD.value]
    assert token, "the clerk got no API token"
    status, body = _call(method, _url(path, operation, objects=w.a), operation, token, w.a)
    assert status < 400, f"{method} {path}: {status} {body[:300]}"


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_a_volunteer_token_gets_no_personal_data(w, tokens, method, path, operation):
    token = tokens[Role.VOLUNTEER.value]
    if token is None:
        return  # the command refused a volunteer a token: nothing to call with
    status, body = _call(method, _url(path, operation, objects=w.a), operation, token, w.a)
    assert status < 500, f"{method} {path}: {status}"
    assert w.a.leaks_in(body) == [] and w.b.leaks_in(body) == [], f"{method} {path}: {status}"


PATHS = sorted({path for _, path, _ in OPERATIONS})


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_methods_an_api_path_does_not_take_change_nothing(w, tokens, path):
    taken = {method for method, p, _ in OPERATIONS if p == path}
    url = _url(path, {}, objects=w.b)
    before = snapshot(w.b)
    for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - taken):
        status, body = _call(method, url, {}, tokens[Role.DATA_PROTECTION_LEAD.value])
        assert status in (404, 405), f"{method} {url}: {status}"
        assert w.b.leaks_in(body) == []
    assert snapshot(w.b) == before
