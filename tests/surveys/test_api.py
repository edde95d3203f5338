"""/api/v1/surveys: make, list, read (results with small numbers hidden), respond."""

import pytest

from lawful.surveys.models import Response, Survey
from tests.api.conftest import ApiClient, problems, token_for


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def tokens(staff, survey_org):
    return {role: token_for(user, survey_org) for role, user in staff.items()}


BODY = {
    "title": "Bins",
    "purpose": "surveys",
    "questions": [
        {"text": "Are the bins collected on time?", "kind": "choice", "choices": ["Yes", "No"]},
        {"text": "Anything else?", "kind": "free-text"},
    ],
}


def test_a_councillor_makes_a_survey_and_a_volunteer_may_not(api, tokens):
    made = api.post("/api/v1/surveys", BODY, token=tokens["councillor"])
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["purpose"] == "surveys" and [q["position"] for q in body["questions"]] == [1, 2]
    assert body["responses"] is None  # none yet: fewer than 5
    refused = api.post("/api/v1/surveys", BODY, token=tokens["volunteer"])
    assert refused.status_code == 403
    assert Survey.objects.count() == 1


def test_a_purpose_the_register_lacks_is_a_422_naming_purpose(api, tokens):
    response = api.post("/api/v1/surveys", {**BODY, "purpose": "casework"}, token=tokens["dp_lead"])
    assert "not a purpose for surveys" in problems(response)["purpose"]
    response = api.post(
        "/api/v1/surveys",
        {**BODY, "questions": [{"text": "Q?", "kind": "choice", "choices": ["only"]}]},
        token=tokens["dp_lead"],
    )
    assert "questions[0].choices" in problems(response)


def test_responses_and_results_with_small_numbers_hidden(api, tokens, survey, person):
    url = f"/api/v1/surveys/{survey.pk}/responses"
    for answer, times in (("Yes", 7), ("No", 3)):
        for _ in range(times):
            response = api.post(
                url, {"answers": {"1": answer}, "via": "doorstep"}, token=tokens["volunteer"]
            )
            assert response.status_code == 201, response.content
    linked = api.post(
        url,
        {"answers": {"1": "Yes", "2": "Lights"}, "person": person.pk},
        token=tokens["caseworker"],
    )
    assert linked.status_code == 201 and linked.json()["person"] == person.pk
    read = api.get(f"/api/v1/surveys/{survey.pk}", token=tokens["volunteer"]).json()
    assert read["responses"] == 11
    counts = {c["answer"]: c["count"] for c in read["results"][0]["counts"]}
    # "No" 3 is hidden, and "Yes" too, or the total would give it away; 0 hides nothing.
    assert counts == {"Yes": None, "No": None, "Not sure": 0}
    assert read["results"][0]["total"] == 11
    free_text = survey.questions.all()[1].pk
    assert read["results"][1] == {
        "question": free_text, "counts": None, "total": None, "free_text_answers": 1,
    }  # fmt: skip
    assert "Lights" not in str(read)


def test_a_volunteer_cannot_link_a_response_to_a_person(api, tokens, survey, person):
    response = api.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        {"answers": {"1": "Yes"}, "person": person.pk},
        token=tokens["volunteer"],
    )
    assert "anonymous" in problems(response)["person"]
    assert not Response.objects.exists()


def test_bad_answers_are_named_by_question_number(api, tokens, survey):
    url = f"/api/v1/surveys/{survey.pk}/responses"
    assert "answers[9]" in problems(api.post(url, {"answers": {"9": "x"}}, token=tokens["dp_lead"]))
    found = problems(api.post(url, {"answers": {"1": "Perhaps"}}, token=tokens["dp_lead"]))
    assert "choose one of: Yes, No, Not sure" in found["answers[1]"]


def test_another_organisations_survey_is_not_found(api, survey, other_org, other_clerk):
    token = token_for(other_clerk, other_org)
    assert api.get(f"/api/v1/surveys/{survey.pk}", token=token).status_code == 404
    response = api.post(
        f"/api/v1/surveys/{survey.pk}/responses", {"answers": {"1": "Yes"}}, token=token
    )
    assert response.status_code == 404
    assert api.get("/api/v1/surveys", token=token).json() == []
