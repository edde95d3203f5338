"""The staff page "Record a withdrawal or objection": found by the details given, never
shown, in effect at once, for every role (volunteers take the calls)."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.consent.contact import may_contact
from lawful.consent.models import ConsentEvent
from lawful.consent.services import record_by_contact, record_consent
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import Exclusion
from lawful.suppression.services import is_suppressed
from tests.conftest import _staff

KIT = "keeping-in-touch"
URL = "/staff/riverside/withdrawals/"


def grant(org, person, channel="email"):
    record_consent(
        org,
        person,
        purpose=KIT,
        channel=channel,
        action="grant",
        method="web-form",
        wording="Yes, keep in touch.",
    )


def allowed(org, person, channel="email"):
    return may_contact(org, person, KIT, channel).allowed


@pytest.fixture
def volunteer_n(django_user_model, network):
    return _staff(django_user_model, "vol-n", "volunteer", network)


@pytest.fixture
def lead_n(django_user_model, network):
    return _staff(django_user_model, "lead-n", "dp_lead", network)


def post(client, **data):
    form = {"what": "all", "method": "phone", "email": "", "phone": "", "name": "", "note": ""}
    form.update(data)
    return client.post(URL, form)


@pytest.mark.parametrize("method", ["phone", "in-person", "email", "paper-form"])
def test_each_method_withdraws_at_once(client, volunteer_n, network, make_person, method):
    person = make_person()
    grant(network, person)
    grant(network, person, "sms")
    assert allowed(network, person)
    client.force_login(volunteer_n)
    email = person.contact_points.get(kind="email").value.upper()  # written another way
    response = post(
        client, what="some", method=method, email=email, **{f"consent__{KIT}__email": "on"}
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert 'id="recorded"' in page
    assert person.family_name not in page  # the volunteer is never shown the record
    assert may_contact(network, person, KIT, "email").reasons == [Exclusion.NO_CONSENT]
    assert allowed(network, person, "sms")  # only what was asked
    event = ConsentEvent.objects.filter(person=person, action="withdraw").get()
    assert (event.method, event.recorded_by, event.channel) == (method, volunteer_n, "email")


def test_stop_all_marketing_is_an_objection_on_every_channel(
    client, volunteer_n, network, make_person
):
    person = make_person()
    grant(network, person)
    grant(network, person, "sms")
    client.force_login(volunteer_n)
    phone = person.contact_points.get(kind="phone").normalised
    response = post(client, phone=phone.replace("+44", "0"), name="Sam Example")
    assert response.status_code == 200
    assert "do-not-contact list" in response.content.decode()
    for channel in ("email", "sms"):
        assert may_contact(network, person, KIT, channel).reasons[0] == Exclusion.OBJECTED
    assert ConsentEvent.objects.filter(person=person, action="withdraw").count() == 2
    assert ConsentEvent.objects.filter(evidence__contains="name given: Sam Example").exists()
    assert AuditEvent.objects.filter(summary__contains="told to staff (phone)").exists()


def test_the_lead_is_told_how_many_records_matched(client, lead_n, network, make_person):
    first, second = make_person(), make_person()
    second.contact_points.filter(kind="email").update(
        normalised=first.contact_points.get(kind="email").normalised
    )
    client.force_login(lead_n)
    email = first.contact_points.get(kind="email").normalised
    page = post(client, email=email, method="email").content.decode()
    assert "Recorded for 2 matching records" in page
    assert first.family_name not in page and second.family_name not in page


def test_an_unknown_detail_objecting_goes_on_the_do_not_contact_list(
    client, lead_n, network, make_person
):
    client.force_login(lead_n)
    page = post(client, email="Nobody.Held@Example.org").content.decode()
    assert "No one is held with that detail" in page
    assert is_suppressed(network, email="nobody.held@example.org")
    # ... so that when they come in later they are never marketed to.
    later = make_person(email=False)
    later.contact_points.create(
        organisation=network,
        kind="email",
        value="nobody.held@example.org",
        normalised="nobody.held@example.org",
    )
    assert may_contact(network, later, KIT, "email").reasons[0] == Exclusion.OBJECTED


def test_an_unknown_detail_withdrawing_one_channel_writes_nothing(network):
    result = record_by_contact(
        network,
        email="nobody@example.org",
        objection=False,
        choices=[(KIT, "email")],
        method="phone",
    )
    assert (result.matched, result.withdrawals, result.suppressed_unknown) == (0, 0, False)
    assert not is_suppressed(network, email="nobody@example.org")
    assert not ConsentEvent.objects.exists()


def test_another_organisations_people_are_never_touched(network, other_org, make_person):
    mine, theirs = make_person(), make_person(other_org)
    theirs.contact_points.filter(kind="email").update(
        normalised=mine.contact_points.get(kind="email").normalised
    )
    email = mine.contact_points.get(kind="email").normalised
    result = record_by_contact(network, email=email, objection=True, method="phone")
    assert result.matched == 1
    assert not ConsentEvent.objects.filter(person=theirs).exists()
    assert not is_suppressed(other_org, email=email)


def test_form_errors_name_the_field(client, volunteer_n, network):
    client.force_login(volunteer_n)
    response = post(client, method="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "There are problems" in page
    assert 'href="#id_email"' in page and "Give the email address or the telephone" in page
    assert 'href="#id_method"' in page
    page = post(client, email="not an address", what="some").content.decode()
    assert "&#x27;not an address&#x27; is not an email address" in page
    assert "Tick at least one thing they no longer want" in page
    assert not ConsentEvent.objects.exists()


def test_a_bad_choice_is_refused_naming_it(network):
    with pytest.raises(InvalidValue) as caught:
        record_by_contact(
            network,
            email="a@example.org",
            objection=False,
            choices=[("nope", "email")],
            method="phone",
        )
    assert caught.value.field == "choices"


def test_another_organisations_member_gets_404(client, other_clerk, network):
    client.force_login(other_clerk)
    assert client.get(URL).status_code == 404


# --- the person page: consent given or withdrawn, for roles that see the record ------


def person_url(person):
    return f"/staff/riverside/people/{person.pk}/consents/"


def test_the_lead_records_a_grant_and_a_withdrawal_on_the_person_page(
    client, lead_n, network, make_person
):
    person = make_person()
    client.force_login(lead_n)
    choice = f"{KIT}|email"
    response = client.post(
        person_url(person),
        {"choice": choice, "action": "grant", "method": "paper-form", "wording": "Yes please"},
    )
    assert response.status_code == 200 and 'id="recorded"' in response.content.decode()
    assert allowed(network, person)
    response = client.post(
        person_url(person), {"choice": choice, "action": "withdraw", "method": "phone"}
    )
    assert response.status_code == 200
    assert may_contact(network, person, KIT, "email").reasons == [Exclusion.NO_CONSENT]
    assert "Withdrawn" in response.content.decode()
    event = ConsentEvent.objects.filter(person=person).latest("pk")
    assert (event.action, event.method, event.recorded_by) == ("withdraw", "phone", lead_n)


def test_a_grant_without_wording_is_refused_naming_it(client, lead_n, network, make_person):
    person = make_person()
    client.force_login(lead_n)
    response = client.post(
        person_url(person), {"choice": f"{KIT}|email", "action": "grant", "method": "phone"}
    )
    assert response.status_code == 400
    assert 'href="#id_wording"' in response.content.decode()
    assert not ConsentEvent.objects.exists()


def test_a_volunteer_cannot_reach_the_person_page_form(client, volunteer_n, make_person):
    person = make_person()
    client.force_login(volunteer_n)
    assert client.get(person_url(person)).status_code in (403, 404)
