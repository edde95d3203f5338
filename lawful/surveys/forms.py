"""The survey pages' forms. The services check everything; the forms turn what was typed
into their arguments and put each refusal beside the field it is about."""

import re

from django import forms

from .models import Question, Response
from .services import QuestionSpec, SurveyProblem

QUESTIONS_HELP = (
    "One question per line. For a question with answers to choose from, put each answer "
    "after a | (for example: Should the park stay open later? | Yes | No | No opinion). "
    "A line without | is answered in the respondent's own words."
)


def parse_questions(text: str) -> tuple[list[QuestionSpec], list[int]]:
    """(the questions, the line number of each) from the questions box."""
    specs, lines = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        if "|" in line:
            question, *choices = line.split("|")
            specs.append(QuestionSpec(question.strip(), Question.Kind.CHOICE, tuple(choices)))
        else:
            specs.append(QuestionSpec(line.strip(), Question.Kind.FREE_TEXT))
        lines.append(number)
    return specs, lines


_QUESTION_FIELD = re.compile(r"questions\[(\d+)\](?:\.\w+)?")


class SurveyForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    purpose = forms.ChoiceField(
        label="Purpose in the register",
        help_text="Surveys run under a purpose of the register in force that covers them.",
    )
    description = forms.CharField(
        label="What respondents are told (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label="Questions", help_text=QUESTIONS_HELP, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, purposes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", "Choose a purpose"), *purposes]
        self._lines: list[int] = []

    def specs(self) -> list[QuestionSpec]:
        specs, self._lines = parse_questions(self.cleaned_data["questions"])
        return specs

    def add_service_error(self, error: SurveyProblem) -> None:
        fields = {"title": "title", "purpose_id": "purpose", "description": "description"}
        for name, message in error.problems:
            match = _QUESTION_FIELD.fullmatch(name)
            if match and int(match[1]) < len(self._lines):
                self.add_error("questions", f"line {self._lines[int(match[1])]}: {message}")
            elif name == "questions" or name.startswith("questions"):
                self.add_error("questions", message)
            else:
                self.add_error(fields.get(name), message)


class ResponseForm(forms.Form):
    via = forms.ChoiceField(label="How the response was given", choices=Response.Via.choices)

    def __init__(self, *args, survey, may_link_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        if may_link_person:
            self.fields["person"] = forms.IntegerField(
                label="Person's record number (optional)",
                required=False,
                min_value=1,
                help_text="Leave empty for an anonymous response. The number is on the "
                "person's page in People.",
            )
        for question in survey.questions.all():
            name = f"q{question.pk}"
            label = f"{question.position}. {question.text}"
            if question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[(c, c) for c in question.choices],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )

    def answers(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }

    def add_service_error(self, error: SurveyProblem) -> None:
        for name, message in error.problems:
            match = re.fullmatch(r"answers\[(\d+)\]", name)
            if match and f"q{match[1]}" in self.fields:
                self.add_error(f"q{match[1]}", message)
            elif name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, message)
