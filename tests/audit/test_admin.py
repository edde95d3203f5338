import pytest

from lawful.audit.events import AuditAction
from lawful.audit.services import record

pytestmark = pytest.mark.django_db


def test_the_admin_lists_events_but_offers_no_way_to_change_them(admin_client, clerk):
    event = record(AuditAction.VIEW, actor=clerk, target=clerk, person=12, summary="viewed")

    listing = admin_client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    assert b"viewed" in listing.content
    assert b"Add audit event" not in listing.content

    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    detail = admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"summary": "x"})
    assert detail.status_code == 403


def test_the_admin_finds_events_by_person(admin_client):
    record(AuditAction.VIEW, person=12, summary="first person")
    record(AuditAction.VIEW, person=13, summary="second person")

    found = admin_client.get("/admin/audit/auditevent/", {"q": "12"})

    assert b"first person" in found.content
    assert b"second person" not in found.content
