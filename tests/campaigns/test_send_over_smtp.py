"""A send through Django's real SMTP backend to a local SMTP sink (tests/smtp_sink.py):
what goes over the wire has the one-click unsubscribe headers, and reaches the permitted
people only."""

import pytest

from lawful.campaigns.models import Delivery, Send
from lawful.campaigns.services import Target, compose_send, start_send
from lawful.people.services import restrict_person
from tests.smtp_sink import running_sink

from .conftest import PURPOSE


@pytest.fixture
def smtp_sink(settings):
    with running_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield sink


def test_a_send_over_smtp_carries_one_click_unsubscribe_to_the_permitted_only(supporter, smtp_sink):
    permitted = [supporter(name) for name in ("Ada", "Bea", "Cy")]
    nobody = supporter("Nobody", consent=False)
    restricted = supporter("Restricted")
    restrict_person(restricted, actor=None)
    send = compose_send(
        permitted[0].organisation,
        actor=None,
        target=Target(PURPOSE, "email"),
        subject="Litter pick on Saturday",
        body="Meet at the green at ten.",
    )
    start_send(send)  # the tests' task backend runs it at once, as the worker would

    def address(person):
        return person.contact_points.get(kind="email").normalised

    assert sorted(smtp_sink.recipients) == sorted(address(p) for p in permitted)
    assert address(nobody) not in smtp_sink.recipients
    assert address(restricted) not in smtp_sink.recipients
    assert len(smtp_sink.messages) == 3 and smtp_sink.without_unsubscribe_headers == 0
    links = set()
    for message in smtp_sink.messages:
        assert message["Subject"] == "Litter pick on Saturday"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        header = message["List-Unsubscribe"].strip()
        assert header.startswith("<https://") or header.startswith("<http://")
        link = header.strip("<>")
        assert "/o/riverside/unsubscribe/" in link
        body = message.get_content()
        assert f"Unsubscribe: {link}" in body  # the same signed link in the footer
        links.add(link)
    assert len(links) == 3  # one signed link per person
    send.refresh_from_db()
    assert send.status == Send.Status.SENT and send.sent_count == 3
    assert sorted(Delivery.objects.values_list("address", flat=True)) == sorted(
        smtp_sink.recipients
    )


def test_a_one_click_unsubscribe_from_the_header_withdraws_consent(supporter, smtp_sink, client):
    from lawful.consent.contact import may_contact

    ada = supporter("Ada")
    send = compose_send(
        ada.organisation, actor=None, target=Target(PURPOSE, "email"), subject="S", body="B"
    )
    start_send(send)
    link = smtp_sink.messages[0]["List-Unsubscribe"].strip().strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's address.
    answer = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code in (200, 204, 302)
    assert not may_contact(ada.organisation, ada, PURPOSE, "email").allowed
