"""A server error leaves one line on stderr naming the page, never what was submitted."""

import copy
import io
import logging.config

import pytest
from django.conf import settings as django_settings


@pytest.fixture
def stderr_lines():
    """What Lawful's logging configuration writes to its stderr handler during the test."""
    assert django_settings.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    config = copy.deepcopy(django_settings.LOGGING)
    written = io.StringIO()
    config["handlers"]["stderr"]["stream"] = written
    logging.config.dictConfig(config)
    yield lambda: written.getvalue().splitlines()
    logging.config.dictConfig(django_settings.LOGGING)


def test_a_server_error_is_logged_with_its_path_but_not_the_form(client, settings, stderr_lines):
    settings.ROOT_URLCONF = "tests.jobs.failing_urls"
    client.raise_request_exception = False

    response = client.post(
        "/people/42/edit?q=Zebedee", {"family_name": "Quillfeather", "email": "q@example.org"}
    )

    assert response.status_code == 500
    lines = stderr_lines()
    headline = [line for line in lines if "ERROR django.request" in line]
    assert headline and "Internal Server Error: /people/42/edit" in headline[0]
    assert any("RuntimeError: the page broke" in line for line in lines)  # the traceback
    logged = "\n".join(lines)
    for submitted in ("Quillfeather", "q@example.org", "Zebedee"):
        assert submitted not in logged


def test_a_page_not_found_is_not_logged_as_an_error(client, stderr_lines):
    assert client.get("/no-such-page").status_code == 404
    assert not [line for line in stderr_lines() if "django.request" in line]
