"""Isolation over every route of the URL configuration, generated from it.

Each route is found by walking Django's URL resolver (routes.py), classified, and its
parameters are filled from the fixture world (world.py): staff of organisation A, of
every role, ask for organisation B's objects by every method, and must get nothing of
B's, nor change anything of B's. A new route that fits no class, or takes a parameter
nobody mapped to an object, fails test_every_route_is_classified_and_fillable.
"""

import pytest
from django.urls import URLResolver, path, resolve
from django.urls.resolvers import RegexPattern

from lawful.staff.models import Role

from .requests import METHODS, UNSAFE, form_data, send, sends_to_sign_in, signed_in
from .routes import (
    ADMIN_OPEN,
    ORGANISATION_PARAMETERS,
    PARAMETERS,
    STAFF_OPEN,
    Route,
    routes_of,
    walk,
)
from .world import snapshot

ROLES = [role.value for role in Role]
WHO = [None, *ROLES]  # None: not signed in


def _ids(routes: list[Route]) -> list[str]:
    return [str(r) for r in routes]


def route_problems(routes: list[Route]) -> list[str]:
    """What stops the isolation walk from checking each route, in the developer's words."""
    problems = []
    for route in routes:
        if route.route_class is None:
            problems.append(
                f"{route}: no isolation class. Add a rule to CLASSES in "
                "tests/isolation/routes.py (public, staff, api, admin or static) so the "
                "isolation tests check it."
            )
        elif route.route_class not in ("api", "static") and route.unknown_params():
            problems.append(
                f"{route}: URL parameter(s) {', '.join(route.unknown_params())} not in "
                "PARAMETERS (tests/isolation/routes.py): say which object of an "
                "organisation fills each, so the tests can ask for another organisation's."
            )
    return problems


def test_every_route_is_classified_and_fillable():
    routes = walk()
    assert len(routes) > 10, "the walk found too few routes: is the resolver walked?"
    assert route_problems(routes) == []


def test_a_new_route_nobody_classified_fails_the_walk():
    def view(request, thing_id):  # pragma: no cover - never requested
        raise AssertionError

    urlconf = [path("reports/<int:thing_id>/", view, name="report")]
    resolver = URLResolver(RegexPattern(r"^/"), urlconf)
    problems = route_problems(walk(resolver))
    assert len(problems) == 1 and "report" in problems[0] and "CLASSES" in problems[0]


def test_a_new_staff_route_with_an_unknown_parameter_fails_the_walk():
    def view(request, org, invoice_id):  # pragma: no cover - never requested
        raise AssertionError

    urlconf = [path("staff/<slug:org>/invoices/<int:invoice_id>/", view, name="invoice")]
    resolver = URLResolver(RegexPattern(r"^/"), [path("", (urlconf, "staff", "staff"))])
    problems = route_problems(walk(resolver))
    assert len(problems) == 1 and "invoice_id" in problems[0] and "PARAMETERS" in problems[0]


def test_every_filled_path_resolves_back_to_its_route(w):
    # The walk builds each path from the pattern's text: check it reaches the same view.
    wrong = []
    for route in walk():
        if route.route_class in ("api", "static") or route.unknown_params():
            continue
        built = route.path_for(org_side=w.a, object_side=w.b)
        match = resolve(built.split("?")[0])
        if match.func is not route.callback:
            wrong.append(f"{route}: built {built}, which resolves to {match.view_name}")
    assert wrong == []


# --- Staff pages -------------------------------------------------------------------


def _hostile_paths(route: Route, w) -> list[tuple[str, bool]]:
    """(path, whether it names A's own organisation): B's objects in every parameter;
    and, where the route names an organisation and an object in it, A's organisation
    with B's object."""
    paths = [(route.path_for(org_side=w.b, object_side=w.b), False)]
    names = set(route.params)
    if names & ORGANISATION_PARAMETERS and names - ORGANISATION_PARAMETERS:
        paths.append((route.path_for(org_side=w.a, object_side=w.b), True))
    return list(dict.fromkeys(paths))


def _refused(answer, who, route, own_organisation: bool) -> bool:
    """Anonymous: sent to sign in. Staff: B's organisation or object is not found (404);
    in their own organisation a role may also be refused outright (403), which says
    nothing of B's object."""
    if who is None:
        return sends_to_sign_in(answer) or answer.status in (401, 403, 404, 405)
    if not route.params:
        return True  # a page of the user's own organisations: only leaks count
    allowed = {404, 405}
    if own_organisation or who == Role.VOLUNTEER.value:
        allowed.add(403)
    return answer.status in allowed


STAFF_ROUTES = routes_of("staff")


def test_the_staff_workspace_has_routes():
    assert STAFF_ROUTES, "no route classified as staff: is the workspace mounted at /staff/?"


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=_ids(STAFF_ROUTES))
def test_staff_of_one_organisation_get_nothing_of_another(w, route):
    before = snapshot(w.b)
    failures = []
    for who in WHO:
        client = signed_in(w.a.staff[who] if who else None)
        for built, own_organisation in _hostile_paths(route, w):
            for method in METHODS:
                answer = send(client, method, built, form_data(w.b))
                leaked = w.b.leaks_in(answer.body)
                if leaked:
                    failures.append(f"{who or 'anonymous'}: {answer} showed B's {leaked}")
                if answer.status >= 500:
                    failures.append(f"{who or 'anonymous'}: {answer}")
                elif route.name not in STAFF_OPEN and not _refused(
                    answer, who, route, own_organisation
                ):
                    failures.append(f"{who or 'anonymous'}: {answer}, expected 404")
    assert failures == []
    assert snapshot(w.b) == before, "a request of A's staff changed B's data"


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=_ids(STAFF_ROUTES))
def test_a_clerk_reaches_the_page_in_their_own_organisation(w, route):
    # The control for the test above: the paths it builds do reach the page when the
    # objects are the clerk's own, so its 404s are refusals, not wrong addresses.
    client = signed_in(w.a.staff[Role.DATA_PROTECTION_LEAD.value])
    answer = send(client, "GET", route.path_for(org_side=w.a, object_side=w.a), form_data(w.a))
    assert answer.status < 400 or answer.status == 405, str(answer)


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=_ids(STAFF_ROUTES))
def test_a_volunteer_gets_no_personal_data_from_any_staff_page(w, route):
    client = signed_in(w.a.staff[Role.VOLUNTEER.value])
    built = route.path_for(org_side=w.a, object_side=w.a)
    for method in ("GET", "POST"):
        answer = send(client, method, built, form_data(w.a))
        assert answer.status < 500, str(answer)
        assert w.a.leaks_in(answer.body) == [], f"{answer} showed a volunteer personal data"
        assert w.b.leaks_in(answer.body) == [], str(answer)


# --- Public pages ------------------------------------------------------------------

PUBLIC_ROUTES = routes_of("public")


# Public pages that take a POST: the forms residents use to make a request or complain.
PUBLIC_FORMS = {
    "public:request",
    "public:complaint",
    # consent: the sign-up form, its confirmation, the preferences page (withdraw in
    # one click) and one-click unsubscribe (RFC 8058 POST)
    "public:consent-sign-up",
    "public:consent-confirm",
    "public:consent-preferences",
    "public:consent-unsubscribe",
}
# Webhooks: a server's POST, authenticated by a signature with the organisation's own
# secret: one unsigned (or signed for another organisation) is refused, nothing stored.
PUBLIC_WEBHOOKS = {"public:mailing-service-unsubscribe"}
# Their thank-you pages: without a submission in this session they send back to the form.
PUBLIC_THANKS = {"public:request-thanks", "public:complaint-thanks"}


def _public_requests(route: Route, w) -> list[tuple[str, dict]]:
    """(path, headers): by /o/<A>/ (also when sent to B's host name), or by A's host."""
    if route.params:
        built = route.path_for(org_side=w.a, object_side=w.a)
        return [(built, {}), (built, {"host": w.b.host})]
    return [(route.path_for(org_side=w.a, object_side=w.a), {"host": w.a.host})]


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=_ids(PUBLIC_ROUTES))
def test_a_public_page_shows_only_its_own_organisation_and_no_personal_data(w, route):
    before = snapshot(w.b)
    failures = []
    for built, headers in _public_requests(route, w):
        for method in METHODS:
            answer = send(signed_in(None), method, built, form_data(w.b), **headers)
            leaked = w.b.leaks_in(answer.body, public_too=True) + w.a.leaks_in(answer.body)
            if w.a.draft_marker in answer.body:
                leaked.append("A's draft")
            if leaked:
                failures.append(f"{answer} {headers} showed {leaked}")
            back_to_form = (
                route.name in PUBLIC_THANKS
                and answer.status == 302
                and answer.location == built.rsplit("/thanks", 1)[0]
            )
            if back_to_form:
                pass  # a thank-you page is shown only after a submission in this session
            elif method == "GET" and (answer.status != 200 or w.a.controller not in answer.body):
                failures.append(f"{answer} {headers}: expected A's page")
            form_post = route.name in PUBLIC_FORMS and method == "POST"
            if route.name in PUBLIC_WEBHOOKS and method == "POST":
                if answer.status != 403:
                    failures.append(f"{answer}: an unsigned webhook call should be refused")
            elif form_post and answer.status not in (200, 400, 429):
                # The hostile form carries no request's fields: refused, nothing stored.
                failures.append(f"{answer}: a public form should refuse a form missing its fields")
            elif method in UNSAFE and not form_post and answer.status != 405:
                failures.append(f"{answer}: a public page should refuse {method}")
    assert failures == []
    assert snapshot(w.b) == before


@pytest.mark.parametrize(
    "route",
    [r for r in PUBLIC_ROUTES if r.params],
    ids=_ids([r for r in PUBLIC_ROUTES if r.params]),
)
def test_a_public_page_of_an_unknown_organisation_is_not_found(w, route):
    fill = {name: "no-such-organisation" for name in route.params}
    answer = send(signed_in(None), "GET", route.path(fill), form_data(w.b))
    assert answer.status == 404, str(answer)
    assert w.b.leaks_in(answer.body, public_too=True) == []


# --- Django's admin: superusers only -----------------------------------------------

ADMIN_ROUTES = routes_of("admin")


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=_ids(ADMIN_ROUTES))
def test_the_admin_refuses_every_member_of_staff(w, route):
    before = snapshot(w.b)
    built = route.path_for(org_side=w.b, object_side=w.b)
    failures = []
    for who in WHO:
        client = signed_in(w.a.staff[who] if who else None)
        for method in ("GET", "POST"):
            answer = send(client, method, built, form_data(w.b))
            if w.b.leaks_in(answer.body) or w.a.leaks_in(answer.body):
                failures.append(f"{who or 'anonymous'}: {answer} showed personal data")
            refused = sends_to_sign_in(answer) or answer.status in (403, 404, 405)
            if route.name not in ADMIN_OPEN and not refused:
                failures.append(f"{who or 'anonymous'}: {answer}, expected the sign-in page")
    assert failures == []
    assert snapshot(w.b) == before


def test_the_admin_still_serves_a_superuser(w):
    # The control for the test above: the admin is there, for the installation's
    # superusers.
    answer = send(signed_in(w.superuser), "GET", "/admin/people/person/", form_data(w.b))
    assert answer.status == 200, str(answer)


def test_the_parameter_table_covers_the_admin_and_the_public_pages():
    used = {name for r in walk() if r.route_class in ("admin", "public") for name in r.params}
    assert used <= set(PARAMETERS)
