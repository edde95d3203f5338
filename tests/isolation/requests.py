"""Sending one request of the isolation walk, and what a response that refuses looks like."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def form_data(object_side) -> dict:
    """What a hostile form sends: the other organisation's ids and names in every field
    a view might read, and neutral values for a new record."""
    return {
        # A prefix finds the person, yet a page echoing the query shows no marker.
        "q": object_side.planted[0].family_name[:-2],
        "org": object_side.slug,
        "organisation": object_side.slug,
        "person": object_side.person.pk,
        "person_id": object_side.person.pk,
        "id": object_side.person.pk,
        "version": object_side.draft_version,
        "minute": "M-ISO-1",
        "given_name": "Mallory",
        "family_name": "Neutralby",
    }


@dataclass
class Answer:
    method: str
    path: str
    status: int
    body: str
    location: str
    error: str

    def __str__(self):
        where = f" -> {self.location}" if self.location else ""
        return f"{self.method} {self.path}: {self.status}{where}{self.error}"


def send(client: Client, method: str, path: str, data: dict, **headers) -> Answer:
    if method == "GET":
        response = client.get(path, {"q": data["q"]}, headers=headers)
    elif method == "POST":
        response = client.post(path, data, headers=headers)
    else:
        response = client.generic(
            method,
            path,
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode(errors="replace")
    elif response.get("Content-Type", "").startswith("application/pdf"):
        body = pdf_text(response.content)  # what a reader of the PDF sees
    else:
        body = response.content.decode(errors="replace")
    error = ""
    if response.status_code >= 500 and getattr(response, "exc_info", None):
        error = f" raised {response.exc_info[1]!r}"
    return Answer(method, path, response.status_code, body, response.get("Location", ""), error)


def pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def sends_to_sign_in(answer: Answer) -> bool:
    """A redirect to the workspace's sign-in page, or to Django admin's."""
    sign_in = (resolve_url(settings.LOGIN_URL), "/admin/login/")
    return answer.status in (301, 302, 303) and answer.location.startswith(sign_in)
