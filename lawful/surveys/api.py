"""The surveys API: list, make and read surveys (results with small numbers hidden), and
record responses. The router only translates; lawful.surveys.services checks and audits.
"""

from django.http import Http404, HttpRequest
from ninja import Router, Status

from lawful.api.auth import ApiTokenAuth, caller
from lawful.api.errors import FieldProblem
from lawful.api.schemas import responses
from lawful.organisations.scope import get_person_for_user
from lawful.staff.access import Can

from . import services
from .models import Survey
from .schemas import (
    CountOut,
    QuestionOut,
    QuestionResultOut,
    ResponseIn,
    ResponseOut,
    SurveyIn,
    SurveyListed,
    SurveyOut,
)
from .scope import get_survey_for_user

router = Router(auth=ApiTokenAuth(needs=Can.RECORD_SURVEY_RESPONSES), tags=["surveys"])

# The services' field names, as this API's caller wrote them.
_FIELDS = {"purpose_id": "purpose"}


def _problem(exc: services.SurveyProblem) -> FieldProblem:
    return FieldProblem([(_FIELDS.get(f, f), m) for f, m in exc.problems])


def _answer_field(field: str, position_of: dict) -> str:
    """The services name an answer by question id; this API by the question's number."""
    if field.startswith("answers[") and field[8:-1].isdigit():
        return f"answers[{position_of.get(int(field[8:-1]), field[8:-1])}]"
    return field


def survey_out(survey: Survey) -> SurveyOut:
    total, rows = services.results(survey)
    results = []
    for row in rows:
        if row.summary is None:
            results.append(
                QuestionResultOut(
                    question=row.question.pk, counts=None, free_text_answers=row.free_text_answers
                )
            )
            continue
        results.append(
            QuestionResultOut(
                question=row.question.pk,
                counts=[
                    CountOut(answer=c.label, count=c.count, hidden_because=c.reason)
                    for c in row.summary.cells
                ],
                total=row.summary.total,
            )
        )
    return SurveyOut(
        id=survey.pk,
        title=survey.title,
        purpose=survey.purpose_id,
        description=survey.description,
        status=survey.status,
        created_at=survey.created_at,
        questions=[
            QuestionOut(id=q.pk, position=q.position, text=q.text, kind=q.kind, choices=q.choices)
            for q in survey.questions.all()
        ],
        responses=total,
        results=results,
    )


@router.get("", response=responses({200: list[SurveyListed]}), summary="Surveys")
def list_surveys(request: HttpRequest):
    """The organisation's surveys, newest first (200 at most)."""
    who = caller(request)
    found = Survey.objects.for_org(who.organisation).order_by("-created_at", "-pk")[:200]
    return [
        SurveyListed(
            id=s.pk, title=s.title, purpose=s.purpose_id, status=s.status, created_at=s.created_at
        )
        for s in found
    ]


@router.post(
    "",
    response=responses({201: SurveyOut}),
    summary="Make a survey",
    auth=ApiTokenAuth(needs=Can.RUN_SURVEYS),
)
def make_survey(request: HttpRequest, survey: SurveyIn):
    """A survey under a survey purpose of the register in force (422 naming `purpose`
    otherwise); questions are `choice` (with two or more `choices`) or `free-text`."""
    who = caller(request)
    try:
        made = services.create_survey(
            who.organisation,
            title=survey.title,
            purpose_id=survey.purpose,
            description=survey.description,
            questions=[
                services.QuestionSpec(q.text, q.kind, tuple(q.choices)) for q in survey.questions
            ],
            actor=who.user,
        )
    except services.SurveyProblem as exc:
        raise _problem(exc) from None
    return Status(201, survey_out(made))


@router.get(
    "/{int:survey_id}", response=responses({200: SurveyOut}), summary="A survey and its results"
)
def get_survey(request: HttpRequest, survey_id: int):
    """The survey, its questions, and its results with small numbers hidden (counts
    only: no response or answer text)."""
    who = caller(request)
    return survey_out(get_survey_for_user(who.user, who.organisation, survey_id))


@router.post(
    "/{int:survey_id}/responses",
    response=responses({201: ResponseOut}),
    summary="Record a response",
)
def record_response(request: HttpRequest, survey_id: int, response: ResponseIn):
    """One response: answers by question id; `person` links it to a person held (for
    roles that see residents' records), else it is anonymous."""
    who = caller(request)
    survey = get_survey_for_user(who.user, who.organisation, survey_id)
    person = None
    if response.person is not None:
        if not who.can(Can.SEE_PEOPLE):
            raise FieldProblem([("person", "your role records anonymous responses only")])
        try:
            person = get_person_for_user(who.user, who.organisation, response.person)
        except Http404:
            raise FieldProblem([("person", "no such person")]) from None
    by_position = {str(q.position): q.pk for q in survey.questions.all()}
    unknown = [f"answers[{key}]" for key in response.answers if key not in by_position]
    if unknown:
        raise FieldProblem(
            [(field, "the survey has no question of that number") for field in unknown]
        )
    answers = {by_position[key]: value for key, value in response.answers.items()}
    position_of = {pk: key for key, pk in by_position.items()}
    try:
        made = services.record_response(
            survey, answers=answers, person=person, via=response.via, actor=who.user
        )
    except services.SurveyProblem as exc:
        raise FieldProblem([(_answer_field(f, position_of), m) for f, m in exc.problems]) from None
    return Status(201, ResponseOut(id=made.pk, survey=survey.pk, person=made.person_id))
