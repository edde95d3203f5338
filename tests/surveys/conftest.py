"""An organisation whose register in force has a survey purpose (the councillors' office
example: `surveys`), its staff of every role, and a survey with a choice question and a
free-text question."""

import pytest

from lawful.organisations.models import Membership
from lawful.surveys.services import QuestionSpec, create_survey
from tests.conftest import EXAMPLES, TODAY


@pytest.fixture
def survey_org(db):
    from lawful.organisations.services import create_organisation

    text = (EXAMPLES / "councillors-office.yaml").read_text()
    return create_organisation("northgate-councillors", text, today=TODAY)


@pytest.fixture
def staff(db, django_user_model, survey_org):
    made = {}
    for role in ("dp_lead", "councillor", "caseworker", "volunteer"):
        user = django_user_model.objects.create_user(
            username=f"s-{role}", password="correct horse battery staple", role=role
        )
        Membership.objects.create(user=user, organisation=survey_org, role=role)
        made[role] = user
    return made


@pytest.fixture
def survey(survey_org, staff):
    return create_survey(
        survey_org,
        title="Street lighting",
        purpose_id="surveys",
        questions=[
            QuestionSpec(
                "Is the lighting on Mill Lane good enough?", "choice", ("Yes", "No", "Not sure")
            ),
            QuestionSpec("What should we ask the council to fix first?", "free-text"),
        ],
        actor=staff["dp_lead"],
    )


@pytest.fixture
def person(survey_org, staff):
    from lawful.people.services import create_person

    return create_person(
        organisation=survey_org,
        actor=staff["dp_lead"],
        given_name="Imogen",
        family_name="Fairweather",
        emails=["imogen.fairweather@example.org"],
    )
