"""Every route of the installation, found by walking Django's URL resolver, classified,
with its parameters filled from the fixture world.

Two tables decide everything, and a new route must find its place in them or the
isolation test fails naming it:

- CLASSES: which class a route belongs to (public, staff, api, admin, static), by its
  namespace or path. Each class has its own isolation check in test_routes.py.
- PARAMETERS: what each URL parameter name means, i.e. which object of an organisation
  fills it (`org`/`slug` an organisation's slug, `person_id` a person...).
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# A route's class, by the first rule that matches: (class, namespace, path prefix).
# The API's routes are tested from its OpenAPI schema (test_api.py); here they only need
# to be recognised as the API's.
CLASSES = [
    ("admin", "admin", None),
    ("public", "public", None),
    ("staff", "staff", None),
    ("api", None, "api/"),
    ("static", None, "static/"),
    ("static", None, "media/"),
]

# Staff routes that answer without a membership (signing in and out): checked for
# leaks like every other, but not expected to refuse.
STAFF_OPEN = {
    "staff:sign-in": "the sign-in form",
    "staff:sign-out": "signing out",
}
# Admin routes that answer anyone: Django's own sign-in and sign-out.
ADMIN_OPEN = {"admin:login": "Django's sign-in form", "admin:logout": "signing out"}


def _slug(side):
    return side.slug


def _person(side):
    return str(side.person.pk)


def _version(side):
    return side.draft_version


def _request(side):
    return str(side.request.pk)


def _complaint(side):
    return str(side.complaint.pk)


def _case(side):
    return str(side.case.pk)


def _survey(side):
    return str(side.survey.pk)


def _person_content_type(side):
    from django.contrib.contenttypes.models import ContentType

    from lawful.people.models import Person

    return str(ContentType.objects.get_for_model(Person).pk)


# URL parameter name -> the object of a side (A or B) that fills it. One table for the
# pages, the admin and the API; add a row when a route takes a new parameter.
PARAMETERS = {
    "org": _slug,
    "slug": _slug,
    "organisation": _slug,
    "person_id": _person,
    "id": _person,
    "pk": _person,
    "person": _person,
    "version": _version,
    "request_id": _request,
    "complaint_id": _complaint,
    "case_id": _case,
    "survey_id": _survey,
    # Django's admin: refused whole to anyone but a superuser, so B's person stands in.
    "object_id": _person,
    "app_label": lambda side: "people",
    "content_type_id": _person_content_type,
    # consent: signed links (lawful.consent.links), each for the side's own person
    "preferences_token": lambda side: side.tokens["preferences"],
    "unsubscribe_token": lambda side: side.tokens["unsubscribe"],
    "confirm_token": lambda side: side.tokens["confirm"],
    # The admin's catch-all for paths it does not know.
    "url": lambda side: "no-such-page/",
}
# Parameters that name the organisation itself (everything else names an object in it).
ORGANISATION_PARAMETERS = {"org", "slug", "organisation"}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    parts: tuple  # the pattern of each level, outermost first
    name: str  # "namespace:name", or the path when the route has no name
    namespace: str
    callback: object

    @property
    def template(self) -> str:
        """The path with its parameters as <name>, e.g. staff/<org>/people/<person_id>/."""
        text = "".join(_as_template(p) for p in self.parts)
        return "/" + text

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(\w+)>", self.template)

    @property
    def route_class(self) -> str | None:
        for route_class, namespace, prefix in CLASSES:
            if namespace and self.namespace.split(":")[0] == namespace:
                return route_class
            if prefix and self.template.lstrip("/").startswith(prefix):
                return route_class
        return None

    def unknown_params(self) -> list[str]:
        return [p for p in self.params if p not in PARAMETERS]

    def path(self, fill: dict[str, str]) -> str:
        """The path with each parameter replaced by fill[name]."""
        return re.sub(r"<(\w+)>", lambda m: fill[m.group(1)], self.template)

    def path_for(self, *, org_side, object_side) -> str:
        """Organisation parameters from org_side, every other parameter from object_side."""
        fill = {
            name: PARAMETERS[name](org_side if name in ORGANISATION_PARAMETERS else object_side)
            for name in self.params
        }
        return self.path(fill)

    def __str__(self):
        return f"{self.name} ({self.template})"


def _as_template(pattern) -> str:
    """One level of a pattern as plain text with <name> for each parameter."""
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):  # path: path("o/<slug:slug>/")
        return _ROUTE_PARAM.sub(lambda m: f"<{m.group('name')}>", text)
    # RegexPattern: re_path(r"^(?P<app_label>people|audit)/$"), Django's admin only.
    text = _REGEX_GROUP.sub(lambda m: f"<{m.group('name')}>", text)
    text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return text.replace("\\", "")


def walk(resolver=None, parts=(), namespaces=()) -> list[Route]:
    """Every route of the URL configuration, through every include."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = namespaces + ((entry.namespace,) if entry.namespace else ())
            routes += walk(entry, parts + (entry,), namespace)
        elif isinstance(entry, URLPattern):
            namespace = ":".join(namespaces)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            route = Route(parts + (entry,), name or "", namespace, entry.callback)
            if not route.name:
                route = Route(route.parts, route.template, namespace, entry.callback)
            routes.append(route)
    return routes


def routes_of(route_class: str) -> list[Route]:
    return [r for r in walk() if r.route_class == route_class]
