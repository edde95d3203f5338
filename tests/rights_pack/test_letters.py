"""Letters render from the organisation's own wording, escape what the requester wrote,
refuse templates that could reach beyond the request, and are recorded when sent."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from lawful.audit.models import AuditEvent
from lawful.rights.letters import (
    LetterProblem,
    letter_pdf,
    render_letter,
    save_template,
    send_letter,
)
from lawful.rights.pack_models import Letter, LetterKind

from .conftest import make_request

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_default_letter_with_the_request_in_it(access_request):
    for kind in LetterKind.values:
        letter = render_letter(access_request, kind, reason="Because.")
        assert access_request.reference in letter.subject
        assert "Ann Example" in letter.text


def test_the_acknowledgement_says_when_the_answer_is_due_and_asks_no_photo_id(access_request):
    letter = render_letter(access_request, "acknowledgement")
    assert "2 December 2026" in letter.text
    assert "we do not ask for photo identification" in letter.text


def test_a_refusal_names_the_reason_and_every_way_to_complain(access_request):
    letter = render_letter(access_request, "refusal", reason="The request is for another person.")
    assert "The request is for another person." in letter.text
    assert "complain to us first" in letter.text
    assert "Information Commissioner's Office" in letter.text
    assert "court" in letter.text


def test_the_organisations_own_wording_is_used(org, clerk, access_request):
    save_template(
        org,
        "acknowledgement",
        subject="Got it: {{ request.reference }}",
        body="Hello {{ requester.name }},\n\nAshbrook has your request.\n",
        actor=clerk,
    )
    letter = render_letter(access_request, "acknowledgement")
    assert letter.subject == f"Got it: {access_request.reference}"
    assert letter.text == "Hello Ann Example,\n\nAshbrook has your request.\n"
    assert AuditEvent.objects.filter(summary="reworded the acknowledgement letter").exists()


def test_what_the_requester_wrote_is_escaped(org, clerk, resident):
    hostile = make_request(org, resident, requester_name='<script>alert("x")</script> & Co')
    letter = render_letter(hostile, "acknowledgement")
    assert "<script>" not in letter.html
    assert "&lt;script&gt;" in letter.html
    assert '<script>alert("x")</script> & Co' in letter.text  # plain text: as written


@pytest.mark.parametrize(
    "body, problem",
    [
        ("{% load static %}{% static 'x' %}", "load"),
        ("Dear {{ requester.name }}\n\n{% debug %}", "line 3"),
        ("{% include 'staff/base.html' %}", "include"),
        ("{{ requester.name|safe }}", "safe"),
        ("Dear <b>you</b>", "plain text"),
        ("{% if %}", "line 1"),
    ],
)
def test_a_template_reaching_beyond_the_request_is_refused_with_its_line(org, clerk, body, problem):
    with pytest.raises(LetterProblem) as refused:
        save_template(org, "acknowledgement", subject="S", body=body, actor=clerk)
    assert refused.value.field == "body"
    assert problem in str(refused.value)


def test_sending_by_email_sends_it_and_records_the_letter(clerk, access_request):
    letter, rendered = send_letter(access_request, "acknowledgement", actor=clerk)

    (message,) = mail.outbox
    assert message.to == ["ann.example@example.org"]
    assert message.subject == rendered.subject
    assert "Ann Example" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert (letter.kind, letter.channel, letter.sent_by) == ("acknowledgement", "email", clerk)
    assert AuditEvent.objects.filter(
        target_type="rights.letter", target_id=str(letter.pk), person_id=access_request.person_id
    ).exists()


def test_a_letter_for_post_is_a_pdf_and_recorded(clerk, access_request):
    letter, rendered = send_letter(access_request, "completion", actor=clerk, channel="post")

    text = PdfReader(io.BytesIO(letter_pdf(rendered))).pages[0].extract_text()
    assert access_request.reference in text and "Ann Example" in text
    assert Letter.objects.get(pk=letter.pk).channel == "post"
    assert mail.outbox == []


def test_a_refusal_without_reasons_and_an_extension_without_a_reason_are_not_sent(
    clerk, access_request
):
    with pytest.raises(LetterProblem) as refusal:
        send_letter(access_request, "refusal", actor=clerk)
    with pytest.raises(LetterProblem) as extension:
        send_letter(access_request, "extension-notice", actor=clerk)
    assert refusal.value.field == extension.value.field == "reason"
    assert not Letter.objects.exists() and mail.outbox == []
