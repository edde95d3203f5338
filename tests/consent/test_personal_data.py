"""The consent ledger in the registry: shown, exported, erased as the rights table says."""

from lawful import registry
from lawful.consent.models import ConsentEvent, ConsentState
from lawful.consent.services import record_consent


def _consented(network, make_person):
    person = make_person()
    record_consent(network, person, purpose="keeping-in-touch", channel="email",
                   action="grant", method="web-form", wording="Yes, email me",
                   ip_address="192.0.2.9", evidence="Signed up by Sam")  # fmt: skip
    return person


def test_the_person_page_and_the_access_pack_show_the_consents(network, make_person):
    person = _consented(network, make_person)
    views = registry.records_for(network, person)["consent"]
    assert [v.label for v in views] == ["Consent now", "Consent event"]
    assert views[1].fields["Network address"] == "192.0.2.9"
    exported = registry.export_for(network, person)["consent"]
    assert exported[1]["fields"]["Wording"] == "Yes, email me"


def test_erasure_deletes_the_state_and_what_identifies_and_keeps_the_anonymous_record(
    network, make_person
):
    person = _consented(network, make_person)
    outcome = registry.erase(network, person, actor=None)["consent"]
    assert not ConsentState.objects.filter(person=person).exists()
    event = ConsentEvent.objects.get(person=person)
    assert (event.ip_address, event.evidence, event.form) == (None, "", "")
    assert (event.purpose, event.action, event.wording) == ("keeping-in-touch", "grant",
                                                            "Yes, email me")  # fmt: skip
    assert outcome.erased and outcome.kept
