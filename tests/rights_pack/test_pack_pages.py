"""The staff pages: build and download the pack, decide on others' data, send letters."""

import pytest
from django.core import mail

from lawful.rights.pack_models import Letter, ThirdPartyFlag

from .conftest import make_request

pytestmark = pytest.mark.django_db


def _url(org, rights_request, tail=""):
    return f"/staff/{org.slug}/requests/{rights_request.pk}/pack{tail}"


def test_the_clerk_builds_the_pack_and_downloads_it(client, org, clerk, access_request):
    client.force_login(clerk)
    page = client.get(_url(org, access_request))
    assert page.status_code == 200 and b"Build the response pack" in page.content

    built = client.post(_url(org, access_request), follow=True)

    assert b"Download copy 1" in built.content
    download = client.get(_url(org, access_request, "/download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"


def test_a_fee_on_the_first_copy_is_refused_on_the_page(client, org, clerk, access_request):
    client.force_login(clerk)
    response = client.post(
        _url(org, access_request),
        {"fee": "10", "fee_ground": "further-copy", "fee_reason": "again"},
    )
    assert response.status_code == 422
    assert b"This is the first copy, which is free" in response.content
    assert not access_request.pack_copies.exists()


def test_the_clerk_decides_on_another_persons_data_with_a_reason(
    client, org, clerk, resident, neighbour, access_request
):
    make_request(org, resident, kind="erasure", details="Brian Neighbour again.")
    client.force_login(clerk)
    client.post(_url(org, access_request))
    flag = ThirdPartyFlag.objects.get(request=access_request)

    no_reason = client.post(
        _url(org, access_request, "/flags"), {"flag": flag.pk, "decision": "withhold"}
    )
    assert no_reason.status_code == 422
    client.post(
        _url(org, access_request, "/flags"),
        {"flag": flag.pk, "decision": "withhold", "reason": "He has not consented."},
    )

    flag.refresh_from_db()
    assert (flag.decision, flag.reason, flag.decided_by) == (
        "withhold",
        "He has not consented.",
        clerk,
    )


def test_a_councillor_may_not_reach_the_pack(client, org, councillor_a, access_request):
    client.force_login(councillor_a)
    assert client.get(_url(org, access_request)).status_code == 403


def test_another_organisations_request_is_not_found(client, other_org, other_clerk, access_request):
    client.force_login(other_clerk)
    assert (
        client.get(f"/staff/{other_org.slug}/requests/{access_request.pk}/pack").status_code == 404
    )


def test_the_clerk_sends_a_letter_from_the_page(client, org, clerk, access_request):
    client.force_login(clerk)
    response = client.post(
        f"/staff/{org.slug}/requests/{access_request.pk}/letters",
        {"kind": "acknowledgement", "channel": "email"},
        follow=True,
    )
    assert response.status_code == 200 and len(mail.outbox) == 1
    assert Letter.objects.get().kind == "acknowledgement"
    pdf = client.post(
        f"/staff/{org.slug}/requests/{access_request.pk}/letters",
        {"kind": "completion", "channel": "post"},
    )
    assert pdf["Content-Type"] == "application/pdf"


def test_the_request_page_offers_the_pack_and_the_letters(client, org, clerk, access_request):
    client.force_login(clerk)
    page = client.get(f"/staff/{org.slug}/requests/{access_request.pk}/").content.decode()
    assert f"/staff/{org.slug}/requests/{access_request.pk}/pack" in page
    assert "Build the response pack / Download" in page
    assert f"/staff/{org.slug}/requests/{access_request.pk}/letters" in page
