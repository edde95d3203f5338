"""Every kind of request carried out through the service layer, by the rights table."""

import json

import pytest

from lawful.audit.models import AuditEvent
from lawful.disclosures.models import RecipientNotification
from lawful.disclosures.services import (
    record_disclosure,
    record_notification_impossible,
    record_notification_sent,
)
from lawful.people import services
from lawful.people.models import ContactPoint, Person
from lawful.people.services import InvalidValue
from lawful.rights.fulfil import NotReady, fulfil, lift_restriction
from lawful.rights.letters import send_letter
from lawful.rights.services import receive_request
from lawful.suppression.models import SuppressionEntry
from lawful.suppression.services import is_suppressed

from .conftest import (
    CONSULTATIONS,
    EVENTS,
    FINANCE,
    HALL_HIRE,
    NEWSLETTERS_BY_EMAIL,
    NEWSLETTERS_BY_POST,
    REQUESTER,
)

pytestmark = pytest.mark.django_db


def open_purposes(person) -> set[str]:
    return set(person.purposes.filter(ended__isnull=True).values_list("purpose_id", flat=True))


# --- Erasure ------------------------------------------------------------------------------


def test_erasure_removes_the_person_everywhere_and_says_what_was_kept(
    make_person, confirmed, clerk
):
    person = make_person(NEWSLETTERS_BY_EMAIL, aliases=["Ada Q"])
    record_disclosure(person, actor=clerk, recipient_id="mailing-service", what="email address")
    rights_request = confirmed("erasure", person)

    result = fulfil(rights_request, actor=clerk)

    person.refresh_from_db()
    assert result.outcome == "completed"
    assert person.erased_at is not None and person.family_name == ""
    assert not ContactPoint.objects.filter(person=person).exists()
    assert any("3 contact point(s)" == i.what for i in result.erased)
    kept = {i.what: i.why for i in result.kept}
    assert any("Article 19" in why for why in kept.values())  # the disclosure log
    assert any("do-not-contact" in what for what in kept)
    assert [n.recipient_id for n in result.recipients_to_tell] == ["mailing-service"]
    assert result.recipients_to_tell[0].status == "to-send"
    assert is_suppressed(person.organisation, email="ADA.LEE@example.org")
    rights_request.refresh_from_db()
    assert rights_request.status == "completed"
    # The request keeps the reply address until the reply is sent, then it goes too.
    assert rights_request.requester_email == REQUESTER["email"]
    send_letter(rights_request, "completion", actor=clerk, channel="email")
    rights_request.refresh_from_db()
    assert (rights_request.requester_email, rights_request.requester_name) == ("", "[erased]")


def test_erasure_keeps_what_a_legal_obligation_needs_naming_the_rule(make_person, confirmed, clerk):
    person = make_person(NEWSLETTERS_BY_EMAIL, FINANCE)

    result = fulfil(confirmed("erasure", person), actor=clerk)

    person.refresh_from_db()
    assert person.erased_at is None and person.family_name == "Lee"
    assert open_purposes(person) == {"finance"}  # newsletters ended at once
    kept = {i.purpose: i.why for i in result.kept}
    assert kept["finance"] == (
        "We cannot delete it while the law requires us to keep it. (UK GDPR Article 17(3)(b))"
    )
    assert [i.purpose for i in result.erased] == ["newsletters"]
    assert result.erased[0].what == "use for Newsletters (on the basis of your consent)"
    assert not SuppressionEntry.objects.exists()  # not erased: nothing to suppress


def test_erasure_of_data_a_public_task_needs_is_refused_naming_the_rule(
    make_person, confirmed, clerk
):
    person = make_person(CONSULTATIONS)

    rights_request = confirmed("erasure", person)

    result = fulfil(rights_request, actor=clerk)

    assert result.outcome == "refused"
    assert result.reason == (
        "Consultations (on the basis of a task in the public interest or our official "
        "functions): We cannot delete it while we need it to carry out our public task or "
        "official functions. (UK GDPR Article 17(3)(b))"
    )
    assert Person.objects.get(pk=person.pk).erased_at is None
    assert open_purposes(person) == {"consultations"}
    rights_request.refresh_from_db()
    assert rights_request.is_open  # for the refusal letter
    # The refusal is sent to the address the requester gave, which stays as they gave it.
    send_letter(rights_request, "refusal", actor=clerk, reason=result.reason)
    rights_request.refresh_from_db()
    assert (rights_request.requester_name, rights_request.requester_email) == (
        REQUESTER["name"],
        REQUESTER["email"],
    )


def test_marketing_under_a_public_task_is_erased_all_the_same(make_person, confirmed, clerk):
    # Art 17(1)(c): once someone objects to direct marketing, the public task is no
    # reason to keep the data for it (the rights table says so for direct marketing).
    person = make_person(NEWSLETTERS_BY_POST)
    fulfil(confirmed("objection", person), actor=clerk)

    result = fulfil(confirmed("erasure", person), actor=clerk)

    assert result.outcome == "completed"
    assert Person.objects.get(pk=person.pk).erased_at is not None


def test_an_erased_person_is_not_brought_back_by_a_later_import(make_person, confirmed, clerk):
    person = make_person(NEWSLETTERS_BY_EMAIL)
    fulfil(confirmed("erasure", person), actor=clerk)

    with pytest.raises(InvalidValue, match="do-not-contact list"):
        make_person(emails=["Ada.Lee@example.org"], phones=[], postal=None, family_name="Lee-Smith")
    with pytest.raises(InvalidValue, match="do-not-contact list"):
        make_person(emails=[], phones=["+44 7700 900456"], postal=None)
    assert Person.objects.count() == 1


# --- Restriction --------------------------------------------------------------------------


def test_restriction_stops_every_use_but_storage_until_lifted(make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")

    result = fulfil(confirmed("restriction", person), actor=clerk)

    person.refresh_from_db()
    assert person.restricted
    assert [n.action for n in result.recipients_to_tell] == ["restriction"]
    with pytest.raises(InvalidValue, match="restricted"):
        services.link_purpose(
            person,
            actor=clerk,
            purpose_id="events",
            basis="legitimate-interests",
            source="data-subject",
        )
    with pytest.raises(InvalidValue, match="restricted"):
        record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    # Correcting stays possible (Art 16 and 18 together).
    assert services.update_person(person, actor=clerk, family_name="Leigh") == ["family_name"]

    with pytest.raises(InvalidValue, match="reason"):
        lift_restriction(person, actor=clerk, reason="")
    assert lift_restriction(person, actor=clerk, reason="accuracy checked; person told")
    person.refresh_from_db()
    assert not person.restricted
    assert AuditEvent.objects.filter(summary="lifted the restriction", person_id=person.pk).exists()


# --- Objection ----------------------------------------------------------------------------


def test_an_objection_to_marketing_is_absolute_and_immediate(make_person, confirmed, clerk):
    person = make_person(NEWSLETTERS_BY_EMAIL, HALL_HIRE)

    result = fulfil(confirmed("objection", person), actor=clerk, purposes=["newsletters"])

    assert result.outcome == "completed"
    assert open_purposes(person) == {"hall-hire"}
    assert [i.purpose for i in result.stopped] == ["newsletters"]
    assert is_suppressed(
        person.organisation, email="ada.lee@example.org", reason="objection-to-marketing"
    )
    with pytest.raises(InvalidValue, match="objected to direct marketing"):
        services.link_purpose(
            person, actor=clerk, purpose_id="newsletters", basis="consent", source="data-subject"
        )


def test_an_objection_to_a_public_task_is_weighed_and_the_grounds_recorded(
    make_person, confirmed, clerk
):
    person = make_person(CONSULTATIONS, EVENTS)
    grounds = "The consultation is statutory and closes next week; the view is already counted."

    result = fulfil(
        confirmed("objection", person), actor=clerk, continue_on={"consultations": grounds}
    )

    assert open_purposes(person) == {"consultations"}
    assert [(i.purpose, i.why) for i in result.continued] == [("consultations", grounds)]
    assert [i.purpose for i in result.stopped] == ["events"]
    assert AuditEvent.objects.filter(summary__startswith="objection weighed").count() == 1


def test_an_objection_without_grounds_stops_the_processing(make_person, confirmed, clerk):
    person = make_person(CONSULTATIONS)

    fulfil(confirmed("objection", person), actor=clerk)

    assert open_purposes(person) == set()


@pytest.mark.parametrize(
    ("purpose", "reason"),
    [
        (HALL_HIRE, "The right to object does not apply to this basis. (UK GDPR Article 21(1))"),
        (FINANCE, "The right to object does not apply to this basis."),
    ],
)
def test_an_objection_where_the_right_does_not_apply_is_refused_naming_the_reason(
    make_person, confirmed, clerk, purpose, reason
):
    person = make_person(purpose)
    rights_request = confirmed("objection", person)
    audited = AuditEvent.objects.count()

    result = fulfil(rights_request, actor=clerk)

    assert result.outcome == "refused"
    assert reason in result.reason
    assert open_purposes(person) == {purpose[0]}
    rights_request.refresh_from_db()
    assert rights_request.status != "completed"
    assert AuditEvent.objects.count() == audited  # nothing changed


# --- Withdrawal of consent ----------------------------------------------------------------


def test_withdrawing_consent_ends_every_purpose_resting_on_it(make_person, confirmed, clerk):
    person = make_person(NEWSLETTERS_BY_EMAIL, FINANCE)

    result = fulfil(confirmed("withdraw-consent", person), actor=clerk)

    assert open_purposes(person) == {"finance"}
    assert [i.what for i in result.stopped] == ["Newsletters (on the basis of your consent)"]
    assert [i.why for i in result.refusals] == [
        "We do not rely on your consent for this. (UK GDPR Article 7(3))"
    ]


def test_withdrawing_consent_not_relied_on_is_refused(make_person, confirmed, clerk):
    person = make_person(FINANCE)

    result = fulfil(confirmed("withdraw-consent", person), actor=clerk)

    assert result.outcome == "refused"
    assert "We do not rely on your consent for this." in result.reason
    assert open_purposes(person) == {"finance"}


# --- Rectification ------------------------------------------------------------------------


def test_rectification_corrects_field_by_field_and_lists_recipients(make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")

    result = fulfil(
        confirmed("rectification", person),
        actor=clerk,
        changes={"family_name": "Leigh", "email": "ada.leigh@example.org"},
    )

    person.refresh_from_db()
    assert person.family_name == "Leigh"
    assert person.contact_points.get(kind="email").normalised == "ada.leigh@example.org"
    assert result.changed == ["family_name", "email value"]
    assert [(n.recipient_id, n.action) for n in result.recipients_to_tell] == [
        ("district-council", "rectification")
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth": "1990-01-01"}, "date_of_birth: not a field that can be corrected"),
        ({"email": "not an address"}, "email"),
        ({"family_name": "Lee"}, "nothing to do"),
        ({}, "changes: say which fields"),
    ],
)
def test_a_bad_correction_is_named_and_changes_nothing(
    make_person, confirmed, clerk, changes, message
):
    person = make_person(HALL_HIRE)
    rights_request = confirmed("rectification", person)

    with pytest.raises(InvalidValue, match=message):
        fulfil(rights_request, actor=clerk, changes=changes)

    person.refresh_from_db()
    assert person.family_name == "Lee"
    assert person.contact_points.get(kind="email").normalised == "ada.lee@example.org"
    rights_request.refresh_from_db()
    assert rights_request.is_open


# --- Portability, access, readiness ----------------------------------------------------------


def test_portability_where_no_purpose_rests_on_consent_or_contract_is_refused(
    make_person, confirmed, clerk
):
    person = make_person(FINANCE)

    result = fulfil(confirmed("portability", person), actor=clerk)

    assert result.outcome == "refused"
    assert "Data portability applies only where we rely on consent or a contract." in result.reason


def test_portability_exports_what_was_given_under_consent_or_contract(
    make_person, confirmed, clerk
):
    person = make_person(HALL_HIRE)

    result = fulfil(confirmed("portability", person), actor=clerk)

    assert result.outcome == "completed"
    exported = json.loads(result.data.json_text)
    assert exported and "hall-hire" in result.data.json_text
    assert person.family_name in result.data.csv_text


def test_an_access_request_is_handed_to_the_pack(make_person, confirmed, clerk):
    result = fulfil(confirmed("access", make_person(HALL_HIRE)), actor=clerk)

    assert result.outcome == "handed-over" and "pack" in result.reason


def test_a_request_with_no_person_confirmed_is_not_ready(rights_org, clerk, make_person):
    make_person(HALL_HIRE)
    rights_request = receive_request(
        rights_org,
        kind="erasure",
        received_on="2026-11-02",
        via="email",
        requester=dict(REQUESTER),
        actor=clerk,
    )

    with pytest.raises(NotReady, match="no person is confirmed"):
        fulfil(rights_request, actor=clerk)
    assert Person.objects.get().erased_at is None


def test_a_completed_request_is_not_carried_out_twice(make_person, confirmed, clerk):
    rights_request = confirmed("restriction", make_person(HALL_HIRE))
    fulfil(rights_request, actor=clerk)

    with pytest.raises(NotReady, match="closed"):
        fulfil(rights_request, actor=clerk)


# --- Telling recipients (Art 19) ------------------------------------------------------------


def test_each_recipient_is_told_and_the_sending_recorded(make_person, confirmed, clerk):
    person = make_person(HALL_HIRE)
    record_disclosure(person, actor=clerk, recipient_id="district-council", what="name")
    record_disclosure(person, actor=clerk, recipient_id="mailing-service", what="email address")
    result = fulfil(confirmed("erasure", person), actor=clerk)
    council, mailing = result.recipients_to_tell

    record_notification_sent(council, actor=clerk, on="2026-11-20")
    with pytest.raises(InvalidValue, match="reason"):
        record_notification_impossible(mailing, actor=clerk, reason=" ")
    record_notification_impossible(mailing, actor=clerk, reason="The provider has closed down.")

    statuses = dict(RecipientNotification.objects.values_list("recipient_id", "status"))
    assert statuses == {
        "district-council": "sent",
        "mailing-service": "impossible-or-disproportionate",
    }
    assert (
        str(RecipientNotification.objects.get(recipient_id="district-council").sent_on)
        == "2026-11-20"
    )
    assert AuditEvent.objects.filter(summary__startswith="told recipient district-council").exists()
    with pytest.raises(InvalidValue, match="already recorded as sent"):
        record_notification_sent(council, actor=clerk)
