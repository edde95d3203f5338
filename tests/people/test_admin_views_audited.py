"""Django's admin records one VIEW event per page that shows people: a list or search
names the kind of query and the count (never the text), a record's page names the
record, a delete confirmation names what would be deleted by id."""

import pytest
from django.urls import reverse

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent

from .factories import ContactPointFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_people(client, admin_user, org):
    people = [PersonFactory(organisation=org, family_name=f"Smith{i}") for i in range(3)]
    ContactPointFactory(person=people[0], kind="email", value="jo.smith@example.org")
    client.force_login(admin_user)
    return client, people


def _events_after(mark):
    return list(AuditEvent.objects.filter(pk__gt=mark).order_by("pk"))


def _mark():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_list_of_people_records_one_event_with_the_count(admin_client_with_people):
    client, people = admin_client_with_people
    mark = _mark()
    response = client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 200
    [event] = _events_after(mark)
    assert event.action == AuditAction.VIEW
    assert event.summary == "admin: listed people: 3 found, 3 shown"


def test_a_search_names_its_kind_and_count_never_its_text(admin_client_with_people):
    client, people = admin_client_with_people
    mark = _mark()
    url = reverse("admin:people_person_changelist")
    assert client.get(url, {"q": "jo.smith@example.org"}).status_code == 200
    assert client.get(url, {"q": "Smith1"}).status_code == 200
    email, name = _events_after(mark)
    assert email.summary == "admin: searched people by email: 1 found, 1 shown"
    assert name.summary.startswith("admin: searched people by name: 1 found")
    for event in (email, name):
        assert "smith" not in event.summary.lower() and "example.org" not in event.summary


def test_a_filtered_list_names_the_filter(admin_client_with_people, org):
    client, people = admin_client_with_people
    mark = _mark()
    url = reverse("admin:people_person_changelist")
    assert client.get(url, {"organisation__id__exact": org.pk}).status_code == 200
    [event] = _events_after(mark)
    assert event.summary == "admin: listed people (filtered by organisation): 3 found, 3 shown"


def test_a_records_page_names_the_record(admin_client_with_people):
    client, people = admin_client_with_people
    mark = _mark()
    assert client.get(reverse("admin:people_person_change", args=[people[1].pk])).status_code == 200
    [event] = _events_after(mark)
    assert (event.action, event.person_id, event.target_id) == (
        AuditAction.VIEW, people[1].pk, str(people[1].pk),
    )  # fmt: skip


def test_a_delete_confirmation_names_what_would_be_deleted(admin_client_with_people):
    client, people = admin_client_with_people
    mark = _mark()
    response = client.get(reverse("admin:people_person_delete", args=[people[0].pk]))
    assert response.status_code == 200
    [event] = _events_after(mark)
    assert event.summary == f"admin: asked to confirm deleting people {people[0].pk}"
    assert event.person_id == people[0].pk
    assert "Smith" not in event.summary


def test_the_bulk_delete_confirmation_names_the_ids(admin_client_with_people):
    client, people = admin_client_with_people
    mark = _mark()
    chosen = [people[0].pk, people[2].pk]
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in chosen]},
    )
    assert response.status_code == 200
    [event] = _events_after(mark)
    assert event.summary == f"admin: asked to confirm deleting people {chosen[0]}, {chosen[1]}"
    assert all(p.__class__.objects.filter(pk=p.pk).exists() for p in people)  # nothing deleted
