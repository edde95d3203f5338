"""The public pages of each organisation: the notice of the version adopted, never a draft."""

from datetime import date
from pathlib import Path

import pytest

from lawful.notices.services import adopt_version, draft_version, load_draft
from lawful.organisations.models import OrganisationHost
from tests.conftest import SMALL_REGISTER, TODAY
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_privacy_page_shows_the_notice_of_the_adopted_register(
    client, parish_org, parish_register
):
    response = client.get("/o/ashbrook-tc/privacy")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{parish_register.controller.name}: " in body
    for purpose in parish_register.purposes:
        assert purpose.name.replace("&", "&amp;").replace("'", "&#x27;") in body
    assert 'lang="en-GB"' in body
    assert 'href="#main"' in body  # skip link for keyboard users


def test_a_single_organisation_also_answers_at_privacy(client, parish_org):
    assert client.get("/privacy").content == client.get("/o/ashbrook-tc/privacy").content


def test_with_several_organisations_privacy_needs_the_organisation(client, org, other_org):
    assert client.get("/privacy").status_code == 404
    home = client.get("/").content.decode()
    assert 'href="/o/ashbrook/privacy"' in home and 'href="/o/northgate/privacy"' in home


def test_each_organisation_shows_its_own_notice(client, org, other_org):
    renamed = SMALL_REGISTER.replace("name: C,", "name: Northgate Town Council,")
    adopt_version(load_draft(other_org, renamed, version="2", today=TODAY), adopted_on=TODAY,
                  minute="26.1")  # fmt: skip
    ashbrook = client.get("/o/ashbrook/privacy").content.decode()
    northgate = client.get("/o/northgate/privacy").content.decode()
    assert "<h1>C: " in ashbrook and "Northgate Town Council" not in ashbrook
    assert "<h1>Northgate Town Council: " in northgate


def test_the_public_notice_is_the_adopted_version_while_a_draft_differs(client, org):
    draft = load_draft(org, SMALL_REGISTER.replace("name: C,", "name: Renamed Council,"),
                       version="2", today=TODAY)  # fmt: skip
    before = client.get("/o/ashbrook/privacy").content.decode()
    assert "Renamed Council" not in before
    assert '<td data-label="Version">2</td>' not in before  # a draft is not even listed
    adopt_version(draft, adopted_on=TODAY, minute="26.2")
    after = client.get("/o/ashbrook/privacy").content.decode()
    assert "<h1>Renamed Council: " in after


def test_an_organisation_with_nothing_adopted_shows_a_plain_page_saying_so(client):
    OrganisationFactory(slug="new", name="New Parish Council", register=False)
    response = client.get("/o/new/privacy")
    assert response.status_code == 404
    assert "No privacy notice adopted yet" in response.content.decode()


def test_an_unknown_organisation_is_not_found(client, org):
    assert client.get("/o/nowhere/privacy").status_code == 404


def test_an_organisation_answers_at_its_own_host_name(client, org, other_org):
    OrganisationHost.objects.create(organisation=other_org, host="privacy.northgate.example")
    response = client.get("/privacy", HTTP_HOST="privacy.northgate.example")
    assert response.status_code == 200
    assert "Northgate Town Council" in response.content.decode()


def test_the_privacy_page_refuses_a_post(client, org):
    assert client.post("/o/ashbrook/privacy").status_code == 405


def test_the_home_page_links_to_the_notice(client, org):
    assert 'href="/o/ashbrook/privacy"' in client.get("/o/ashbrook/").content.decode()


def test_the_page_shows_the_version_history_lawful_keeps(client, parish_org, parish_register):
    draft = draft_version(parish_org, parish_register, version="9.0", dated=date(2026, 11, 2))
    adopt_version(draft, adopted_on=date(2026, 11, 19), minute="26.199")
    body = client.get("/o/ashbrook-tc/privacy").content.decode()
    assert "<dt>Version</dt><dd>9.0</dd>" in body
    assert "19 November 2026, minute 26.199" in body
    assert '<td data-label="Version">9.0</td><td data-label="Status">adopted</td>' in body
    assert '<td data-label="Status">superseded</td>' in body
    assert '<td data-label="Date">19 November 2026</td>' in body  # one date style


def test_the_page_links_to_the_pdf_and_opens_everything_for_printing(client, parish_org):
    body = client.get("/o/ashbrook-tc/privacy").content.decode()
    assert 'href="privacy.pdf"' in body  # relative: /o/ashbrook-tc/privacy.pdf from here
    # Its script is a file (the Content-Security-Policy refuses inline scripts).
    assert '<script src="/static/public/notice.js" defer>' in body
    from django.contrib.staticfiles import finders

    assert "beforeprint" in Path(finders.find("public/notice.js")).read_text()
    assert client.get("/privacy.pdf")["Content-Type"] == "application/pdf"


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_pdf_is_a_real_pdf_of_the_notice(client, parish_org, parish_register):
    response = client.get("/o/ashbrook-tc/privacy.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    version = parish_register.document.current_version
    assert response["Content-Disposition"] == (
        f'attachment; filename="ashbrook-tc-privacy-notice-{version.version}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert parish_register.controller.name in text
    assert f"Version {version.version}, adopted {version.date.day} " in text
    assert "This notice in short" in text
    # Collapsed parts of the page are open in the PDF: every use's detail is there.
    assert text.count("Do you have to give it to us?") == len(parish_register.purposes)


def test_the_pdf_is_the_adopted_version_while_a_draft_differs(client, org):
    load_draft(org, SMALL_REGISTER.replace("name: C,", "name: Renamed Council,"),
               version="2", today=TODAY)  # fmt: skip
    pdf = _pdf_text(client.get("/o/ashbrook/privacy.pdf").content)
    assert "C: " in pdf and "Renamed Council" not in pdf


def test_there_is_no_pdf_before_a_notice_is_adopted(client):
    OrganisationFactory(slug="new", name="New Parish Council", register=False)
    response = client.get("/o/new/privacy.pdf")
    assert response.status_code == 404
    assert "No privacy notice adopted yet" in response.content.decode()
