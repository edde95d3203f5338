"""The rights desk in the registry: a person's earlier requests and complaints are on
their page and in their export; erasure keeps only that each was handled, and when."""

import json

import pytest

from lawful import registry
from lawful.rights.models import Complaint, RightsRequest
from lawful.rights.services import (
    close_request,
    receive_complaint,
    record_complaint_outcome,
    record_event,
    record_identity_check,
)
from tests.people.factories import PersonFactory


@pytest.fixture
def alice_with_history(make_request, org, clerk):
    alice = PersonFactory(organisation=org, given_name="Alice", family_name="Smith")
    r = make_request(kind="access")
    record_event(r, type="person-confirmed", on="2025-09-04", actor=clerk, person=alice)
    record_event(r, type="note", on="2025-09-05", actor=clerk, reason="Alice rang about her son")
    record_identity_check(
        r, seen="a utility bill", checked_on="2025-09-05", actor=clerk, notes="Alice's bill"
    )
    complaint = receive_complaint(
        org,
        received_on="2025-10-10",
        complainant={"name": "Alice Smith", "email": "alice.smith@example.org"},
        text="You were late answering.",
        actor=clerk,
        request=r,
    )
    return alice, r, complaint


def test_a_persons_requests_and_complaints_are_on_their_page_and_in_the_export(
    alice_with_history, org
):
    alice, r, complaint = alice_with_history
    records = registry.records_for(org, alice)["rights"]
    assert [v.label for v in records] == ["Rights request", "Complaint"]
    assert records[0].fields["Reference"] == r.reference
    exported = json.dumps(registry.export_for(org, alice)["rights"])
    assert "alice.smith@example.org" in exported
    assert "person-confirmed" in exported and "a utility bill" in exported
    assert "You were late answering." in exported


def test_erasure_keeps_that_requests_were_handled_but_not_who_asked(alice_with_history, org, clerk):
    alice, r, complaint = alice_with_history
    close_request(r, outcome="completed", on="2025-09-30", actor=clerk)
    record_complaint_outcome(complaint, outcome="Sorry.", told_on="2025-10-20", actor=clerk)
    outcome = registry.erase(org, alice, actor=clerk)["rights"]
    r = RightsRequest.objects.get(pk=r.pk)
    assert (r.requester_email, r.email_normalised, r.details) == ("", "", "")
    assert r.requester_name == "[erased]"
    assert (r.kind, str(r.received_on), str(r.due_on)) == ("access", "2025-09-03", "2025-10-03")
    assert [e.type for e in r.events.order_by("on", "pk")] == [
        "person-confirmed",
        "note",
        "completed",
    ]
    assert r.events.get(type="note").reason == ""
    assert r.identity_checks.get().notes == ""
    c = Complaint.objects.get(pk=complaint.pk)
    assert (c.complainant_name, c.complainant_email, c.text) == ("[erased]", "", "")
    assert any("on time" in reason for reason in outcome.kept)
    assert any("s164A" in reason for reason in outcome.kept)
    assert outcome.erased


def test_a_request_and_a_complaint_still_being_answered_keep_the_reply_address_until_answered(
    alice_with_history, org, clerk
):
    alice, r, complaint = alice_with_history
    outcome = registry.erase(org, alice, actor=clerk)["rights"]

    r = RightsRequest.objects.get(pk=r.pk)
    assert (r.requester_name, r.requester_email) == ("Alice Smith", "Alice.Smith@Example.org")
    assert r.details and r.events.get(type="note").reason
    c = Complaint.objects.get(pk=complaint.pk)
    assert c.complainant_email == "alice.smith@example.org" and c.text
    assert any("to send the reply; erased as soon as it is sent" in k for k in outcome.kept)
    assert any("to tell the outcome" in k for k in outcome.kept)
    assert not outcome.erased

    close_request(r, outcome="completed", on="2025-09-30", actor=clerk)  # the reply sent
    r = RightsRequest.objects.get(pk=r.pk)
    assert (r.requester_name, r.requester_email, r.details) == ("[erased]", "", "")
    assert r.events.get(type="note").reason == ""
    record_complaint_outcome(complaint, outcome="Sorry.", told_on="2025-10-20", actor=clerk)
    c = Complaint.objects.get(pk=complaint.pk)
    assert (c.complainant_name, c.complainant_email, c.text, c.outcome) == ("[erased]", "", "", "")


def test_closing_a_request_of_someone_not_erased_keeps_their_details(alice_with_history, clerk):
    _, r, _ = alice_with_history
    close_request(r, outcome="completed", on="2025-09-30", actor=clerk)
    assert RightsRequest.objects.get(pk=r.pk).requester_name == "Alice Smith"


def test_restriction_leaves_requests_to_be_answered(alice_with_history, org, clerk):
    alice, r, _ = alice_with_history
    registry.restrict(org, alice, actor=clerk)
    record_event(r, type="clarification-requested", on="2025-09-06", actor=clerk)
    assert RightsRequest.objects.get(pk=r.pk).status == "awaiting-clarification"
