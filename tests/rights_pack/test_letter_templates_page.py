"""The staff page where the lead rewords each kind of letter: preview, save, refusals
naming the field and line; audited; the lead only."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.rights.letters import DETAILS, letter_context, render_letter
from lawful.rights.pack_models import LetterTemplate

from .conftest import make_request

pytestmark = pytest.mark.django_db

URL = "/staff/ashbrook/letters/"


@pytest.fixture
def lead(client, clerk):
    client.force_login(clerk)
    return client


def test_the_page_shows_the_default_wording_of_the_chosen_letter(lead):
    page = lead.get(URL + "?kind=refusal").content.decode()
    assert "The refusal with reasons letter" in page
    assert "(Lawful&#x27;s wording)" in page or "(Lawful's wording)" in page
    assert "{{ request.due_on }}" in page


def test_a_preview_renders_the_proposed_wording_and_saves_nothing(lead):
    response = lead.post(
        URL,
        {"kind": "acknowledgement", "action": "preview", "subject": "Got {{ request.kind }}",
         "body": "Dear {{ requester.name }},\n\nWe will answer by {{ request.due_on }}."},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dear A. Resident," in page and "We will answer by" in page
    assert not LetterTemplate.objects.exists()


def test_saving_keeps_the_wording_for_the_letters_and_is_audited(lead, org, clerk, resident):
    response = lead.post(
        URL,
        {"kind": "acknowledgement", "action": "save", "subject": "Got: {{ request.reference }}",
         "body": "Hello {{ requester.name }},\n\nAshbrook has your request."},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("?kind=acknowledgement")
    assert AuditEvent.objects.filter(summary="reworded the acknowledgement letter").exists()
    letter = render_letter(make_request(org, resident), "acknowledgement")
    assert letter.text.startswith("Hello ") and "Ashbrook has your request." in letter.text
    assert "(your wording)" in lead.get(URL).content.decode()


@pytest.mark.parametrize(
    "fields, named",
    [
        ({"body": "Dear {{ requester.nmae }}"}, "The letter: line 1: {{ requester.nmae }}"),
        ({"body": "Hi\n\n{% if %}"}, "The letter: line 3"),
        ({"subject": "<b>Hi</b>"}, "Subject: letters are plain text"),
        ({"subject": ""}, "Subject: Write the letter&#x27;s subject."),
    ],
)
def test_a_bad_template_is_refused_naming_the_field_and_nothing_is_saved(lead, fields, named):
    data = {"kind": "completion", "action": "save", "subject": "S", "body": "B"} | fields
    response = lead.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and named in page
    assert not LetterTemplate.objects.exists()


def test_an_unknown_kind_of_letter_is_not_found(lead):
    assert lead.get(URL + "?kind=threat").status_code == 404
    assert lead.post(URL, {"kind": "threat", "subject": "S", "body": "B"}).status_code == 404


def test_only_the_lead_may_reword_letters(client, caseworker):
    client.force_login(caseworker)
    data = {"kind": "completion", "action": "save", "subject": "S", "body": "B"}
    assert client.post(URL, data).status_code == 403
    assert not LetterTemplate.objects.exists()


def test_the_details_listed_are_exactly_those_a_letter_gets(org, resident):
    context = letter_context(make_request(org, resident))
    flat = {
        f"{key}.{inner}" if isinstance(value, dict) else key
        for key, value in context.items()
        for inner in (value if isinstance(value, dict) else [None])
    }
    assert flat == set(DETAILS)
