"""Surveys, their questions, and the responses to them.

A survey runs under a purpose of the register in force for surveys (one whose data
subjects include survey respondents: lawful.policy.surveys). A response is linked to a
person held, or anonymous. Free-text answers are opinions in the respondent's own words
(and can say anything, health included): they are encrypted at rest. Change these only
through lawful.surveys.services.
"""

from django.conf import settings
from django.db import models

from lawful.crypto.fields import EncryptedTextField
from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person


def _organisation_fk(related_name: str):
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name=related_name, db_index=False
    )


class Survey(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "open: taking responses"
        CLOSED = "closed", "closed"

    organisation = _organisation_fk("surveys")
    title = models.CharField(max_length=200)
    purpose_id = models.CharField(max_length=100, help_text="A survey purpose of the register.")
    description = models.TextField(blank=True, help_text="What respondents are told.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="surveys_org_status_idx")]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", "one of a list of answers"
        FREE_TEXT = "free-text", "an answer in their own words"

    organisation = _organisation_fk("+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="surveys_question_once")
        ]

    def __str__(self):
        return self.text


class Response(models.Model):
    class Via(models.TextChoices):
        PAPER = "paper", "a paper form"
        DOORSTEP = "doorstep", "on the doorstep"
        PHONE = "phone", "by telephone"
        EMAIL = "email", "by email"
        ONLINE = "online", "online"
        EVENT = "event", "at a meeting or event"

    organisation = _organisation_fk("+")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    # None: anonymous.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_responses"
    )
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAPER)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "pk"]
        indexes = [
            models.Index(fields=["organisation", "survey"], name="surveys_org_response_idx"),
            models.Index(fields=["organisation", "person"], name="surveys_org_person_idx"),
        ]

    def __str__(self):
        return f"response {self.pk} to {self.survey_id}"


class Answer(models.Model):
    organisation = _organisation_fk("+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # A choice question's answer: one of the question's choices (counted for the results).
    choice = models.CharField(max_length=200, blank=True)
    # A free-text answer, encrypted at rest.
    text = EncryptedTextField(blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once")
        ]
        indexes = [models.Index(fields=["question", "choice"], name="surveys_answer_choice_idx")]

    def __str__(self):
        return f"answer to {self.question_id}"
