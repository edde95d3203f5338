"""Every page carries the Content-Security-Policy and the other protective headers.

The pages are found by walking the URL configuration, so a route added later is covered
without touching this test: parameters are filled from the fixtures (an organisation's
slug, an object of the admin's model, a person's id); a page answering 404 or 403 must
carry the headers too.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Routes not requested, with the reason.
SKIPPED: dict[str, str] = {
    "admin/logout/": "signs the client out (and answers GET with 405 anyway)",
}

# On every page, whatever a path's relaxation adds (LAWFUL_CSP_PATH_UPDATES).
EVERYWHERE = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def expected_sources(url: str, directive: str) -> str:
    """The sources the settings give `directive` on the page at `url`."""
    sources = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get(directive, []))
    for prefix, extra in settings.LAWFUL_CSP_PATH_UPDATES.items():
        if url.startswith(prefix):
            sources += extra.get(directive, [])
    return " ".join(sources)


def routes(patterns=None, prefix=""):
    """(route text, pattern) of every URL, nested includes walked."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def admin_model(route: str):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match:
        try:
            return apps.get_model(*match.groups())
        except LookupError:
            return None
    return None


def fill(route: str, values: dict) -> str:
    """The route with each parameter replaced by a value from the fixtures."""
    model = admin_model(route)

    def value(name: str, converter: str = "") -> str:
        if name in ("object_id", "id") and model is not None:
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj is not None else "1"
        if name in values:
            return str(values[name])
        return str(values["person_id"]) if converter == "int" else str(values["slug"])

    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value(m[2], m[1] or ""), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m[1]), route)
    return "/" + route.replace("^", "").replace("$", "")


@pytest.fixture
def pages(org, clerk, admin_user):
    person = PersonFactory(organisation=org)
    values = {
        "slug": org.slug,
        "org": org.slug,
        "organisation": org.slug,
        "person_id": person.pk,
        "pk": person.pk,
        "app_label": "people",
        "url": "no-such-page/",
        "content_type_id": "1",
    }
    found = sorted({fill(route, values) for route, _ in routes() if route not in SKIPPED}, key=str)
    assert len(found) > 40  # the admin's pages and the public pages at least
    return found


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


def check_headers(response, url):
    directives = policy(response)
    for directive, sources in EVERYWHERE.items():
        assert directives.get(directive) == sources, (url, response.status_code, directives)
    for directive in ("script-src", "style-src"):
        assert directives.get(directive) == expected_sources(url, directive), (url, directives)
    relaxed = any(url.startswith(prefix) for prefix in settings.LAWFUL_CSP_PATH_UPDATES)
    if not relaxed:
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), url
    assert response.headers.get("X-Frame-Options") == "DENY", url


@pytest.mark.parametrize("who", ["anonymous", "clerk", "superuser"])
def test_every_page_carries_the_content_security_policy(pages, who, clerk, admin_user):
    client = Client(raise_request_exception=False)
    user = {"anonymous": None, "clerk": clerk, "superuser": admin_user}[who]
    statuses = {}
    for url in pages:
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        statuses[url] = response.status_code
        check_headers(response, url)
    if who == "superuser":
        # The filling reached real pages, not only 404s.
        reached = [url for url, status in statuses.items() if status == 200]
        assert len(reached) > 25, statuses
        assert any(re.match(r"/admin/people/person/\d+/change/", url) for url in reached)
        assert "/o/ashbrook/privacy" in reached


def test_error_and_post_responses_carry_it_too(client, admin_user):
    check_headers(client.post("/admin/login/", {"username": "x", "password": "y"}), "/admin/login/")
    csrf_client = Client(enforce_csrf_checks=True)
    refused = csrf_client.post("/admin/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    check_headers(refused, "/admin/login/")
    check_headers(client.get("/no/such/page"), "/no/such/page")


def test_a_path_may_be_given_more_in_one_setting_and_only_that_path(client, settings, org):
    settings.LAWFUL_CSP_PATH_UPDATES = {"/o/": {"img-src": ["https://tiles.example.org"]}}

    relaxed = policy(client.get(f"/o/{org.slug}/privacy"))
    other = policy(client.get("/admin/login/"))

    assert relaxed["img-src"] == "'self' data: https://tiles.example.org"
    assert relaxed["script-src"] == "'self'"
    assert other["img-src"] == "'self' data:"


# Templates that never reach a browser, with the reason (the policy does not apply).
NOT_SERVED_AS_PAGES = {
    "public/notice_pdf.html": "laid out into a PDF by WeasyPrint in the server",
}


def test_the_templates_have_no_inline_scripts_or_styles():
    from pathlib import Path

    import lawful

    root = Path(lawful.__file__).parent
    for template in root.glob("*/templates/**/*.html"):
        if template.relative_to(template.parents[1]).as_posix() in NOT_SERVED_AS_PAGES:
            continue
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\sstyle=|<style", text), template
        assert not re.search(r"\son[a-z]+=", text), template
