"""Audiences by ward, sends from the worker, exports, and the mailing service's
unsubscribe events: none of them ever includes anyone they must not."""

import csv
import hashlib
import hmac
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful import registry
from lawful.audit.models import AuditEvent
from lawful.campaigns.models import Delivery, Send
from lawful.campaigns.services import (
    EXPORT_COLUMNS,
    Target,
    compose_send,
    export_for_mailing_service,
    mailing_service_unsubscribe,
    new_webhook_secret,
    start_send,
    target_audience,
)
from lawful.consent.contact import may_contact
from lawful.consent.services import record_consent
from lawful.disclosures.models import Disclosure
from lawful.people.normalise import InvalidValue
from lawful.people.services import restrict_person

from .conftest import NORTHGATE, PURPOSE, SOUTHGATE


def test_the_audience_of_a_ward_is_its_permitted_people_with_the_reasons(supporter):
    north = supporter("North")
    supporter("Nobody", consent=False)
    restricted = supporter("Restricted")
    restrict_person(restricted, actor=None)
    supporter("South", "EX17 6BA")
    found = target_audience(north.organisation, Target(PURPOSE, "email", ward=NORTHGATE))
    assert [pk for pk, _ in found.rows()] == [north.pk]
    assert sum(found.excluded.values()) == 2
    assert found.count == 1
    south = target_audience(north.organisation, Target(PURPOSE, "email", ward=SOUTHGATE))
    assert south.count == 1 and not south.excluded


def test_the_audience_command_prints_contacts_and_the_reasons(supporter, capsys):
    north = supporter("North")
    supporter("Nobody", consent=False)
    call_command(
        "audience", PURPOSE, "--org", "riverside", "--channel", "email", "--ward", NORTHGATE
    )
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["person_id"], r["contact"]) for r in rows] == [
        (str(north.pk), north.contact_points.get(kind="email").normalised)
    ]
    assert "Left out of keeping-in-touch by email in ward E05012345" in err
    assert "1" in err
    call_command(
        "audience", PURPOSE, "--org", "riverside", "--channel", "email", "--format", "json"
    )
    assert json.loads(capsys.readouterr().out)[0]["person_id"] == north.pk


def test_the_audience_command_names_a_bad_channel(network):
    with pytest.raises(CommandError, match="--channel"):
        call_command("audience", PURPOSE, "--org", "riverside", "--channel", "post")


def test_a_send_reaches_only_the_permitted_with_unsubscribe_headers(supporter):
    north = supporter("North")
    supporter("Nobody", consent=False)
    supporter("South", "EX17 6BA")
    send = compose_send(
        north.organisation,
        actor=None,
        target=Target(PURPOSE, "email", ward=NORTHGATE),
        subject="Meeting on Tuesday",
        body="Come to the meeting.",
    )
    start_send(send)  # the tests' task backend runs it at once, as the worker would
    send.refresh_from_db()
    assert send.status == Send.Status.SENT and send.sent_count == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    address = north.contact_points.get(kind="email").normalised
    assert message.to == [address]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/unsubscribe/" in message.body and "/preferences/" in message.body
    delivery = Delivery.objects.get()
    assert (delivery.person, delivery.address) == (north, address)
    assert send.excluded  # the count left out, kept with the send


def test_a_send_leaves_out_someone_who_withdrew_after_it_was_composed(supporter):
    north = supporter("North")
    send = compose_send(
        north.organisation, actor=None, target=Target(PURPOSE, "email"), subject="S", body="B"
    )
    record_consent(
        north.organisation,
        north,
        purpose=PURPOSE,
        channel="email",
        action="withdraw",
        method="phone",
        wording="Stop emailing me.",
    )
    start_send(send)
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_the_send_command_writes_to_files_in_the_email_dir(supporter, tmp_path, settings):
    supporter("North")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    body = tmp_path / "body.txt"
    body.write_text("Our news.")
    call_command(
        "send",
        PURPOSE,
        "--org",
        "riverside",
        "--channel",
        "email",
        "--subject",
        "News",
        "--body",
        str(body),
    )
    written = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert "Subject: News" in written and "List-Unsubscribe-Post" in written


def test_what_was_sent_is_in_the_access_request(supporter):
    north = supporter("North")
    send = compose_send(
        north.organisation, actor=None, target=Target(PURPOSE, "email"), subject="S1", body="B"
    )
    start_send(send)
    exported = registry.export_for(north.organisation, north)["campaigns"]
    assert exported[0]["subject"] == "S1" and exported[0]["address"].endswith("@example.org")
    outcome = registry.erase(north.organisation, north, None)
    assert outcome["campaigns"].erased and not Delivery.objects.exists()


def test_a_send_is_refused_for_a_channel_lawful_does_not_send(network):
    with pytest.raises(InvalidValue) as caught:
        compose_send(network, actor=None, target=Target(PURPOSE, "sms"), subject="S", body="B")
    assert caught.value.field == "channel"


def test_the_export_has_only_permitted_contacts_and_logs_each_disclosure(supporter):
    north = supporter("North")
    nobody = supporter("Nobody", consent=False)
    text, count = export_for_mailing_service(
        north.organisation,
        actor=None,
        target=Target(PURPOSE, "email"),
        recipient_id="mailing-service",
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert rows[1:] == [
        [north.contact_points.get(kind="email").normalised, "North", north.family_name]
    ]
    assert count == 1
    assert list(Disclosure.objects.values_list("person_id", "recipient_id")) == [
        (north.pk, "mailing-service")
    ]
    assert not Disclosure.objects.filter(person=nobody).exists()
    assert AuditEvent.objects.filter(action="disclosure", person_id=north.pk).exists()


def test_the_export_is_refused_to_a_recipient_the_register_does_not_name_for_it(supporter):
    north = supporter("North")
    for recipient in ("nobody-we-know", "law-enforcement"):
        with pytest.raises(InvalidValue) as caught:
            export_for_mailing_service(
                north.organisation,
                actor=None,
                target=Target(PURPOSE, "email"),
                recipient_id=recipient,
            )
        assert caught.value.field == "recipient"
    assert not Disclosure.objects.exists()


def _signed(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_signed_unsubscribe_event_withdraws_consent_at_once(supporter, client):
    north = supporter("North")
    organisation = north.organisation
    secret = new_webhook_secret(organisation, actor=None)
    address = north.contact_points.get(kind="email").value
    body = json.dumps({"email": address.upper(), "purpose": PURPOSE}).encode()
    url = "/o/riverside/mailing-service/unsubscribe"
    answer = client.post(
        url,
        body,
        content_type="application/json",
        headers={"X-Lawful-Signature": _signed(secret, body)},
    )
    assert answer.status_code == 204
    decision = may_contact(organisation, north, PURPOSE, "email")
    assert not decision.allowed
    assert north.consent_events.filter(action="withdraw", method="mailing-service").exists()


def test_an_unsigned_or_wrongly_signed_event_changes_nothing(supporter, client, network):
    north = supporter("North")
    new_webhook_secret(network, actor=None)
    address = north.contact_points.get(kind="email").value
    body = json.dumps({"email": address}).encode()
    url = "/o/riverside/mailing-service/unsubscribe"
    for headers in ({}, {"X-Lawful-Signature": _signed("another secret", body)}):
        answer = client.post(url, body, content_type="application/json", headers=headers)
        assert answer.status_code == 403
    assert may_contact(network, north, PURPOSE, "email").allowed


def test_an_unsubscribe_reaches_no_other_organisation(supporter, network):
    from tests.conftest import EXAMPLES
    from tests.organisations.factories import OrganisationFactory

    other = OrganisationFactory(
        slug="other", name="Other", register=(EXAMPLES / "campaign-network.yaml").read_text()
    )
    theirs = supporter("Theirs", organisation=other)
    address = theirs.contact_points.get(kind="email").value
    assert mailing_service_unsubscribe(network, email=address) == 0
    assert may_contact(other, theirs, PURPOSE, "email").allowed


def test_someone_who_withdraws_while_a_send_is_under_way_is_not_sent_it(supporter, monkeypatch):
    import lawful.campaigns.services as services

    first, second = supporter("First"), supporter("Second")
    monkeypatch.setattr(services, "BATCH", 1)
    original = services._message
    withdrawn = []

    def message_then_withdraw_the_other(send, links, person_id, address, connection):
        other = second if person_id == first.pk else first
        if not withdrawn:
            record_consent(
                other.organisation,
                other,
                purpose=PURPOSE,
                channel="email",
                action="withdraw",
                method="email",
                wording="Stop now.",
            )
            withdrawn.append(other)
        return original(send, links, person_id, address, connection)

    monkeypatch.setattr(services, "_message", message_then_withdraw_the_other)
    send = compose_send(
        first.organisation, actor=None, target=Target(PURPOSE, "email"), subject="S", body="B"
    )
    start_send(send)
    assert len(mail.outbox) == 1
    assert list(Delivery.objects.values_list("person", flat=True)) != [withdrawn[0].pk]
    assert Delivery.objects.count() == 1
