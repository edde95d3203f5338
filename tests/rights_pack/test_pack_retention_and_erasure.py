"""A stored pack does not outlive its purpose: deleted after the closed request's
retention, and at once when the person (or another person it quotes) is erased."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lawful import registry
from lawful.rights.pack_models import AccessPackCopy, PackStatus, ThirdPartyFlag
from lawful.rights.pack_service import decide_flag, purge_expired_packs, request_pack

from .conftest import make_request

pytestmark = pytest.mark.django_db


def test_a_pack_is_deleted_once_the_closed_requests_retention_ends(settings, clerk, access_request):
    settings.LAWFUL_PACK_RETENTION_DAYS = 30
    copy = request_pack(access_request, actor=clerk)
    closed = timezone.now() - timedelta(days=31)
    type(access_request).objects.filter(pk=access_request.pk).update(closed_at=closed)

    assert purge_expired_packs(date.today() - timedelta(days=2)) == 0  # not yet 30 days then
    assert purge_expired_packs() == 1

    copy.refresh_from_db()
    assert copy.content is None and copy.status == PackStatus.PURGED


def test_an_open_requests_pack_is_kept(clerk, access_request):
    request_pack(access_request, actor=clerk)
    assert purge_expired_packs(date.today() + timedelta(days=365)) == 0


def test_erasing_the_person_deletes_their_packs_and_what_the_flags_quoted(
    org, clerk, resident, neighbour, access_request
):
    make_request(org, resident, kind="erasure", details="Brian Neighbour again.")
    request_pack(access_request, actor=clerk)
    assert ThirdPartyFlag.objects.exists()

    outcome = registry.erase(org, resident, clerk)

    assert not AccessPackCopy.objects.exclude(content__isnull=True).exists()
    assert not ThirdPartyFlag.objects.exists()
    assert outcome["access-packs"].kept  # that packs were sent, without their contents


def test_erasing_a_person_quoted_in_anothers_released_pack_deletes_that_pack(
    org, clerk, resident, neighbour, access_request
):
    make_request(org, resident, kind="erasure", details="Brian Neighbour again.")
    request_pack(access_request, actor=clerk)
    flag = ThirdPartyFlag.objects.get()
    decide_flag(flag, actor=clerk, decision="release", reason="She already knows him.")
    request_pack(access_request, actor=clerk)
    assert b"Brian" in zipped_data(access_request)

    registry.erase(org, neighbour, clerk)

    copy = AccessPackCopy.objects.get(request=access_request)
    assert copy.content is None and copy.status == PackStatus.PURGED
    assert not ThirdPartyFlag.objects.filter(other_person_id=neighbour.pk).exists()


def zipped_data(rights_request) -> bytes:
    import io
    import zipfile

    copy = AccessPackCopy.objects.get(request=rights_request)
    return zipfile.ZipFile(io.BytesIO(bytes(copy.content))).read("data.json")
