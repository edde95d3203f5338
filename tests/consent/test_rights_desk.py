"""The rights desk and the consent ledger: a withdrawal or an objection carried out
there withdraws the consents, so no list includes the person any more."""

from lawful.consent.contact import may_contact
from lawful.consent.models import ConsentEvent
from lawful.consent.services import record_consent
from lawful.rights.fulfil import fulfil
from lawful.rights.services import receive_request, record_event

KIT = "keeping-in-touch"


def _request(network, person, kind):
    rights_request = receive_request(
        network,
        kind=kind,
        received_on="2026-11-02",
        via="phone",
        requester={"name": "Sam Resident", "phone": "07700 900001"},
        details="Please stop.",
        actor=None,
    )
    record_event(rights_request, type="person-confirmed", on="2026-11-02", actor=None,
                 person=person.pk)  # fmt: skip
    rights_request.refresh_from_db()
    return rights_request


def _grant(network, person, *channels):
    for channel in channels:
        record_consent(network, person, purpose=KIT, channel=channel, action="grant",
                       method="web-form", wording="Yes")  # fmt: skip


def test_a_grant_links_the_purpose_on_consent(network, make_person):
    person = make_person()
    _grant(network, person, "email", "sms")
    links = list(person.purposes.values_list("purpose_id", "basis", "ended"))
    assert links == [(KIT, "consent", None)]


def test_a_withdrawal_request_withdraws_every_channel(network, make_person):
    person = make_person()
    _grant(network, person, "email", "sms")
    result = fulfil(_request(network, person, "withdraw-consent"), actor=None)
    assert result.outcome == "completed"
    assert not may_contact(network, person, KIT, "email").allowed
    assert not may_contact(network, person, KIT, "sms").allowed
    withdrawals = ConsentEvent.objects.filter(person=person, action="withdraw")
    assert {(e.channel, e.method) for e in withdrawals} == {("email", "phone"), ("sms", "phone")}
    assert all("Rights request" in e.evidence for e in withdrawals)


def test_an_objection_on_the_rights_desk_withdraws_marketing_consents(network, make_person):
    person = make_person()
    _grant(network, person, "email")
    result = fulfil(_request(network, person, "objection"), actor=None)
    assert result.outcome == "completed"
    decision = may_contact(network, person, KIT, "email")
    assert decision.reasons[0] == "they objected to direct marketing"
    assert ConsentEvent.objects.filter(person=person, action="withdraw").count() == 1
