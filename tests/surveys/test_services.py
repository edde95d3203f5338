"""Surveys: made under the register's survey purpose; responses recorded (linked or
anonymous), audited, encrypted where free text; results with small numbers hidden."""

import pytest
from django.db import connection

from lawful import registry
from lawful.audit.models import AuditEvent
from lawful.people.services import restrict_person
from lawful.surveys.models import Answer, Question, Response, Survey
from lawful.surveys.services import (
    QuestionSpec,
    SurveyProblem,
    close_survey,
    create_survey,
    record_response,
    results,
)


def fields_of(exc):
    return [f for f, _ in exc.value.problems]


def test_a_survey_is_made_with_its_questions_and_audited(survey, staff):
    questions = list(survey.questions.all())
    assert [(q.position, q.kind) for q in questions] == [(1, "choice"), (2, "free-text")]
    assert questions[0].choices == ["Yes", "No", "Not sure"]
    assert AuditEvent.objects.filter(
        organisation=survey.organisation, action="create", summary__contains="Survey"
    ).exists()


def test_a_purpose_the_register_lacks_or_not_for_surveys_is_refused(survey_org, staff):
    spec = [QuestionSpec("Q?", "choice", ("a", "b"))]
    for purpose, words in (
        ("polling", "no purpose 'polling'"),
        ("casework", "not a purpose for surveys"),
    ):
        with pytest.raises(SurveyProblem) as raised:
            create_survey(survey_org, title="T", purpose_id=purpose, questions=spec)
        assert fields_of(raised) == ["purpose_id"]
        assert words in str(raised.value)
    assert not Survey.objects.exists()


def test_bad_questions_are_named(survey_org):
    with pytest.raises(SurveyProblem) as raised:
        create_survey(
            survey_org,
            title="",
            purpose_id="surveys",
            questions=[
                QuestionSpec("One choice only?", "choice", ("Yes",)),
                QuestionSpec("", "free-text"),
                QuestionSpec("Twice?", "choice", ("Yes", "yes")),
            ],
        )
    assert fields_of(raised) == [
        "title",
        "questions[0].choices",
        "questions[1].text",
        "questions[2].choices",
    ]
    assert not Survey.objects.exists() and not Question.objects.exists()


def test_responses_linked_and_anonymous_and_free_text_encrypted(survey, person, staff):
    choice, free = survey.questions.all()
    linked = record_response(
        survey,
        answers={choice.pk: "No", free.pk: "The broken lamp by the bus stop; I use a wheelchair"},
        person=person,
        actor=staff["caseworker"],
    )
    anonymous = record_response(survey, answers={choice.pk: "Yes"}, via="doorstep")
    assert linked.person == person and anonymous.person is None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {Answer._meta.db_table} WHERE text <> ''")
        (raw,) = cursor.fetchone()
    assert raw.startswith("lk1:") and "wheelchair" not in raw
    assert Answer.objects.get(response=linked, question=free).text.endswith("wheelchair")
    assert AuditEvent.objects.filter(person_id=person.pk, summary__contains="linked").exists()


def test_a_response_is_checked(survey, person, staff):
    choice, free = survey.questions.all()
    with pytest.raises(SurveyProblem) as raised:
        record_response(survey, answers={choice.pk: "Perhaps", 99999: "x"})
    assert fields_of(raised) == [f"answers[{choice.pk}]", "answers[99999]"]
    with pytest.raises(SurveyProblem) as raised:
        record_response(survey, answers={choice.pk: "", free.pk: "  "})
    assert fields_of(raised) == ["answers"]
    restrict_person(person, actor=staff["dp_lead"])
    person.refresh_from_db()
    with pytest.raises(SurveyProblem, match="restricted"):
        record_response(survey, answers={choice.pk: "Yes"}, person=person)
    close_survey(survey, actor=staff["dp_lead"])
    with pytest.raises(SurveyProblem, match="closed"):
        record_response(survey, answers={choice.pk: "Yes"})
    assert not Response.objects.exists()


def test_results_hide_small_numbers(survey):
    choice, free = survey.questions.all()
    for answer, times in (("Yes", 9), ("No", 6), ("Not sure", 2)):
        for _ in range(times):
            record_response(survey, answers={choice.pk: answer, free.pk: "fix it"})
    total, rows = results(survey)
    assert total == 17
    assert [c.count for c in rows[0].summary.cells] == [9, None, None]
    assert rows[0].summary.total == 17
    assert rows[1].summary is None and rows[1].free_text_answers == 17


def test_too_few_responses_show_nothing(survey):
    choice, _ = survey.questions.all()
    for _ in range(4):
        record_response(survey, answers={choice.pk: "Yes"})
    total, rows = results(survey)
    assert total is None
    assert all(c.count is None for c in rows[0].summary.cells)


def test_a_restricted_persons_response_is_not_counted(survey, person, staff):
    choice, _ = survey.questions.all()
    for _ in range(5):
        record_response(survey, answers={choice.pk: "Yes"})
    record_response(survey, answers={choice.pk: "Yes"}, person=person)
    assert results(survey)[0] == 6
    restrict_person(person, actor=staff["dp_lead"])
    assert results(survey)[0] == 5


def test_the_registry_finds_exports_and_erases_a_persons_responses(survey, person, staff):
    choice, free = survey.questions.all()
    record_response(survey, answers={choice.pk: "No", free.pk: "More lamps"}, person=person)
    record_response(survey, answers={choice.pk: "Yes"})
    found = registry.records_for(survey.organisation, person)["surveys"]
    assert len(found) == 1
    assert found[0].fields["What should we ask the council to fix first?"] == "More lamps"
    exported = registry.export_for(survey.organisation, person)["surveys"]
    assert exported[0]["answers"][1] == {
        "question": "What should we ask the council to fix first?",
        "answer": "More lamps",
    }
    outcome = registry.source("surveys").erase(survey.organisation, person, staff["dp_lead"])
    assert outcome.erased == ["1 survey response(s) with their answers"]
    assert not Response.objects.filter(person=person).exists()
    assert Response.objects.count() == 1 and Answer.objects.count() == 1
