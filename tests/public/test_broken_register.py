"""A broken register never breaks a page: if the adopted version's stored register text
stops parsing (here: corrupted by hand in the database), the public pages serve the
version's stored notice, the dashboard names the problem, and the error is logged."""

import logging

import pytest
from django.db import connection

from lawful.notices.services import adopted_version

pytestmark = pytest.mark.django_db

BROKEN = "controller: [this is: not a register\n  - {"


def _corrupt_adopted(organisation):
    adopted = adopted_version(organisation)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notices_noticeversion SET register_text = %s WHERE id = %s",
            [BROKEN, adopted.pk],
        )
    return adopted


@pytest.mark.parametrize("path", ["/o/ashbrook-tc/privacy", "/o/ashbrook-tc/", "/privacy"])
def test_the_public_pages_serve_the_adopted_notice_from_its_stored_copy(
    client, parish_org, parish_register, caplog, path
):
    adopted = _corrupt_adopted(parish_org)
    with caplog.at_level(logging.ERROR, logger="lawful.notices"):
        response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    if path.endswith("privacy"):
        assert "shown from its stored copy" in body
        for purpose in parish_register.purposes[:3]:
            assert purpose.name.replace("&", "&amp;").replace("'", "&#x27;") in body
    else:
        assert "privacy notice" in body
    logged = [r.getMessage() for r in caplog.records if r.name == "lawful.notices"]
    assert any(f"adopted version {adopted.version} no longer parses" in m for m in logged)


def test_the_pdf_is_made_from_the_stored_notice(client, parish_org, parish_register, caplog):
    from io import BytesIO

    from pypdf import PdfReader

    _corrupt_adopted(parish_org)
    with caplog.at_level(logging.ERROR, logger="lawful.notices"):
        response = client.get("/o/ashbrook-tc/privacy.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert parish_register.purposes[0].name.split()[0] in text
    assert any("no longer parses" in r.getMessage() for r in caplog.records)


def test_the_dashboard_tells_the_lead_and_the_workspace_still_works(client, org, clerk, caplog):
    from tests.people.factories import PersonFactory

    person = PersonFactory(organisation=org)
    adopted = _corrupt_adopted(org)
    client.force_login(clerk)
    with caplog.at_level(logging.ERROR, logger="lawful.notices"):
        dashboard = client.get("/staff/ashbrook/")
        page = client.get(f"/staff/ashbrook/people/{person.pk}/")
    assert dashboard.status_code == 200
    assert f"The stored register of version {adopted.version} (in force) no longer reads" in (
        dashboard.content.decode()
    )
    assert page.status_code == 200
    assert any("no longer parses" in r.getMessage() for r in caplog.records)


def test_the_log_names_lines_not_the_registers_text(client, parish_org, caplog):
    _corrupt_adopted(parish_org)
    with caplog.at_level(logging.ERROR, logger="lawful.notices"):
        client.get("/o/ashbrook-tc/privacy")
    assert caplog.records
    assert all("not a register" not in r.getMessage() for r in caplog.records)
