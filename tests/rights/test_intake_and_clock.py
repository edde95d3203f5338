"""Requests received through the service layer, and their clock (lawful.policy.clock)."""

from datetime import date

import pytest

from lawful.audit.models import AuditEvent
from lawful.people.normalise import InvalidValue
from lawful.rights.models import RequestKind, RequestStatus, RightsRequest, Via
from lawful.rights.services import clock_for, receive_request, record_event

from .conftest import REQUESTER


@pytest.mark.parametrize("kind", RequestKind.values)
def test_every_kind_of_request_is_received_with_its_due_date(make_request, kind):
    r = make_request(kind=kind)
    r.refresh_from_db()
    assert r.kind == kind
    assert r.status == RequestStatus.OPEN
    # Received Wednesday 3 September: due on the same date of the next month.
    assert r.due_on == date(2025, 10, 3)
    assert r.email_normalised == "alice.smith@example.org"
    assert r.phone_normalised == "+447700900123"
    assert r.postcode_normalised == "SW1A 1AA"


@pytest.mark.parametrize("via", Via.values)
def test_a_request_by_any_channel_is_received(make_request, via):
    assert make_request(via=via).get_via_display()


def test_receiving_a_request_is_audited_without_the_requesters_details(make_request, org):
    r = make_request(kind="erasure")
    event = AuditEvent.objects.get(
        organisation=org, target_type="rights.rightsrequest", target_id=str(r.pk)
    )
    assert "erasure" in event.summary
    assert "Alice" not in event.summary and "example.org" not in event.summary


def test_a_request_by_an_agent_keeps_who_they_are(make_request):
    r = make_request(agent={"name": "Pat Jones", "relationship": "solicitor"})
    assert (r.agent_name, r.agent_relationship, r.agent_authority_received) == (
        "Pat Jones",
        "solicitor",
        False,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "everything"}, "kind"),
        ({"via": "pigeon"}, "via"),
        ({"received_on": "3/9/2025"}, "received_on"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"requester": {**REQUESTER, "email": "not-an-address"}}, "requester.email"),
        ({"requester": {**REQUESTER, "phone": "123"}}, "requester.phone"),
        ({"requester": {**REQUESTER, "postcode": "XYZ"}}, "requester.postcode"),
        ({"requester": {**REQUESTER, "name": " "}}, "requester.name"),
        ({"requester": {"name": "Alice Smith"}}, "requester.email"),
        ({"requester": {**REQUESTER, "nickname": "Al"}}, "requester.nickname"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    make_request, overrides, field
):
    with pytest.raises(InvalidValue) as refused:
        make_request(**overrides)
    assert refused.value.field == field
    assert not RightsRequest.objects.exists()
    assert not AuditEvent.objects.filter(target_type="rights.rightsrequest").exists()


def test_identity_received_moves_the_start_to_the_day_it_arrived(make_request, clerk):
    r = make_request()
    record_event(r, type="identity-requested", on="2025-09-04", actor=clerk)
    assert r.status == RequestStatus.AWAITING_IDENTITY
    record_event(r, type="identity-received", on="2025-09-10", actor=clerk)
    r.refresh_from_db()
    assert r.clock_started_on == date(2025, 9, 10)
    assert r.due_on == date(2025, 10, 10)
    assert r.status == RequestStatus.OPEN


def test_identity_not_asked_for_does_not_move_the_start(make_request, clerk):
    r = make_request()
    with pytest.raises(InvalidValue) as refused:
        record_event(r, type="identity-received", on="2025-09-10", actor=clerk)
    assert refused.value.field == "type"
    assert "not asked for" in refused.value.message
    r.refresh_from_db()
    assert r.due_on == date(2025, 10, 3)
    assert not r.events.exists()


def test_fee_received_moves_the_start_too(make_request, clerk):
    r = make_request()
    record_event(r, type="fee-requested", on="2025-09-04", actor=clerk)
    assert r.status == RequestStatus.AWAITING_FEE
    record_event(r, type="fee-received", on="2025-09-15", actor=clerk)
    assert r.due_on == date(2025, 10, 15)


def test_a_clarification_pauses_the_count_both_ends_excluded(make_request, clerk):
    r = make_request()
    record_event(r, type="clarification-requested", on="2025-09-05", actor=clerk)
    r.refresh_from_db()
    assert r.status == RequestStatus.AWAITING_CLARIFICATION
    assert r.due_on is None  # the clock is stopped
    record_event(r, type="clarification-received", on="2025-09-09", actor=clerk)
    r.refresh_from_db()
    # 5 to 9 September, both included, do not count: 3 October + 5 days.
    assert r.due_on == date(2025, 10, 8)
    assert r.status == RequestStatus.OPEN


def test_a_clarification_answer_without_a_question_is_refused(make_request, clerk):
    r = make_request()
    with pytest.raises(InvalidValue) as refused:
        record_event(r, type="clarification-received", on="2025-09-09", actor=clerk)
    assert refused.value.field == "type"


def test_extension_after_the_first_month_is_refused(make_request, clerk):
    r = make_request()
    assert clock_for(r).extension_must_be_notified_by == date(2025, 10, 3)
    with pytest.raises(InvalidValue) as refused:
        record_event(
            r, type="extended", on="2025-10-06", actor=clerk, reason="many years of records"
        )
    assert refused.value.field == "on"
    assert "by 2025-10-03" in refused.value.message
    r.refresh_from_db()
    assert r.due_on == date(2025, 10, 3) and r.extension_notified_on is None


def test_extension_needs_its_reason(make_request, clerk):
    r = make_request()
    with pytest.raises(InvalidValue) as refused:
        record_event(r, type="extended", on="2025-09-20", actor=clerk)
    assert refused.value.field == "reason"


def test_extension_told_in_time_gives_three_months(make_request, clerk):
    r = make_request()
    record_event(
        r, type="extended", on="2025-09-20", actor=clerk, reason="twelve years of casework"
    )
    r.refresh_from_db()
    assert r.due_on == date(2025, 12, 3)
    assert r.extension_notified_on == date(2025, 9, 20)
    assert r.extension_reason == "twelve years of casework"


def test_an_event_before_the_request_was_received_is_refused(make_request, clerk):
    r = make_request()
    with pytest.raises(InvalidValue) as refused:
        record_event(r, type="identity-requested", on="2025-09-01", actor=clerk)
    assert refused.value.field == "on"


def test_person_confirmed_must_be_of_the_same_organisation(make_request, clerk, other_org):
    from tests.people.factories import PersonFactory

    r = make_request()
    stranger = PersonFactory(organisation=other_org)
    with pytest.raises(InvalidValue) as refused:
        record_event(r, type="person-confirmed", on="2025-09-04", actor=clerk, person=stranger)
    assert refused.value.field == "person"
    ours = PersonFactory(organisation=r.organisation)
    record_event(r, type="person-confirmed", on="2025-09-04", actor=clerk, person=ours.pk)
    r.refresh_from_db()
    assert r.person == ours
    assert r.status == RequestStatus.IN_PROGRESS


def test_an_anonymous_request_is_audited_as_public(org):
    from django.contrib.auth.models import AnonymousUser

    r = receive_request(
        org,
        kind="unclear",
        received_on=date(2025, 9, 3),
        via="web-form",
        requester={"name": "Bo Lee", "email": "bo@example.org"},
        details="",
        actor=AnonymousUser(),
    )
    event = AuditEvent.objects.get(target_type="rights.rightsrequest", target_id=str(r.pk))
    assert event.actor_label == "public"
