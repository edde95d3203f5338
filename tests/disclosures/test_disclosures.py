"""The disclosure log (Art 19): recorded, audited, listed as the recipients to tell."""

from datetime import date

import pytest

from lawful import registry
from lawful.audit.models import AuditEvent
from lawful.disclosures.models import Disclosure
from lawful.disclosures.services import recipients_to_tell, record_disclosure
from lawful.people import services
from lawful.people.services import InvalidValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(rights_org):
    return services.create_person(
        organisation=rights_org,
        actor=None,
        given_name="Ada",
        family_name="Lee",
        emails=["ada@example.org"],
    )


def test_a_disclosure_is_logged_and_audited(person, clerk):
    disclosure = record_disclosure(
        person,
        actor=clerk,
        recipient_id="district-council",
        what="name and address",
        disclosed_on="2026-11-02",
    )

    assert disclosure.recipient_name == "Ashdale District Council"
    assert disclosure.disclosed_on == date(2026, 11, 2)
    event = AuditEvent.objects.get(action="disclosure")
    assert event.person_id == person.pk and "district-council" in event.summary


def test_every_recipient_disclosed_to_is_listed_once(person):
    record_disclosure(
        person, actor=None, recipient_id="district-council", what="name", disclosed_on="2026-01-05"
    )
    record_disclosure(
        person,
        actor=None,
        recipient_id="mailing-service",
        what="email address",
        disclosed_on="2026-02-01",
    )
    record_disclosure(
        person,
        actor=None,
        recipient_id="district-council",
        what="address",
        disclosed_on="2026-03-09",
    )

    told = recipients_to_tell(person.organisation, person)

    assert [(r.recipient_id, r.what, r.last_disclosed_on) for r in told] == [
        ("district-council", ["name", "address"], date(2026, 3, 9)),
        ("mailing-service", ["email address"], date(2026, 2, 1)),
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"recipient_id": "the-press"}, "'the-press' is not a recipient in the register"),
        ({"disclosed_on": "02/11/2026"}, "disclosed_on: '02/11/2026' is not a date"),
        ({"disclosed_on": "2099-01-01"}, "in the future"),
        ({"what": "  "}, "what: say what was disclosed"),
    ],
)
def test_bad_input_is_named_and_nothing_is_logged(person, fields, message):
    wanted = {"recipient_id": "district-council", "what": "name"} | fields

    with pytest.raises(InvalidValue, match=message):
        record_disclosure(person, actor=None, **wanted)
    assert not Disclosure.objects.exists()


def test_a_restricted_person_is_not_disclosed(person):
    services.restrict_person(person, actor=None)
    person.refresh_from_db()

    with pytest.raises(InvalidValue, match="restricted"):
        record_disclosure(person, actor=None, recipient_id="district-council", what="name")


def test_the_log_joins_the_registry_and_outlives_erasure_saying_why(person):
    record_disclosure(person, actor=None, recipient_id="mailing-service", what="email address")

    found = registry.records_for(person.organisation, person)["disclosures"]
    assert found[0].fields["Recipient"] == "Our mailing-list provider"
    assert (
        registry.export_for(person.organisation, person)["disclosures"][0]["what"]
        == "email address"
    )
    outcome = registry.erase(person.organisation, person, actor=None)

    assert "Article 19" in outcome["disclosures"].kept[0]
    assert Disclosure.objects.filter(person=person).count() == 1
