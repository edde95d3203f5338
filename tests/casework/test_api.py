"""The cases API, as its contract says."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lawful.casework.models import Case, Referral
from lawful.disclosures.models import Disclosure
from tests.isolation.world import api_token

from .test_services import EML

pytestmark = pytest.mark.django_db


def _client(user, office):
    token = api_token(user, office)
    return Client(headers={"Authorization": f"Bearer {token}"})


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_case_is_opened_with_201_and_its_id(office, staff, resident):
    client = _client(staff.worker, office)
    response = _post(
        client,
        "/api/v1/cases",
        {
            "person": resident.pk,
            "subject": "Benefits appeal",
            "description": "Needs help with a PIP appeal (mental health).",
            "category": "benefits",
            "ward": "Northgate",
            "special_categories": ["health"],
            "special_category_condition": "elected-representatives",
            "criminal_offence_condition": "",
            "assigned_to": "worker",
        },
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.caseworker == staff.worker and case.special_categories == ["health"]
    got = client.get(f"/api/v1/cases/{case.pk}")
    assert got.status_code == 200 and got.json()["description"].startswith("Needs help")


def test_special_category_data_without_a_condition_is_422_naming_the_field(office, staff, resident):
    client = _client(staff.worker, office)
    response = _post(
        client,
        "/api/v1/cases",
        {"person": resident.pk, "subject": "x", "special_categories": ["sex-life"]},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "special_category_condition"
    assert Case.objects.count() == 0


def test_a_case_outside_the_callers_scope_is_404(office, staff, case):
    assert _client(staff.worker2, office).get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert _client(staff.worker, office).get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert _client(staff.cllr_b, office).get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert _client(staff.cllr_a, office).get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_notes_referrals_third_parties_and_closing(office, staff, case, neighbour):
    client = _client(staff.worker, office)
    base = f"/api/v1/cases/{case.pk}"
    assert _post(client, f"{base}/notes", {"text": "Called the landlord."}).status_code == 201
    assert _post(client, f"{base}/third-parties", {"person": neighbour.pk}).status_code == 201
    referred = _post(
        client,
        f"{base}/referrals",
        {"recipient": "local-authorities", "shared": "the repair", "reason": "Their duty."},
    )
    assert referred.status_code == 201
    assert Referral.objects.get().disclosure == Disclosure.objects.get()
    refused = _post(client, f"{base}/referrals", {"recipient": "nobody", "shared": "all"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "recipient"
    closed = _post(client, f"{base}/close", {"outcome": "Repaired."})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_an_eml_is_imported_from_a_multipart_upload(office, staff, case):
    client = _client(staff.worker, office)
    upload = SimpleUploadedFile("damp.eml", EML, content_type="message/rfc822")
    response = client.post(f"/api/v1/cases/{case.pk}/correspondence", {"file": upload})
    assert response.status_code == 201
    bad = SimpleUploadedFile("x.eml", b"not an email", content_type="message/rfc822")
    refused = client.post(f"/api/v1/cases/{case.pk}/correspondence", {"file": bad})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "file"


def test_a_volunteer_is_refused_the_cases_api(office, staff, case):
    token = api_token(staff.volunteer, office)
    if token is None:
        return  # no token at all for a volunteer
    response = Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
