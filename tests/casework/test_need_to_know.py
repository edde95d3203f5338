"""Need-to-know, generated from the URL configuration and the API schema: each role
reaches exactly the cases in its scope, through every casework page, API operation,
export and search, and no page of the workspace shows an out-of-scope case's content.

The world: one councillors' office with four cases, each with its own markers (in the
subject, which lists show, and in the encrypted description, which only the case page
shows), and who should see each:

    case     ward       given to   seen by
    north    Northgate  worker     lead, cllr-a (ward), worker
    south    Southgate  worker2    lead, cllr-b (ward), worker2
    east-a   Eastgate   cllr-a     lead, cllr-a (given)
    east     Eastgate   no one     lead
A volunteer sees none, and no page gives them special-category data.
"""

import json
import re

import pytest
from django.db import transaction
from django.test import Client

from tests.isolation.requests import signed_in
from tests.isolation.routes import routes_of
from tests.isolation.test_api import ninja_api
from tests.isolation.world import api_token

CASES = {
    "north": ("Northgate", "worker", {"lead", "cllr-a", "worker"}),
    "south": ("Southgate", "worker2", {"lead", "cllr-b", "worker2"}),
    "east-a": ("Eastgate", "cllr-a", {"lead", "cllr-a"}),
    "east": ("Eastgate", "", {"lead"}),
}
USERS = ["lead", "cllr-a", "cllr-b", "worker", "worker2", "volunteer"]
STAFF = {
    "lead": ("dp_lead", ""),
    "cllr-a": ("councillor", "Northgate"),
    "cllr-b": ("councillor", "Southgate"),
    "worker": ("caseworker", ""),
    "worker2": ("caseworker", ""),
    "volunteer": ("volunteer", ""),
}


def subject_marker(name: str) -> str:
    return f"Zubjectmark {name.upper()}-X"


def secret_marker(name: str) -> str:
    return f"Sekretdesc-{name.upper()}-X"


def markers(name: str) -> list[str]:
    return [subject_marker(name), secret_marker(name)]


class World:
    pass


def _build():
    from lawful.casework import services
    from lawful.organisations.models import Membership
    from lawful.organisations.services import create_organisation
    from lawful.people.services import create_person
    from lawful.staff.models import StaffUser
    from tests.conftest import EXAMPLES, TODAY

    world = World()
    text = (EXAMPLES / "councillors-office.yaml").read_text()
    world.org = create_organisation("ntk-office", text, today=TODAY)
    world.users = {}
    for username, (role, ward) in STAFF.items():
        user = StaffUser.objects.create_user(
            username=username, password="a long synthetic passphrase", role=role
        )
        Membership.objects.create(user=user, organisation=world.org, role=role, ward=ward)
        world.users[username] = user
    world.cases, world.people = {}, {}
    for name, (ward, given_to, _) in CASES.items():
        person = create_person(
            organisation=world.org,
            actor=None,
            given_name="Resident",
            family_name=f"Ntk{name.replace('-', '').title()}",
            ward=ward,
        )
        world.people[name] = person
        world.cases[name] = services.open_case(
            world.org,
            actor=world.users["lead"],
            person=person,
            subject=subject_marker(name),
            description=f"{secret_marker(name)}: a health matter.",
            ward=ward,
            category="housing",
            special_categories=["health"],
            special_category_condition="elected-representatives",
            assigned_to=given_to,
        )
    return world


@pytest.fixture(scope="module")
def ntk(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield _build()
            transaction.set_rollback(True)


@pytest.fixture
def w(ntk, db):
    return ntk


def visible(username: str) -> set[str]:
    return {name for name, (_, _, seen_by) in CASES.items() if username in seen_by}


# --- Generated from the URL configuration ----------------------------------------------

CASEWORK_ROUTES = [
    r for r in routes_of("staff") if r.callback.__module__ == "lawful.casework.views"
]
CASE_ROUTES = [r for r in CASEWORK_ROUTES if "case_id" in r.params]
LIST_ROUTES = [r for r in CASEWORK_ROUTES if r.params == ["org"]]
PERSON_PAGES = [r for r in routes_of("staff") if set(r.params) == {"org", "person_id"}]


def test_the_casework_routes_are_found():
    names = {r.name for r in CASEWORK_ROUTES}
    assert {"staff:cases", "staff:case", "staff:cases-export", "staff:case-new"} <= names
    assert CASE_ROUTES and LIST_ROUTES and PERSON_PAGES


@pytest.mark.parametrize("route", CASE_ROUTES, ids=str)
@pytest.mark.parametrize("username", USERS)
def test_a_case_page_answers_only_within_the_role_scope(w, route, username):
    from lawful.casework.models import Note

    client = signed_in(w.users[username])
    failures = []
    for name, case in w.cases.items():
        path = route.path({"org": w.org.slug, "case_id": str(case.pk)})
        page = client.get(path)
        body = page.content.decode()
        notes_before = Note.objects.filter(case=case).count()
        posted = client.post(path, {"action": "note", "note-kind": "note", "note-text": "probe"})
        added = Note.objects.filter(case=case).count() - notes_before
        if name in visible(username):
            if page.status_code != 200 or secret_marker(name) not in body:
                failures.append(f"{username} could not open {name}: {page.status_code}")
            if posted.status_code != 302 or added != 1:
                failures.append(f"{username} could not add a note to {name}")
        else:
            refused = {404} | ({403} if username == "volunteer" else set())
            if page.status_code not in refused or posted.status_code not in refused:
                failures.append(f"{username} reached {name}: {page.status_code}")
            if added or any(m in body for m in markers(name)):
                failures.append(f"{username} saw or changed {name}")
    assert failures == []


@pytest.mark.parametrize("route", LIST_ROUTES, ids=str)
@pytest.mark.parametrize("username", USERS)
def test_lists_exports_and_search_show_only_the_role_scope(w, route, username):
    client = signed_in(w.users[username])
    path = route.path({"org": w.org.slug})
    for query in ({}, {"q": "Zubjectmark"}, {"q": "Sekretdesc"}, {"status": "open"}):
        response = client.get(path, query)
        body = response.content.decode()
        if username == "volunteer":
            assert response.status_code == 403
        for name in CASES:
            shown = subject_marker(name) in body
            if name not in visible(username):
                assert not shown, f"{username}: {path} {query} showed {name}"
            elif route.name in ("staff:cases", "staff:cases-export"):
                assert shown, f"{username}: {path} {query} did not show {name}"
        for name in CASES:
            assert secret_marker(name) not in body  # content is for the case page only


@pytest.mark.parametrize("route", PERSON_PAGES, ids=str)
@pytest.mark.parametrize("username", USERS)
def test_no_person_page_shows_a_case_beyond_the_role_scope(w, route, username):
    client = signed_in(w.users[username])
    for name, person in w.people.items():
        body = client.get(route.path({"org": w.org.slug, "person_id": str(person.pk)}))
        text = body.content.decode()
        if name not in visible(username):
            assert all(m not in text for m in markers(name)), f"{username}: {name} on {route}"


# --- Generated from the API schema -----------------------------------------------------


def _operations():
    schema = ninja_api().get_openapi_schema()
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/cases")
        for method in item
    ]


OPERATIONS = _operations()
BODIES = {
    "/api/v1/cases/{case_id}/notes": {"text": "probe"},
    "/api/v1/cases/{case_id}/referrals": {
        "recipient": "local-authorities",
        "shared": "name and the repair needed",
    },
    "/api/v1/cases/{case_id}/close": {"outcome": "done"},
}
EML = b"From: someone@example.org\r\nSubject: probe\r\n\r\nHello.\r\n"


def test_the_api_has_the_contract_operations():
    assert set(OPERATIONS) >= {
        ("GET", "/api/v1/cases"),
        ("POST", "/api/v1/cases"),
        ("GET", "/api/v1/cases/{case_id}"),
        ("POST", "/api/v1/cases/{case_id}/notes"),
        ("POST", "/api/v1/cases/{case_id}/correspondence"),
        ("POST", "/api/v1/cases/{case_id}/referrals"),
        ("POST", "/api/v1/cases/{case_id}/third-parties"),
        ("POST", "/api/v1/cases/{case_id}/close"),
    }


def _call(token, method, path, w, name):
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token}"}
    url = path.replace("{case_id}", str(w.cases[name].pk))
    if path.endswith("/correspondence"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("probe.eml", EML, content_type="message/rfc822")
        return client.post(url, {"file": upload}, headers=headers)
    if path.endswith("/third-parties"):
        other = next(p for n, p in w.people.items() if n != name)
        body = {"person": other.pk}
    else:
        body = BODIES.get(path)
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(
        url, json.dumps(body or {}), content_type="application/json", headers=headers
    )


@pytest.mark.parametrize(("method", "path"), [o for o in OPERATIONS if "{case_id}" in o[1]])
@pytest.mark.parametrize("username", USERS)
def test_an_api_case_operation_answers_only_within_the_role_scope(w, method, path, username):
    token = api_token(w.users[username], w.org)
    if token is None:
        assert username == "volunteer"
        return
    for name in CASES:
        response = _call(token, method, path, w, name)
        body = response.content.decode()
        if name in visible(username):
            assert response.status_code < 400, f"{username} {method} {path} {name}: {body[:200]}"
        elif username == "volunteer":
            assert response.status_code == 403
        else:
            assert response.status_code == 404, f"{username} {method} {path} reached {name}"
            assert all(m not in body for m in markers(name))


@pytest.mark.parametrize("username", USERS)
def test_the_api_list_and_search_show_only_the_role_scope(w, username):
    token = api_token(w.users[username], w.org)
    if token is None:
        return
    client = Client(raise_request_exception=False)
    for query in ("", "?q=Zubjectmark", "?q=Sekretdesc", "?status=open"):
        response = client.get(f"/api/v1/cases{query}", headers={"Authorization": f"Bearer {token}"})
        if username == "volunteer":
            assert response.status_code == 403
            continue
        ids = {row["id"] for row in response.json()}
        assert ids == {w.cases[n].pk for n in visible(username)}, (username, query)


def test_a_volunteer_sees_no_special_category_data_anywhere(w):
    # Every staff page of the organisation, by every case and person: no case's markers.
    client = signed_in(w.users["volunteer"])
    for route in routes_of("staff"):
        fill = {"org": w.org.slug}
        if not set(route.params) <= {"org", "person_id", "case_id"}:
            continue
        for name in CASES:
            fill |= {"person_id": str(w.people[name].pk), "case_id": str(w.cases[name].pk)}
            body = client.get(route.path(fill)).content.decode()
            assert not re.search("Zubjectmark|Sekretdesc|health matter", body), route
