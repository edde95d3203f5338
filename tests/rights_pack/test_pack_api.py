"""GET /api/v1/requests/{id}/pack: the zip, for the organisation's own requests only."""

import io
import zipfile

import pytest

from lawful.audit.models import AuditEvent
from lawful.rights.pack_service import request_pack
from tests.api.conftest import token_for

from .conftest import make_request

pytestmark = pytest.mark.django_db


def test_the_pack_is_downloaded_as_a_zip_and_audited_as_an_export(
    api, clerk, clerk_token, access_request
):
    request_pack(access_request, actor=clerk)  # the test backend builds it at once

    response = api.get(f"/api/v1/requests/{access_request.pk}/pack", token=clerk_token)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert AuditEvent.objects.filter(action="export", summary__contains="through the API").exists()


def test_a_pack_not_built_yet_is_a_409_saying_so(api, clerk_token, access_request):
    response = api.get(f"/api/v1/requests/{access_request.pk}/pack", token=clerk_token)
    assert response.status_code == 409
    assert "not built yet" in response.json()["detail"]


def test_another_organisations_request_is_not_found(
    api, other_org, other_clerk, clerk, access_request
):
    request_pack(access_request, actor=clerk)
    response = api.get(
        f"/api/v1/requests/{access_request.pk}/pack", token=token_for(other_clerk, other_org)
    )
    assert response.status_code == 404
    assert b"data.json" not in response.content


def test_without_a_token_it_is_a_401(api, access_request):
    response = api.get(f"/api/v1/requests/{access_request.pk}/pack")
    assert response.status_code == 401


def test_a_request_that_is_not_for_access_has_no_pack(api, org, resident, clerk_token):
    erasure = make_request(org, resident, kind="erasure")
    response = api.get(f"/api/v1/requests/{erasure.pk}/pack", token=clerk_token)
    assert response.status_code == 409
