"""The public request and complaint forms: /o/<slug>/request and /o/<slug>/complaint."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lawful.audit.models import AuditEvent
from lawful.policy.clock import response_due
from lawful.rights.models import Complaint, RightsRequest

GOOD = {
    "kind": "access",
    "details": "Everything, please.",
    "name": "Alice Smith",
    "email": "alice@example.org",
    "phone": "",
    "address_lines": "",
    "postcode": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=False)


def test_the_form_says_when_the_answer_is_due_and_that_no_id_is_needed(browser, org):
    page = browser.get("/o/ashbrook/request").content.decode()
    due = response_due(timezone.localdate(), org.nation)
    assert f"{due:%B} {due.year}" in page and str(due.day) in page
    assert "will not ask for photo ID" in page
    assert "do not need to fill in a form" in page
    assert "I&#x27;m not sure" in page or "I'm not sure" in page
    assert "<script" not in page and "style=" not in page


def test_a_valid_request_is_stored_and_thanked_with_reference_and_due_date(browser, org):
    response = browser.post("/o/ashbrook/request", GOOD, follow=True)
    assert response.status_code == 200
    stored = RightsRequest.objects.get()
    assert (stored.organisation, stored.via, stored.kind) == (org, "web-form", "access")
    page = response.content.decode()
    assert stored.reference in page
    assert f"{stored.due_on:%B}" in page and str(stored.due_on.day) in page
    event = AuditEvent.objects.get(target_type="rights.rightsrequest")
    assert event.actor_label == "public"


@pytest.mark.parametrize(
    ("change", "field_label"),
    [
        ({"email": "not-an-address"}, "Email address"),
        ({"name": ""}, "Your name"),
        ({"kind": ""}, "What would you like us to do?"),
        ({"email": "", "phone": "", "postcode": ""}, "Email address"),
        ({"postcode": "nowhere"}, "Postcode"),
    ],
)
def test_an_invalid_request_names_the_field_and_stores_nothing(browser, org, change, field_label):
    response = browser.post("/o/ashbrook/request", {**GOOD, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert field_label in page
    assert not RightsRequest.objects.exists()


def test_the_form_needs_the_csrf_token(org):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/o/ashbrook/request", GOOD).status_code == 403
    assert not RightsRequest.objects.exists()


def test_a_flood_of_forms_is_refused_after_the_hourly_limit(browser, org):
    from lawful.rights.public_views import HOURLY_LIMIT

    for _ in range(HOURLY_LIMIT):
        browser.post("/o/ashbrook/request", GOOD)
    assert browser.post("/o/ashbrook/request", GOOD).status_code == 429
    assert RightsRequest.objects.count() == HOURLY_LIMIT


def test_the_thank_you_page_shows_only_the_visitors_own_request(browser, org):
    assert browser.get("/o/ashbrook/request/thanks").status_code == 302


def test_a_complaint_is_stored_with_its_acknowledgement_date(browser, org):
    response = browser.post(
        "/o/ashbrook/complaint",
        {
            "text": "You sent me marketing after I opted out.",
            "name": "Bo Lee",
            "email": "bo@example.org",
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert complaint.acknowledge_by == complaint.received_on + timedelta(days=30)
    assert complaint.reference in response.content.decode()


def test_an_invalid_complaint_stores_nothing(browser, org):
    response = browser.post("/o/ashbrook/complaint", {"text": "", "name": "Bo Lee"})
    assert response.status_code == 400
    assert "Your complaint" in response.content.decode()
    assert not Complaint.objects.exists()


def test_another_organisations_form_is_its_own(browser, org, other_org):
    browser.post("/o/northgate/request", GOOD)
    assert RightsRequest.objects.get().organisation == other_org
