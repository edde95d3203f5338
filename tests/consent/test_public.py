"""The public pages: sign-up with double opt-in, preferences by signed link, one-click
unsubscribe (RFC 8058), the honeypot and the hourly limit."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from lawful.consent import links
from lawful.consent.contact import may_contact
from lawful.consent.models import ConsentEvent, ConsentState
from lawful.consent.services import record_consent
from lawful.people.models import Person

SIGN_UP = "/o/riverside/sign-up"
KIT = "keeping-in-touch"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _form(**extra):
    return {
        "given_name": "Robin",
        "family_name": "Signup",
        "email": "Robin.Signup@Example.org",
        "phone": "",
        f"consent__{KIT}__email": "on",
    } | extra


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_form_offers_an_unticked_box_per_purpose_and_channel(client, network):
    page = client.get(SIGN_UP).content.decode()
    for channel in ("email", "sms", "phone"):
        box = re.search(rf'<input[^>]*name="consent__{KIT}__{channel}"[^>]*>', page)
        assert box and "checked" not in box.group(0)
    assert 'href="/o/riverside/privacy"' in page
    assert "political-communications" not in page  # legitimate interests: no box


def test_an_email_sign_up_is_stored_only_on_confirmation_with_its_evidence(client, network):
    response = client.post(SIGN_UP, _form(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert not Person.objects.filter(family_name="Signup").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["robin.signup@example.org"]
    url = re.search(r"https?://\S+/confirm/\S+", mail.outbox[0].body).group(0)
    # Opening the link (or a mail scanner fetching it) confirms nothing: the button does.
    assert "Confirm" in client.get(_path(url)).content.decode()
    assert not ConsentEvent.objects.exists()
    confirmed = client.post(_path(url), REMOTE_ADDR="198.51.100.20")
    assert confirmed.status_code == 200
    person = Person.objects.get(family_name="Signup")
    event = ConsentEvent.objects.get(person=person)
    assert (event.purpose, event.channel, event.action, event.method) == (
        KIT,
        "email",
        "grant",
        "web-form",
    )
    assert event.ip_address == "192.0.2.10"
    assert event.notice_version == "2.0"
    assert "Riverside Network may contact me by email" in event.wording
    assert "confirmed from the link emailed" in event.evidence
    assert "198.51.100.20" in event.evidence
    assert may_contact(network, person, KIT, "email").allowed
    # The same link again: nothing recorded twice.
    client.post(_path(url))
    assert ConsentEvent.objects.filter(person=person).count() == 1


def test_a_text_only_sign_up_is_recorded_at_once(client, network):
    form = _form(email="", phone="07700 900555")
    del form[f"consent__{KIT}__email"]
    form[f"consent__{KIT}__sms"] = "on"
    response = client.post(SIGN_UP, form)
    assert response.status_code == 302
    person = Person.objects.get(family_name="Signup")
    assert may_contact(network, person, KIT, "sms").allowed
    assert not mail.outbox


def test_a_sign_up_with_nothing_ticked_or_a_missing_address_is_refused(client, network):
    form = _form()
    del form[f"consent__{KIT}__email"]
    response = client.post(SIGN_UP, form)
    assert response.status_code == 400
    assert "Tick at least one box" in response.content.decode()
    response = client.post(SIGN_UP, _form(email=""))
    assert response.status_code == 400
    assert 'href="#id_email"' in response.content.decode()
    assert not mail.outbox


def test_the_honeypot_stores_and_sends_nothing(client, network):
    response = client.post(SIGN_UP, _form(website="http://spam.example"))
    assert response.status_code == 200
    assert not mail.outbox and not Person.objects.filter(family_name="Signup").exists()


def test_too_many_sign_ups_from_one_client_are_refused(client, network):
    for _ in range(10):
        client.post(SIGN_UP, _form(), REMOTE_ADDR="203.0.113.9")
    response = client.post(SIGN_UP, _form(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert len(mail.outbox) == 10


def _granted(network, make_person, *channels):
    person = make_person()
    for channel in channels:
        record_consent(
            network,
            person,
            purpose=KIT,
            channel=channel,
            action="grant",
            method="paper-form",
            wording="Yes",
        )
    return person


def test_the_preferences_page_shows_every_consent_and_withdraws_one_in_one_click(
    client, network, make_person
):
    person = _granted(network, make_person, "email", "sms")
    url = _path(links.preferences_url(network, person))
    page = client.get(url).content.decode()
    assert page.count("You agreed on") == 2
    response = client.post(url, {"purpose": KIT, "channel": "sms"})
    assert "we will not contact you by text message" in response.content.decode()
    assert not may_contact(network, person, KIT, "sms").allowed
    assert may_contact(network, person, KIT, "email").allowed


def test_stop_all_marketing_from_the_preferences_page(client, network, make_person):
    person = _granted(network, make_person, "email", "sms")
    url = _path(links.preferences_url(network, person))
    client.post(url, {"stop_all": "1"})
    assert not ConsentState.objects.filter(person=person, granted=True).exists()
    assert "they objected to direct marketing" in may_contact(network, person, KIT, "email").reasons


def test_a_tampered_or_foreign_preferences_link_is_refused(client, network, make_person, org):
    person = _granted(network, make_person, "email")
    url = _path(links.preferences_url(network, person))
    assert client.get(url[:-2] + "xx").status_code == 400
    token = url.rsplit("/", 1)[1]
    assert client.get(f"/o/{org.slug}/preferences/{token}").status_code == 400


def test_one_click_unsubscribe_by_rfc_8058_post_without_csrf(network, make_person):
    person = _granted(network, make_person, "email")
    header = links.list_unsubscribe_headers(network, person, KIT, "email")["List-Unsubscribe"]
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        _path(header.strip("<>")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not may_contact(network, person, KIT, "email").allowed
    withdrawal = ConsentEvent.objects.filter(person=person).last()
    assert (withdrawal.action, withdrawal.form) == ("withdraw", "unsubscribe")
    # Again: nothing more to record.
    browser.post(_path(header.strip("<>")), "List-Unsubscribe=One-Click",
                 content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert ConsentEvent.objects.filter(person=person).count() == 2


def test_the_unsubscribe_link_opened_in_a_browser_asks_first(client, network, make_person):
    person = _granted(network, make_person, "email")
    url = _path(links.unsubscribe_url(network, person, KIT, "email"))
    page = client.get(url).content.decode()
    assert "Unsubscribe</button>" in page
    assert may_contact(network, person, KIT, "email").allowed
