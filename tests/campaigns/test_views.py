"""The campaign page: counts and reasons for anyone in the workspace, sending and
exporting for the data protection lead only."""

from django.core import mail

from lawful.campaigns.models import Send
from lawful.disclosures.models import Disclosure
from tests.conftest import _staff

from .conftest import NORTHGATE, PURPOSE


def _as(client, django_user_model, network, role):
    user = _staff(django_user_model, f"{role}-user", role, network)
    client.force_login(user)
    return user


def test_the_lead_sees_the_count_and_reasons_but_no_one(
    supporter, client, django_user_model, network
):
    north = supporter("North")
    supporter("Nobody", consent=False)
    _as(client, django_user_model, network, "dp_lead")
    answer = client.get(
        "/staff/riverside/campaigns/",
        {"purpose": PURPOSE, "channel": "email", "ward": NORTHGATE, "constituency": ""},
    )
    body = answer.content.decode()
    assert answer.status_code == 200
    assert '<span id="audience-count">1</span>' in body
    assert "No consent" in body or "no consent" in body.lower()
    assert north.family_name not in body and "@example.org" not in body
    assert "Send an email" in body


def test_sending_and_exporting_are_for_the_lead_only(network, client, django_user_model):
    _as(client, django_user_model, network, "volunteer")
    assert client.get("/staff/riverside/campaigns/").status_code == 403
    assert client.post("/staff/riverside/campaigns/send", {}).status_code == 403
    assert client.post("/staff/riverside/campaigns/export", {}).status_code == 403


def test_a_bad_channel_is_named_on_the_page(network, client, django_user_model, postcodes):
    _as(client, django_user_model, network, "dp_lead")
    answer = client.get("/staff/riverside/campaigns/", {"purpose": PURPOSE, "channel": "post"})
    assert answer.status_code == 400
    assert "There is a problem" in answer.content.decode()


def test_the_lead_sends_from_the_page(supporter, client, django_user_model, network):
    supporter("North")
    _as(client, django_user_model, network, "dp_lead")
    answer = client.post(
        "/staff/riverside/campaigns/send",
        {
            "purpose": PURPOSE,
            "channel": "email",
            "ward": "",
            "constituency": "",
            "subject": "Hello",
            "body": "News.",
        },
    )
    assert answer.status_code == 302
    assert Send.objects.get().status == Send.Status.SENT
    assert len(mail.outbox) == 1


def test_the_lead_exports_a_csv_for_the_mailing_service(
    supporter, client, django_user_model, network
):
    north = supporter("North")
    _as(client, django_user_model, network, "dp_lead")
    answer = client.post(
        "/staff/riverside/campaigns/export",
        {
            "purpose": PURPOSE,
            "channel": "email",
            "ward": "",
            "constituency": "",
            "recipient": "mailing-service",
        },
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert answer.content.decode().splitlines()[0] == "Email Address,First Name,Last Name"
    assert Disclosure.objects.filter(person=north, recipient_id="mailing-service").exists()
