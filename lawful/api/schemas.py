"""The shapes of the API's errors, for the OpenAPI schema (see errors.py)."""

from ninja import Schema


class Detail(Schema):
    detail: str


class Problem(Schema):
    field: str
    message: str


class Problems(Schema):
    detail: list[Problem]


ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Problems}


def responses(ok: dict) -> dict:
    """An endpoint's responses: its own (`{200: PersonOut}`) and the errors every
    endpoint may give, so the schema documents them."""
    return ERRORS | ok
