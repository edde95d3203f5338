"""What the surveys API takes and gives, beside its router (lawful/surveys/api.py)."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class QuestionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str
    kind: str = Field("choice", description="choice (one of `choices`) or free-text")
    choices: list[str] = Field(default_factory=list)


class SurveyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str
    purpose: str = Field(description="A purpose of the register in force for surveys.")
    description: str = ""
    questions: list[QuestionIn]


class QuestionOut(Schema):
    id: int
    position: int
    text: str
    kind: str
    choices: list[str]


class CountOut(Schema):
    answer: str
    count: int | None = Field(description="None: hidden (small numbers suppressed).")
    hidden_because: str = ""


class QuestionResultOut(Schema):
    question: int
    counts: list[CountOut] | None = Field(description="Choice questions only.")
    total: int | None = Field(None, description="Who answered; None: hidden.")
    free_text_answers: int | None = Field(None, description="Free-text questions only.")


class SurveyOut(Schema):
    id: int
    title: str
    purpose: str
    description: str
    status: str
    created_at: datetime
    questions: list[QuestionOut]
    responses: int | None = Field(description="How many responses; None: fewer than 5.")
    results: list[QuestionResultOut]


class SurveyListed(Schema):
    id: int
    title: str
    purpose: str
    status: str
    created_at: datetime


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(
        description='Answers by question number: {"1": "Yes", "2": "in their own words"}.'
    )
    person: int | None = Field(None, description="The person's id; leave out: anonymous.")
    via: str = Field("paper", description="paper, doorstep, phone, email, online or event.")


class ResponseOut(Schema):
    id: int
    survey: int
    person: int | None
