"""Every change to surveys and their responses: checked, audited, in one transaction.

    survey = create_survey(org, title=..., purpose_id=..., questions=[QuestionSpec(...)], actor=...)
    record_response(survey, answers={question_id: "Yes", ...}, person=None, actor=...)
    close_survey(survey, actor=...)
    results(survey)   # [(question, Summary or None, free-text count)], small numbers hidden

A refusal is SurveyProblem, naming each field (`purpose_id`, `questions[1].choices`,
`answers[3]`) in the user's words; nothing is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy.surveys import SurveyPurposeError, check_survey_purpose, summarise

from .models import Answer, Question, Response, Survey

MAX_QUESTIONS = 50
MAX_CHOICES = 20
MAX_FREE_TEXT = 5000

__all__ = [
    "QuestionSpec",
    "SurveyProblem",
    "close_survey",
    "create_survey",
    "erase_responses_of",
    "record_response",
    "results",
    "survey_purpose_choices",
]


class SurveyProblem(ValueError):
    """What is wrong, as (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str = Question.Kind.CHOICE
    choices: tuple[str, ...] = field(default=())


def survey_purpose_choices(organisation) -> list[tuple[str, str]]:
    """(id, name) of the purposes of the register in force a survey may run under."""
    from lawful.policy.surveys import survey_purposes

    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        return []
    return [(p.id, p.name) for p in survey_purposes(register)]


def _check_questions(questions) -> list[tuple[str, str]]:
    problems = []
    if not questions:
        problems.append(("questions", "add at least one question"))
    if len(questions) > MAX_QUESTIONS:
        problems.append(("questions", f"at most {MAX_QUESTIONS} questions"))
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        if not q.text.strip():
            problems.append((f"{where}.text", "write the question"))
        elif len(q.text) > 500:
            problems.append((f"{where}.text", "at most 500 characters"))
        if q.kind not in Question.Kind.values:
            problems.append((f"{where}.kind", "choose 'choice' or 'free-text'"))
            continue
        choices = [c.strip() for c in q.choices]
        if q.kind == Question.Kind.CHOICE:
            if len(choices) < 2:
                problems.append(
                    (
                        f"{where}.choices",
                        "a choice question needs at least two answers to choose from",
                    )
                )
            elif len(choices) > MAX_CHOICES:
                problems.append((f"{where}.choices", f"at most {MAX_CHOICES} answers"))
            elif any(not c for c in choices):
                problems.append((f"{where}.choices", "an answer to choose is empty"))
            elif len({c.casefold() for c in choices}) != len(choices):
                problems.append((f"{where}.choices", "the same answer is given twice"))
            elif any(len(c) > 200 for c in choices):
                problems.append((f"{where}.choices", "an answer is longer than 200 characters"))
        elif choices:
            problems.append((f"{where}.choices", "a free-text question has no answers to choose"))
    return problems


def create_survey(
    organisation, *, title: str, purpose_id: str, questions, description: str = "", actor=None
) -> Survey:
    """A new open survey under a survey purpose of the register in force."""
    problems = []
    title = (title or "").strip()
    if not title:
        problems.append(("title", "give the survey a title"))
    elif len(title) > 200:
        problems.append(("title", "at most 200 characters"))
    try:
        check_survey_purpose(register_in_force(organisation), purpose_id)
    except NoRegisterInForce:
        problems.append(
            ("purpose_id", "the organisation has no register in force: adopt one first")
        )
    except SurveyPurposeError as exc:
        problems.append(("purpose_id", str(exc)))
    problems += _check_questions(list(questions))
    if problems:
        raise SurveyProblem(problems)
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation=organisation,
            title=title,
            purpose_id=purpose_id,
            description=description.strip(),
            created_by=actor,
        )
        Question.objects.bulk_create(
            Question(
                organisation=organisation,
                survey=survey,
                position=i + 1,
                text=q.text.strip(),
                kind=q.kind,
                choices=[c.strip() for c in q.choices] if q.kind == Question.Kind.CHOICE else [],
            )
            for i, q in enumerate(questions)
        )
        record(
            AuditAction.CREATE,
            actor=actor,
            target=survey,
            summary=f"Survey {survey.pk} made under purpose {purpose_id} "
            f"with {len(questions)} question(s).",
        )
    return survey


def record_response(
    survey: Survey, *, answers: dict, person=None, via: str = "paper", actor=None
) -> Response:
    """Record one response: answers by question id (a choice's text, or free text).
    Unanswered questions are left out; at least one must be answered."""
    problems = []
    # As it is now (another member of staff may have closed it since the page was shown).
    if Survey.objects.filter(pk=survey.pk).values_list("status", flat=True).first() != (
        Survey.Status.OPEN
    ):
        raise SurveyProblem([("survey", "the survey is closed: it takes no more responses")])
    if via not in Response.Via.values:
        problems.append(("via", "choose how the response was given"))
    if person is not None:
        if person.organisation_id != survey.organisation_id:
            problems.append(("person", "no such person"))
        elif person.erased_at is not None:
            problems.append(("person", "this person's record was erased"))
        elif person.restricted:
            problems.append(
                ("person", "this person's data is restricted: it may be stored, not used")
            )
    questions = {q.pk: q for q in survey.questions.all()}
    given = {}
    for key, value in (answers or {}).items():
        try:
            question = questions[int(key)]
        except (KeyError, TypeError, ValueError):
            problems.append((f"answers[{key}]", "not a question of this survey"))
            continue
        value = (value or "").strip() if isinstance(value, str) else value
        if value in ("", None):
            continue
        if not isinstance(value, str):
            problems.append((f"answers[{key}]", "an answer is text"))
        elif question.kind == Question.Kind.CHOICE and value not in question.choices:
            problems.append((f"answers[{key}]", f"choose one of: {', '.join(question.choices)}"))
        elif len(value) > MAX_FREE_TEXT:
            problems.append((f"answers[{key}]", f"at most {MAX_FREE_TEXT} characters"))
        else:
            given[question] = value
    if not given and not problems:
        problems.append(("answers", "answer at least one question"))
    if problems:
        raise SurveyProblem(problems)
    with transaction.atomic():
        response = Response.objects.create(
            organisation_id=survey.organisation_id,
            survey=survey,
            person=person,
            via=via,
            recorded_by=actor,
        )
        Answer.objects.bulk_create(
            Answer(
                organisation_id=survey.organisation_id,
                response=response,
                question=question,
                choice=value if question.kind == Question.Kind.CHOICE else "",
                text=value if question.kind == Question.Kind.FREE_TEXT else "",
            )
            for question, value in given.items()
        )
        record(
            AuditAction.CREATE,
            actor=actor,
            target=response,
            person=person,
            summary=f"Survey response recorded ({len(given)} answer(s), "
            f"{'linked to a person' if person else 'anonymous'}).",
        )
    return response


def close_survey(survey: Survey, *, actor=None) -> Survey:
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status == Survey.Status.CLOSED:
            return survey
        survey.status = Survey.Status.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        record(
            AuditAction.CHANGE, actor=actor, target=survey, summary=f"Survey {survey.pk} closed."
        )
    return survey


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    summary: object  # lawful.policy.surveys.Summary, for a choice question
    free_text_answers: int = 0


def counted_responses(survey: Survey):
    """The responses the results count: not those of people whose data is restricted
    (stored, not used) or erased."""
    return (
        Response.objects.for_org(survey.organisation_id)
        .filter(survey=survey)
        .exclude(person__restricted=True)
        .exclude(person__erased_at__isnull=False)
    )


def results(survey: Survey) -> tuple[int | None, list[QuestionResult]]:
    """(how many responses, or None if too few to say; each question's result), with small
    numbers suppressed. Counts only: no answer's text is read."""
    counted = counted_responses(survey)
    total = summarise({"responses": counted.count()}).total
    answers = Answer.objects.for_org(survey.organisation_id).filter(response__in=counted)
    by_question: dict[int, Counter] = {}
    for question_id, choice in answers.filter(question__kind=Question.Kind.CHOICE).values_list(
        "question_id", "choice"
    ):
        by_question.setdefault(question_id, Counter())[choice] += 1
    free = Counter(
        answers.filter(question__kind=Question.Kind.FREE_TEXT).values_list("question_id", flat=True)
    )
    out = []
    for question in survey.questions.all():
        if question.kind == Question.Kind.CHOICE:
            counts = by_question.get(question.pk, Counter())
            out.append(
                QuestionResult(
                    question, summarise([(c, counts.get(c, 0)) for c in question.choices])
                )
            )
        else:
            out.append(QuestionResult(question, None, free.get(question.pk, 0)))
    return total, out


def erase_responses_of(organisation, person, *, actor=None) -> int:
    """Delete the person's responses and their answers (erasure); returns how many."""
    with transaction.atomic():
        found = list(Response.objects.for_org(organisation).filter(person=person))
        for response in found:
            record(
                AuditAction.DELETE,
                actor=actor,
                target=response,
                person=person,
                summary=f"Survey response {response.pk} erased with its answers.",
            )
        Answer.objects.for_org(organisation).filter(response__in=found).delete()
        Response.objects.for_org(organisation).filter(pk__in=[r.pk for r in found]).delete()
    return len(found)
