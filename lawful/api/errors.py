"""Errors as JSON everywhere under /api/v1/, in the caller's words.

Validation errors (422) are a list naming each field as the caller wrote it:

    {"detail": [{"field": "phones[1]", "message": "'123' is not a valid UK ... number"}]}

Every other error is {"detail": "what went wrong"}: 401 without a usable token, 403 for
a role that may not, 404 for anything not found (another organisation's record is not
found), 405 for a method the endpoint does not take, 500 when Lawful fails.
"""

import functools
import logging
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lawful.people.normalise import InvalidValue

logger = logging.getLogger("lawful.api")

NOT_FOUND = "Not found."
UNAUTHORISED = (
    "Send a valid API token: Authorization: Bearer lawful_... "
    "(`lawful staff token USERNAME --org SLUG` makes one)."
)

# pydantic's error types, in plain words.
_MESSAGES = {
    "missing": "is required",
    "string_type": "must be text",
    "list_type": "must be a list",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_type": "must be a date written YYYY-MM-DD",
    "extra_forbidden": "is not a field this endpoint takes",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
}


class FieldProblem(Exception):
    """Input the services refused, named by the caller's field ("phones[1]"): a router
    raises it (a 422) after translating a service's error into its own field names."""

    def __init__(self, problems: Sequence[tuple[str, str]]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{f}: {m}" for f, m in self.problems))

    @classmethod
    def from_invalid(cls, exc: InvalidValue, field: str | Iterable[str] | None = None):
        fields = [field or exc.field] if isinstance(field, str | None) else list(field)
        return cls([(f, exc.message) for f in fields])


def field_name(loc: Sequence) -> str:
    """("body", "person", "phones", 1) -> "phones[1]"; ("query", "q") -> "q"."""
    source, *rest = loc or ("body",)
    if source == "body":
        rest = rest[1:]  # the endpoint's parameter name for the whole body
    name = ""
    for part in rest:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or ("the request body" if source == "body" else str(source))


def _problem(error: dict) -> dict:
    message = _MESSAGES.get(error.get("type"), error.get("msg", "is not valid"))
    if error.get("type") == "value_error":  # a schema's own check: its message as written
        message = str(error.get("ctx", {}).get("error", message))
    return {"field": field_name(error.get("loc", ())), "message": message}


def detail(status: int, message) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def install(api: NinjaAPI) -> None:
    """Give the API Lawful's error handlers in place of ninja's defaults."""

    @api.exception_handler(ValidationError)
    def validation(request, exc: ValidationError):
        return detail(422, [_problem(e) for e in exc.errors])

    @api.exception_handler(FieldProblem)
    def refused(request, exc: FieldProblem):
        return detail(422, [{"field": f, "message": m} for f, m in exc.problems])

    @api.exception_handler(InvalidValue)
    def invalid(request, exc: InvalidValue):
        return detail(422, [{"field": exc.field, "message": exc.message}])

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return detail(404, NOT_FOUND)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        response = detail(401, UNAUTHORISED)
        response["WWW-Authenticate"] = 'Bearer realm="lawful"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # ninja's "Cannot parse request body", from the JSON parser's error.
            return detail(400, "The request body is not valid JSON.")
        return detail(exc.status_code, exc.message)

    @api.exception_handler(Exception)
    def failed(request, exc):
        logger.exception("API request failed: %s %s", request.method, request.path)
        return detail(500, "Lawful failed to answer this request; it has been logged.")


def json_errors(view):
    """Wrap a ninja URL view so the errors it makes outside the handlers (405 for a
    method the path does not take) are JSON too."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not _is_json(response):
            allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
            response = detail(405, f"{request.method} is not allowed here (allowed: {allowed}).")
            response["Allow"] = allowed
        return response

    return wrapped


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def unknown_path(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other address under /api/v1/."""
    return detail(404, NOT_FOUND)


def api_root(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """/api/v1/ itself: where the schema and the docs are."""
    return JsonResponse(
        {
            "schema": reverse("api-v1:openapi-json"),
            "docs": reverse("api-v1:openapi-view"),
        }
    )
