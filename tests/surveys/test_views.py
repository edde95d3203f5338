"""The survey pages: making a survey (errors beside their fields), recording a response,
the results with small numbers hidden, and the individual responses for those who may."""

import pytest
from django.urls import reverse

from lawful.audit.models import AuditEvent
from lawful.surveys.models import Response, Survey
from lawful.surveys.services import record_response


def url(name, org, **kwargs):
    return reverse(f"staff:{name}", kwargs={"org": org.slug, **kwargs})


def test_a_councillor_makes_a_survey_from_the_form(client, staff, survey_org):
    client.force_login(staff["councillor"])
    page = client.get(url("survey-new", survey_org))
    assert page.status_code == 200 and "Surveys" in page.content.decode()
    response = client.post(
        url("survey-new", survey_org),
        {
            "title": "Play park",
            "purpose": "surveys",
            "questions": "Do you use the park? | Often | Sometimes | Never\n\nWhat is missing?",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response.url == url(
        "survey", survey_org, survey_id=survey.pk
    )
    assert [(q.text, q.kind, q.choices) for q in survey.questions.all()] == [
        ("Do you use the park?", "choice", ["Often", "Sometimes", "Never"]),
        ("What is missing?", "free-text", []),
    ]


def test_a_bad_question_is_named_by_its_line(client, staff, survey_org):
    client.force_login(staff["dp_lead"])
    response = client.post(
        url("survey-new", survey_org),
        {"title": "T", "purpose": "surveys", "questions": "Fine?\n\nOnly one? | Yes"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert "line 3: a choice question needs at least two answers to choose from" in page
    assert not Survey.objects.exists()


def test_recording_a_response_and_reading_the_results(client, staff, survey, person):
    choice, free = survey.questions.all()
    client.force_login(staff["volunteer"])
    page = client.get(
        url("survey-respond", survey.organisation, survey_id=survey.pk)
    ).content.decode()
    assert "<legend>1. Is the lighting on Mill Lane good enough?</legend>" in page
    assert "record number" not in page  # volunteers record anonymous responses only
    response = client.post(
        url("survey-respond", survey.organisation, survey_id=survey.pk),
        {"via": "doorstep", f"q{choice.pk}": "No", f"q{free.pk}": "Fix the lamp outside 4"},
    )
    assert response.status_code == 302
    assert Response.objects.get().person is None
    for _ in range(5):
        record_response(survey, answers={choice.pk: "Yes"})
    results = client.get(url("survey", survey.organisation, survey_id=survey.pk)).content.decode()
    assert "6 responses." in results
    assert "hidden (fewer than 5)" in results
    assert "Fix the lamp" not in results


def test_a_wrong_answer_is_shown_beside_its_question(client, staff, survey):
    choice, _ = survey.questions.all()
    client.force_login(staff["caseworker"])
    response = client.post(
        url("survey-respond", survey.organisation, survey_id=survey.pk),
        {"via": "paper", "person": "999999"},
    )
    assert response.status_code == 422
    assert "no person has that number" in response.content.decode()


def test_individual_responses_are_for_those_who_see_people_and_audited(
    client, staff, survey, person
):
    choice, free = survey.questions.all()
    record_response(survey, answers={choice.pk: "No", free.pk: "Dark by the school"}, person=person)
    client.force_login(staff["volunteer"])
    assert (
        client.get(url("survey-responses", survey.organisation, survey_id=survey.pk)).status_code
        == 403
    )
    client.force_login(staff["caseworker"])
    page = client.get(
        url("survey-responses", survey.organisation, survey_id=survey.pk)
    ).content.decode()
    assert "Imogen Fairweather" in page and "Dark by the school" in page
    assert AuditEvent.objects.filter(summary__startswith="read the responses to survey").exists()


def test_closing_a_survey(client, staff, survey):
    client.force_login(staff["caseworker"])
    assert client.post(url("survey", survey.organisation, survey_id=survey.pk)).status_code == 403
    client.force_login(staff["councillor"])
    assert client.post(url("survey", survey.organisation, survey_id=survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == "closed"


@pytest.mark.parametrize("role", ["dp_lead", "councillor", "caseworker", "volunteer"])
def test_the_list_shows_the_survey_to_every_role(client, staff, survey, role):
    client.force_login(staff[role])
    page = client.get(url("surveys", survey.organisation)).content.decode()
    assert "Street lighting" in page
    assert ("Make a survey" in page) == (role in ("dp_lead", "councillor"))
