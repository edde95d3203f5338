import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent
from lawful.people.models import ContactPoint, Person

from .factories import ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_MODELS = ["person", "alias", "contactpoint", "purposelink"]


@pytest.fixture
def staff_clerk(clerk):
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    clerk.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="people", content_type__model__in=PEOPLE_MODELS
        )
    )
    return clerk


def inline_management(prefix: str, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form(**contact) -> dict:
    data = {"title": "", "given_name": "Alice", "family_name": "Jones", "ward": "North"}
    for prefix in ("aliases", "contact_points", "purposes"):
        data |= inline_management(prefix)
    if contact:
        data["contact_points-TOTAL_FORMS"] = "1"
        data |= {f"contact_points-0-{name}": value for name, value in contact.items()}
    return data


def test_opening_a_persons_record_records_a_view(client, staff_clerk):
    person = PersonFactory()
    client.force_login(staff_clerk)
    response = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200
    [event] = AuditEvent.objects.all()
    assert (event.action, event.actor, event.person_id) == (
        AuditAction.VIEW, staff_clerk, person.pk,
    )  # fmt: skip


def test_the_list_of_people_records_no_view_of_each(client, staff_clerk):
    PersonFactory.create_batch(3)
    client.force_login(staff_clerk)
    assert client.get(reverse("admin:people_person_changelist")).status_code == 200
    assert not AuditEvent.objects.exists()


def test_adding_a_person_normalises_the_email_and_records_create(client, staff_clerk):
    client.force_login(staff_clerk)
    response = client.post(
        reverse("admin:people_person_add"),
        add_form(kind="email", value=" Alice@Example.COM ", address_lines="", is_primary="on"),
    )
    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.get()
    point = person.contact_points.get()
    assert (point.value, point.normalised) == ("Alice@Example.COM", "alice@example.com")
    [event] = AuditEvent.objects.all()
    assert (event.action, event.actor, event.person_id, event.summary) == (
        AuditAction.CREATE, staff_clerk, person.pk, "created person",
    )  # fmt: skip
    assert response["Location"] == reverse("admin:people_person_changelist")


def test_adding_with_a_purpose_links_it(client, staff_clerk):
    client.force_login(staff_clerk)
    data = add_form() | {
        "purposes-TOTAL_FORMS": "1",
        "purposes-0-purpose_id": "newsletters",
        "purposes-0-basis": "consent",
        "purposes-0-source": "data-subject",
        "purposes-0-since": "2026-11-01",
    }
    response = client.post(reverse("admin:people_person_add"), data)
    assert response.status_code == 302
    assert Person.objects.get().purposes.get().purpose_id == "newsletters"


def test_a_purpose_on_a_basis_the_register_does_not_state_is_shown_as_an_error(client, staff_clerk):
    client.force_login(staff_clerk)
    data = add_form() | {
        "purposes-TOTAL_FORMS": "1",
        "purposes-0-purpose_id": "newsletters",
        "purposes-0-basis": "contract",
        "purposes-0-source": "data-subject",
        "purposes-0-since": "2026-11-01",
    }
    response = client.post(reverse("admin:people_person_add"), data)
    assert response.status_code == 200
    assert "does not state the lawful basis" in response.content.decode()
    assert not Person.objects.exists()


def test_a_bad_email_is_shown_against_the_field_and_nothing_is_written(client, staff_clerk):
    client.force_login(staff_clerk)
    response = client.post(
        reverse("admin:people_person_add"),
        add_form(kind="email", value="alice@", address_lines=""),
    )
    assert response.status_code == 200
    [formset] = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "contact_points"
    ]
    assert formset.formset.forms[0].errors["value"] == ["email: 'alice@' is not an email address"]
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_changing_a_person_records_the_changed_fields(client, staff_clerk):
    point = ContactPointFactory(value="old@example.org")
    person = point.person
    client.force_login(staff_clerk)
    data = {"title": "", "given_name": person.given_name, "family_name": "Newname", "ward": ""}
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
    summaries = list(AuditEvent.objects.values_list("action", "summary"))
    assert summaries == [
        ("change", "changed fields: family_name"),
        ("change", "changed email contact point fields: value"),
    ]


def test_deleting_a_person_in_the_admin_is_audited(client, staff_clerk):
    person = PersonFactory()
    client.force_login(staff_clerk)
    response = client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert AuditEvent.objects.get().action == AuditAction.DELETE


def test_searching_by_a_contact_written_differently_finds_the_person(client, staff_clerk):
    ContactPointFactory(phone=True, value="+447700900123")
    client.force_login(staff_clerk)
    response = client.get(reverse("admin:people_person_changelist"), {"q": "07700 900123"})
    assert response.context["cl"].result_count == 1


def test_a_volunteer_who_is_not_staff_is_refused_the_admin(client, volunteer):
    person = PersonFactory()
    ContactPointFactory(person=person)
    client.force_login(volunteer)
    for url in (
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_change", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEvent.objects.exists()
    assert ContactPoint.objects.count() == 1
