"""Django's admin, for superusers only: every change still goes through the services."""

import pytest
from django.urls import reverse

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.people.models import ContactPoint, Person

from .factories import ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db

_MARK = [0]


@pytest.fixture(autouse=True)
def _events_from_here(org):
    _MARK[0] = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events():
    return AuditEvent.objects.filter(pk__gt=_MARK[0])


@pytest.fixture
def staff_clerk(admin_user):
    return admin_user


def inline_management(prefix: str, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form(org, **contact) -> dict:
    data = {"organisation": str(org.pk), "title": "", "given_name": "Alice"}
    data |= {"family_name": "Jones", "ward": "North"}
    for prefix in ("aliases", "contact_points"):
        data |= inline_management(prefix)
    if contact:
        data["contact_points-TOTAL_FORMS"] = "1"
        data |= {f"contact_points-0-{name}": value for name, value in contact.items()}
    return data


def test_opening_a_persons_record_records_a_view(client, staff_clerk, org):
    person = PersonFactory(organisation=org)
    client.force_login(staff_clerk)
    response = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200
    [event] = new_events().all()
    assert (event.action, event.actor, event.person_id) == (
        AuditAction.VIEW, staff_clerk, person.pk,
    )  # fmt: skip


def test_the_list_of_people_records_no_view_of_each(client, staff_clerk, org):
    PersonFactory.create_batch(3, organisation=org)
    client.force_login(staff_clerk)
    assert client.get(reverse("admin:people_person_changelist")).status_code == 200
    assert not new_events().exists()


def test_adding_a_person_normalises_the_email_and_records_create(client, staff_clerk, org):
    client.force_login(staff_clerk)
    response = client.post(
        reverse("admin:people_person_add"),
        add_form(org, kind="email", value=" Alice@Example.COM ", address_lines="", is_primary="on"),
    )
    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.get()
    assert person.organisation == org
    point = person.contact_points.get()
    assert (point.value, point.normalised) == ("Alice@Example.COM", "alice@example.com")
    [event] = new_events().all()
    assert (event.action, event.actor, event.person_id, event.summary) == (
        AuditAction.CREATE, staff_clerk, person.pk, "created person",
    )  # fmt: skip
    assert response["Location"] == reverse("admin:people_person_changelist")


def change_form(person, **purpose) -> dict:
    data = {"title": person.title, "given_name": person.given_name}
    data |= {"family_name": person.family_name, "ward": person.ward}
    for prefix in ("aliases", "contact_points", "purposes"):
        data |= inline_management(prefix)
    if purpose:
        data["purposes-TOTAL_FORMS"] = "1"
        data |= {f"purposes-0-{name}": value for name, value in purpose.items()}
    return data


def test_a_purpose_is_linked_on_the_persons_page(client, staff_clerk, org):
    person = PersonFactory(organisation=org)
    client.force_login(staff_clerk)
    data = change_form(
        person,
        purpose_id="newsletters",
        basis="consent",
        source="data-subject",
        since="2026-11-01",
    )
    response = client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert person.purposes.get().purpose_id == "newsletters"


def test_a_purpose_on_a_basis_the_register_does_not_state_is_shown_as_an_error(
    client, staff_clerk, org
):
    person = PersonFactory(organisation=org)
    client.force_login(staff_clerk)
    data = change_form(
        person, purpose_id="newsletters", basis="contract", source="data-subject",
        since="2026-11-01",
    )  # fmt: skip
    response = client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "does not state the lawful basis" in response.content.decode()
    assert not person.purposes.exists()


def test_a_bad_email_is_shown_against_the_field_and_nothing_is_written(client, staff_clerk, org):
    client.force_login(staff_clerk)
    response = client.post(
        reverse("admin:people_person_add"),
        add_form(org, kind="email", value="alice@", address_lines=""),
    )
    assert response.status_code == 200
    [formset] = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "contact_points"
    ]
    assert formset.formset.forms[0].errors["value"] == ["email: 'alice@' is not an email address"]
    assert not Person.objects.exists()
    assert not new_events().exists()


def test_changing_a_person_records_the_changed_fields(client, staff_clerk, org):
    point = ContactPointFactory(value="old@example.org", person__organisation=org)
    person = point.person
    client.force_login(staff_clerk)
    data = {"title": "", "given_name": person.given_name, "family_name": "Newname", "ward": ""}
    data["organisation"] = str(org.pk)
    data |= inline_management("aliases") | inline_management("purposes")
    data |= inline_management("contact_points", initial=1) | {
        "contact_points-TOTAL_FORMS": "1",
        "contact_points-0-id": str(point.pk),
        "contact_points-0-person": str(person.pk),
        "contact_points-0-kind": "email",
        "contact_points-0-value": "NEW@example.org",
        "contact_points-0-address_lines": "",
        "contact_points-0-is_primary": "on",
    }
    response = client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    point.refresh_from_db()
    assert point.normalised == "new@example.org"
    summaries = list(new_events().values_list("action", "summary"))
    assert summaries == [
        ("change", "changed fields: family_name"),
        ("change", "changed email contact point fields: value"),
    ]


def test_deleting_a_person_in_the_admin_is_audited(client, staff_clerk, org):
    person = PersonFactory(organisation=org)
    client.force_login(staff_clerk)
    response = client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert new_events().get().action == AuditAction.DELETE


def test_searching_by_a_contact_written_differently_finds_the_person(client, staff_clerk, org):
    ContactPointFactory(phone=True, value="+447700900123", person__organisation=org)
    client.force_login(staff_clerk)
    response = client.get(reverse("admin:people_person_changelist"), {"q": "07700 900123"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("persona", ["volunteer", "clerk"])
def test_only_superusers_reach_the_admin(client, persona, request, org):
    user = request.getfixturevalue(persona)
    person = PersonFactory(organisation=org)
    ContactPointFactory(person=person)
    client.force_login(user)
    for url in (
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_change", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not new_events().exists()
    assert ContactPoint.objects.count() == 1


def test_saving_a_record_unchanged_records_no_change_and_one_view(client, staff_clerk, org):
    # A browser sends a textarea's lines with CRLF endings: the same address, no change.
    point = ContactPointFactory(
        postal=True, person__organisation=org, address_lines="1 High Street\nLondon"
    )
    person = point.person
    client.force_login(staff_clerk)
    url = reverse("admin:people_person_change", args=[person.pk])
    assert client.get(url).status_code == 200
    data = {"title": "", "given_name": person.given_name, "family_name": person.family_name}
    data |= {"ward": ""} | inline_management("aliases") | inline_management("purposes")
    data |= inline_management("contact_points", initial=1) | {
        "contact_points-TOTAL_FORMS": "1",
        "contact_points-0-id": str(point.pk),
        "contact_points-0-person": str(person.pk),
        "contact_points-0-kind": "postal",
        "contact_points-0-value": point.value,
        "contact_points-0-address_lines": "1 High Street\r\nLondon",
        "contact_points-0-is_primary": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert list(new_events().values_list("action", flat=True)) == [AuditAction.VIEW]
    point.refresh_from_db()
    assert point.address_lines == "1 High Street\nLondon"


def test_the_admin_greets_the_user_by_their_first_name(client, staff_clerk):
    staff_clerk.first_name, staff_clerk.last_name = "Priya", "Shah"
    staff_clerk.save()
    client.force_login(staff_clerk)
    body = client.get(reverse("admin:index")).content.decode()
    assert "Welcome,\n    <strong>Priya</strong>" in body or "<strong>Priya</strong>" in body


def test_a_save_refused_with_errors_is_the_same_view_not_another(client, staff_clerk, org):
    person = PersonFactory(organisation=org)
    client.force_login(staff_clerk)
    url = reverse("admin:people_person_change", args=[person.pk])
    client.get(url)
    data = {"title": "", "given_name": "", "family_name": "", "ward": ""}
    data |= inline_management("aliases") | inline_management("purposes")
    data |= inline_management("contact_points")
    assert client.post(url, data).status_code == 200  # a name is required
    assert list(new_events().values_list("action", flat=True)) == [AuditAction.VIEW]
