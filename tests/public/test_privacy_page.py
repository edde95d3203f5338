from datetime import date

import pytest
from django.test import override_settings

from lawful.notices.services import adopt_version, draft_version, import_document_control
from lawful.policy.register import load_register
from tests.conftest import EXAMPLE_FILES

pytestmark = pytest.mark.django_db


def test_the_privacy_page_shows_the_notice_generated_from_the_register(client, parish_register):
    response = client.get("/privacy")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{parish_register.controller.name}: " in body
    for purpose in parish_register.purposes:
        assert purpose.name.replace("&", "&amp;").replace("'", "&#x27;") in body
    assert 'lang="en-GB"' in body
    assert 'href="#main"' in body  # skip link for keyboard users


def test_the_page_follows_the_live_register(client, tmp_path):
    register_file = tmp_path / "register.yaml"
    text = EXAMPLE_FILES[0].read_text()
    register_file.write_text(text)
    name = load_register(register_file).controller.name
    register_file.write_text(text.replace(name, "Renamed Parish Council"))
    with override_settings(LAWFUL_REGISTER=register_file):
        body = client.get("/privacy").content.decode()
    assert "Renamed Parish Council" in body
    assert name not in body


def test_the_privacy_page_refuses_a_post(client):
    assert client.post("/privacy").status_code == 405


def test_the_home_page_links_to_the_notice(client):
    assert 'href="/privacy"' in client.get("/").content.decode()


def test_the_page_shows_the_version_history_lawful_keeps(client, parish_register):
    import_document_control(parish_register)
    draft = draft_version(parish_register, version="9.0", dated=date(2026, 11, 2))
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.199")
    body = client.get("/privacy").content.decode()
    assert "<dt>Version</dt><dd>9.0</dd>" in body
    assert "19 November 2026, minute 26.199" in body
    assert '<td data-label="Version">9.0</td><td data-label="Status">adopted</td>' in body
    assert '<td data-label="Status">superseded</td>' in body
    assert '<td data-label="Date">19 November 2026</td>' in body  # one date style


def test_the_page_links_to_the_pdf_and_opens_everything_for_printing(client, parish_register):
    body = client.get("/privacy").content.decode()
    assert 'href="/privacy.pdf"' in body
    assert "beforeprint" in body


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_pdf_is_a_real_pdf_of_the_notice(client, parish_register):
    response = client.get("/privacy.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert parish_register.controller.name in text
    assert "This notice in short" in text
    # Collapsed parts of the page are open in the PDF: every use's detail is there.
    assert text.count("Do you have to give it to us?") == len(parish_register.purposes)


def test_the_pdf_is_the_adopted_version_not_the_live_register(client, tmp_path):
    register_file = tmp_path / "register.yaml"
    text = EXAMPLE_FILES[0].read_text()
    register_file.write_text(text)
    register = load_register(register_file)
    with override_settings(LAWFUL_REGISTER=register_file):
        draft = draft_version(register, version="9.0", dated=date(2026, 11, 2))
        adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.199")
        register_file.write_text(text.replace(register.controller.name, "Renamed Council"))
        response = client.get("/privacy.pdf")
        live = client.get("/privacy").content.decode()
    assert "Renamed Council" in live
    pdf = _pdf_text(response.content)
    assert register.controller.name in pdf and "Renamed Council" not in pdf
    assert (
        'filename="privacy-notice-version-9.0-adopted-19-November-2026.pdf"'
        in (response["Content-Disposition"])
    )
