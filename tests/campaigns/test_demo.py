"""The demo shows a campaign: consents for some supporters, and one send to them."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from lawful.campaigns.models import Delivery, Send

pytestmark = pytest.mark.django_db


def test_the_demo_sends_one_email_to_the_supporters_who_may_be_emailed(capsys):
    call_command("demo", "--residents", "60")
    out = capsys.readouterr().out
    found = re.search(r"Campaign: (\d+) supporters may be emailed about keeping-in-touch", out)
    permitted = int(found[1])
    assert 0 < permitted < 60  # some consented (the demo's seeded consents), not all
    send = Send.objects.get()
    assert send.status == Send.Status.SENT and Delivery.objects.count() == permitted
    assert len(mail.outbox) == permitted
    call_command("demo", "--residents", "60")
    assert Send.objects.count() == 1  # once only
