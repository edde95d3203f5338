"""Organisations and memberships in Django's admin, for superusers: changes audited."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_a_superuser_gives_a_member_of_staff_a_role_audited_in_the_organisation(
    admin_client, admin_user, org, volunteer
):
    assert admin_client.get("/admin/organisations/organisation/").status_code == 200
    response = admin_client.post(
        "/admin/organisations/membership/add/",
        {"user": admin_user.pk, "organisation": org.pk, "role": "caseworker", "ward": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=admin_user).role == "caseworker"
    event = AuditEvent.objects.get(summary="gave admin the role caseworker")
    assert (event.organisation, event.actor) == (org, admin_user)


def test_organisations_are_not_added_or_deleted_in_the_admin(admin_client, org):
    assert admin_client.get("/admin/organisations/organisation/add/").status_code == 403
    assert (
        admin_client.get(f"/admin/organisations/organisation/{org.pk}/delete/").status_code == 403
    )
