"""The rights desk's staff pages: what the lead sees and does (who may reach each page
is tested with every other workspace page in tests/staff/test_workspace_access_views.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lawful.audit.models import AuditEvent
from lawful.rights.models import Complaint, RightsRequest
from lawful.rights.services import receive_complaint, record_event
from tests.people.factories import ContactPointFactory, PersonFactory


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def lead(client, clerk):
    client.force_login(clerk)
    return client


def test_the_list_puts_overdue_first_and_marks_what_is_due_soon(lead, make_request):
    today = timezone.localdate()
    overdue = make_request(received_on=today - timedelta(days=45))
    soon = make_request(received_on=today - timedelta(days=27))
    later = make_request(received_on=today)
    page = _text(lead.get("/staff/ashbrook/requests/"))
    assert page.index(overdue.reference) < page.index(soon.reference) < page.index(later.reference)
    assert page.count("tag-overdue") == 1
    assert "Due within 7 days" in page


def test_the_list_filters_open_and_closed(lead, make_request, clerk):
    from lawful.rights.services import close_request

    done = make_request()
    close_request(done, outcome="completed", on="2025-09-20", actor=clerk)
    still = make_request()
    open_page = _text(lead.get("/staff/ashbrook/requests/"))
    assert still.reference in open_page and done.reference not in open_page
    closed_page = _text(lead.get("/staff/ashbrook/requests/?show=closed"))
    assert done.reference in closed_page and still.reference not in closed_page


def test_the_lead_confirms_a_candidate_from_the_request_page(lead, make_request, org):
    alice = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    ContactPointFactory(person=alice, value="alice.smith@example.org")
    r = make_request()
    url = f"/staff/ashbrook/requests/{r.pk}/"
    page = _text(lead.get(url))
    assert "same email address" in page
    assert "Confirm: this is Alice Smith" in page
    assert AuditEvent.objects.filter(target_id=str(r.pk), action="view").exists()
    response = lead.post(url, {"action": "confirm", "person": alice.pk})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.person == alice
    assert "Match confirmed" in _text(lead.get(url))


def test_a_refused_event_shows_why_on_the_page_and_changes_nothing(lead, make_request):
    r = make_request()
    response = lead.post(
        f"/staff/ashbrook/requests/{r.pk}/",
        {"action": "event", "event-type": "extended", "event-on": "2025-10-20",
         "event-reason": "complex"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "within the first month, by 2025-10-03" in _text(response)
    r.refresh_from_db()
    assert r.due_on.isoformat() == "2025-10-03" and not r.events.exists()


def test_recording_identity_received_moves_the_due_date_on_the_page(lead, make_request, clerk):
    r = make_request()
    record_event(r, type="identity-requested", on="2025-09-04", actor=clerk)
    lead.post(
        f"/staff/ashbrook/requests/{r.pk}/",
        {"action": "event", "event-type": "identity-received", "event-on": "2025-09-10"},
    )
    page = _text(lead.get(f"/staff/ashbrook/requests/{r.pk}/"))
    assert "Friday 10 October 2025" in page


def test_an_identity_check_is_recorded_with_who_and_when(lead, make_request, clerk):
    r = make_request()
    lead.post(
        f"/staff/ashbrook/requests/{r.pk}/",
        {"action": "identity", "identity-seen": "a council tax bill",
         "identity-checked_on": "2025-09-05"},
    )  # fmt: skip
    check = r.identity_checks.get()
    assert (check.seen, check.checked_by, str(check.checked_on)) == (
        "a council tax bill", clerk, "2025-09-05",
    )  # fmt: skip


def test_a_councillor_logs_a_request_by_phone_and_it_goes_to_the_lead(client, councillor_a):
    client.force_login(councillor_a)
    response = client.post(
        "/staff/ashbrook/requests/new",
        {"kind": "erasure", "via": "phone", "received_on": "2025-09-03", "name": "Bo Lee",
         "phone": "07700 900456", "details": "Take me off your lists"},
        follow=True,
    )  # fmt: skip
    r = RightsRequest.objects.get()
    assert (r.kind, r.via, r.phone_normalised) == ("erasure", "phone", "+447700900456")
    assert "passed to the data protection lead" in _text(response)
    assert client.get(f"/staff/ashbrook/requests/{r.pk}/").status_code == 403


def test_staff_intake_refuses_bad_input_naming_the_field(lead):
    response = lead.post(
        "/staff/ashbrook/requests/new",
        {"kind": "access", "via": "letter", "received_on": "2025-09-03", "name": "Bo Lee",
         "postcode": "not a postcode"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Postcode" in _text(response) and "is not a UK postcode" in _text(response)
    assert not RightsRequest.objects.exists()


def test_the_dashboard_panel_lists_requests_due(lead, make_request):
    r = make_request(received_on=timezone.localdate() - timedelta(days=40))
    page = _text(lead.get("/staff/ashbrook/"))
    assert "1 open request: 1 overdue, 0 due within 7 days" in page
    assert r.reference in page and "OVERDUE" in page


def test_the_report_page_shows_counts_only(lead, make_request):
    make_request()
    page = _text(lead.get("/staff/ashbrook/requests/report?from=2025-09-01&to=2025-09-30"))
    assert "0%" in page  # one request, open and overdue by now
    assert "Alice" not in page and "example.org" not in page
    bad = lead.get("/staff/ashbrook/requests/report?from=1/9/2025")
    assert bad.status_code == 400 and "from: &#x27;1/9/2025&#x27;" in _text(bad)


# --- complaints ---------------------------------------------------------------------------


def test_a_complaint_warns_when_acknowledgement_is_due_then_overdue(lead, org, clerk):
    today = timezone.localdate()
    due_soon = receive_complaint(
        org, received_on=today - timedelta(days=25), complainant={"name": "Bo Lee",
        "email": "bo@example.org"}, text="Slow answer.", actor=clerk,
    )  # fmt: skip
    overdue = receive_complaint(
        org, received_on=today - timedelta(days=31), complainant={"name": "Cy Ng",
        "email": "cy@example.org"}, text="No answer.", actor=clerk,
    )  # fmt: skip
    assert due_soon.acknowledge_by == today + timedelta(days=5)
    page = _text(lead.get("/staff/ashbrook/complaints/"))
    assert "Acknowledgement due in 5 days" in page
    assert "Acknowledgement overdue by 1 day" in page
    assert "Acknowledgement overdue by 1 day" in _text(lead.get("/staff/ashbrook/"))
    url = f"/staff/ashbrook/complaints/{overdue.pk}/"
    lead.post(url, {"action": "acknowledge", "ack-on": today.isoformat()})
    lead.post(url, {"action": "step", "step-on": today.isoformat(), "step-text": "Read the file"})
    lead.post(
        url,
        {"action": "outcome", "outcome-outcome": "Upheld; apology sent.",
         "outcome-told_on": today.isoformat()},
    )  # fmt: skip
    overdue.refresh_from_db()
    assert (overdue.status, overdue.acknowledged_on, overdue.told_on) == ("closed", today, today)
    assert overdue.steps.get().text == "Read the file"
    assert "Acknowledgement" not in _text(lead.get(url)).split("<h1")[1].split("<dl")[0]


def test_a_complaint_logged_by_staff_has_its_acknowledgement_date(lead):
    lead.post(
        "/staff/ashbrook/complaints/new",
        {"via": "letter", "received_on": "2025-09-03", "text": "You shared my address.",
         "name": "Bo Lee", "address_lines": "1 High St", "postcode": "SW1A 1AA"},
    )  # fmt: skip
    complaint = Complaint.objects.get()
    assert str(complaint.acknowledge_by) == "2025-10-03"


def test_date_boxes_hold_the_date_as_the_browsers_picker_reads_it(lead, make_request):
    r = make_request()
    page = _text(lead.get(f"/staff/ashbrook/requests/{r.pk}/"))
    today = timezone.localdate().isoformat()
    assert f'type="date" name="event-on" value="{today}"' in page
