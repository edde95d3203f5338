"""Who may be contacted: the rule function case by case, and the audience agreeing."""

from datetime import date

import pytest
from django.utils import timezone

from lawful.consent.contact import audience, may_contact
from lawful.consent.models import TpsNumber
from lawful.consent.services import record_consent, record_objection
from lawful.people import services as people
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import Exclusion

KIT = "keeping-in-touch"
POL = "political-communications"


def grant(org, person, channel="email", purpose=KIT):
    record_consent(
        org,
        person,
        purpose=purpose,
        channel=channel,
        action="grant",
        method="phone",
        wording="Agreed on the phone to hear from us.",
    )


def reasons(org, person, purpose=KIT, channel="email", today=None):
    decision = may_contact(org, person, purpose, channel, today=today)
    assert decision.allowed == (not decision.reasons)
    return decision.reasons


def excluded(org, purpose=KIT, channel="email", **kw):
    return audience(org, purpose, channel, **kw).excluded


def test_a_person_who_consented_may_be_emailed_at_their_address(network, make_person):
    person = make_person()
    grant(network, person)
    decision = may_contact(network, person, KIT, "email")
    assert decision.allowed and decision.contact == "resident1@example.org"
    found = audience(network, KIT, "email")
    assert list(found.rows()) == [(person.pk, "resident1@example.org")]
    assert found.excluded == {}


def test_no_consent_no_email(network, make_person):
    person = make_person()
    assert reasons(network, person) == [Exclusion.NO_CONSENT]
    assert excluded(network) == {Exclusion.NO_CONSENT: 1}


def test_erased(network, make_person):
    person = make_person()
    grant(network, person)
    Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
    assert reasons(network, person)[0] == Exclusion.ERASED
    assert excluded(network) == {Exclusion.ERASED: 1}


def test_deceased_from_the_day_of_death(network, make_person):
    person = make_person()
    grant(network, person)
    Person.objects.filter(pk=person.pk).update(deceased_on=date(2026, 6, 1))
    assert reasons(network, person, today=date(2026, 5, 31)) == []
    assert reasons(network, person, today=date(2026, 6, 1)) == [Exclusion.DECEASED]
    assert excluded(network, today=date(2026, 6, 1)) == {Exclusion.DECEASED: 1}


def test_restricted(network, make_person):
    person = make_person()
    grant(network, person)
    people.restrict_person(person, actor=None)
    assert reasons(network, person) == [Exclusion.RESTRICTED]
    assert excluded(network) == {Exclusion.RESTRICTED: 1}


def test_an_objection_stops_every_marketing_purpose_and_channel(network, make_person):
    person = make_person()
    twin = make_person(email=False, phone="07700 900001")  # the same number: the same person
    grant(network, twin, channel="sms")
    record_objection(network, person, method="in-person")
    assert reasons(network, twin, channel="sms")[0] == Exclusion.OBJECTED
    assert excluded(network, channel="sms") == {Exclusion.OBJECTED: 2}


def test_erasure_on_the_do_not_contact_list(network, make_person):
    from lawful.suppression.services import ContactDetails, suppress

    person = make_person()
    grant(network, person)
    suppress(
        network,
        ContactDetails(emails=("resident1@example.org",)),
        reason="erasure",
        actor=None,
    )
    assert reasons(network, person) == [Exclusion.SUPPRESSED]
    assert excluded(network) == {Exclusion.SUPPRESSED: 1}


def test_no_contact_point_for_the_channel(network, make_person):
    person = make_person(email=False)
    grant(network, person)
    assert reasons(network, person) == [Exclusion.NO_CONTACT_POINT]
    assert excluded(network) == {Exclusion.NO_CONTACT_POINT: 1}


def test_texts_need_a_mobile_number(network, make_person):
    landline = make_person(phone="01632 960{n:03d}")
    mobile = make_person()
    grant(network, landline, channel="sms")
    grant(network, mobile, channel="sms")
    assert reasons(network, landline, channel="sms") == [Exclusion.NO_CONTACT_POINT]
    assert reasons(network, mobile, channel="sms") == []
    # A live call may go to the landline.
    grant(network, landline, channel="phone")
    assert reasons(network, landline, channel="phone") == []


def test_live_calls_never_to_a_number_on_the_tps(network, make_person):
    person = make_person()
    grant(network, person, channel="phone")
    TpsNumber.objects.create(organisation=network, number="+447700900001")
    assert reasons(network, person, channel="phone") == [Exclusion.TPS]
    assert excluded(network, channel="phone") == {Exclusion.TPS: 1}
    # Someone whose number is not on the file is called on it.
    other = make_person()
    grant(network, other, channel="phone")
    number = other.contact_points.get(kind="phone").normalised
    found = audience(network, KIT, "phone")
    assert dict(found.rows()) == {other.pk: number} and found.count == 1
    # Texts are not live calls: the TPS does not apply (consent does).
    grant(network, person, channel="sms")
    assert reasons(network, person, channel="sms") == []


def test_post_on_legitimate_interests_needs_the_purpose_held_and_no_opt_out(network, make_person):
    held = make_person(postal=True)
    not_held = make_person(postal=True)
    people.link_purpose(
        held, actor=None, purpose_id=POL, basis="legitimate-interests", source="data-subject"
    )
    assert reasons(network, held, POL, "post") == []
    assert reasons(network, not_held, POL, "post") == [Exclusion.NOT_HELD]
    found = audience(network, POL, "post")
    assert [pk for pk, _ in found.rows()] == [held.pk]
    assert dict(found.people.values_list("pk", "contact"))[held.pk].endswith("SW1A 1AA")
    record_consent(
        network, held, purpose=POL, channel="post", action="withdraw", method="phone", wording=""
    )
    assert reasons(network, held, POL, "post") == [Exclusion.OPTED_OUT]
    assert excluded(network, POL, "post") == {Exclusion.NOT_HELD: 1, Exclusion.OPTED_OUT: 1}


def test_email_always_needs_consent_whatever_the_register_says(network, make_person):
    # political-communications rests on legitimate interests but names no email: refused.
    person = make_person()
    assert may_contact(network, person, POL, "email").allowed is False
    with pytest.raises(InvalidValue):
        audience(network, POL, "email")


def test_audience_narrowed_to_a_ward(network, make_person):
    north, south = make_person(), make_person()
    for p in (north, south):
        grant(network, p)
    Person.objects.filter(pk=north.pk).update(ward="Northgate")
    found = audience(network, KIT, "email", people=Person.objects.filter(ward="Northgate"))
    assert [pk for pk, _ in found.rows()] == [north.pk]
    assert found.count == 1


def test_audience_never_includes_another_organisation(network, make_person, org):
    from tests.conftest import EXAMPLES
    from tests.organisations.factories import OrganisationFactory

    other = OrganisationFactory(
        slug="elsewhere", register=(EXAMPLES / "campaign-network.yaml").read_text()
    )
    mine, theirs = make_person(), make_person(other)
    grant(network, mine)
    grant(other, theirs)
    found = audience(network, KIT, "email", people=Person.objects.all())
    assert [pk for pk, _ in found.rows()] == [mine.pk]


def test_an_unknown_purpose_is_refused(network, make_person):
    person = make_person()
    decision = may_contact(network, person, "no-such-purpose", "email")
    assert not decision.allowed and "not a purpose" in decision.reasons[0]
    with pytest.raises(InvalidValue) as refused:
        audience(network, "no-such-purpose", "email")
    assert refused.value.field == "purpose"
