"""The casework pages: opening a case, the case page's forms and errors."""

import pytest

from lawful.casework.models import Case, Note

pytestmark = pytest.mark.django_db


def test_the_new_case_form_names_the_missing_condition(client, office, staff, resident):
    client.force_login(staff.worker)
    response = client.post(
        f"/staff/{office.slug}/cases/new",
        {"person": resident.pk, "subject": "Repairs", "special_categories": ["health"]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and 'href="#id_special_category_condition"' in text
    assert Case.objects.count() == 0


def test_a_caseworker_opens_a_case_and_adds_a_note(client, office, staff, resident):
    client.force_login(staff.worker)
    response = client.post(
        f"/staff/{office.slug}/cases/new",
        {
            "person": resident.pk,
            "subject": "Repairs",
            "special_categories": ["health"],
            "special_category_condition": "elected-representatives",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.caseworker == staff.worker
    page = f"/staff/{office.slug}/cases/{case.pk}/"
    empty = client.post(page, {"action": "note", "note-kind": "call", "note-text": ""})
    assert empty.status_code == 400 and "Write the note." in empty.content.decode()
    added = client.post(page, {"action": "note", "note-kind": "call", "note-text": "Rang her."})
    assert added.status_code == 302 and Note.objects.get().kind == "call"
    assert "Rang her." in client.get(page).content.decode()


def test_the_list_filters_by_status_and_due(client, office, staff, case):
    client.force_login(staff.lead)
    listed = client.get(f"/staff/{office.slug}/cases/", {"status": "closed"}).content.decode()
    assert case.subject not in listed
    listed = client.get(f"/staff/{office.slug}/cases/", {"status": "open"}).content.decode()
    assert case.subject in listed


def test_a_volunteer_is_refused_the_case_pages(client, office, staff, case):
    client.force_login(staff.volunteer)
    assert client.get(f"/staff/{office.slug}/cases/").status_code == 403
    response = client.get(f"/staff/{office.slug}/cases/{case.pk}/")
    assert response.status_code == 403 and case.subject not in response.content.decode()
