"""Roles decide access, nothing else: no admin screen lets anyone but a superuser change
is_superuser, and none lets anyone edit is_staff, groups or raw permissions (they follow
the role). The admin is for superusers only; should it ever be opened to other staff,
its forms still refuse them every way up (defence in depth)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from lawful.audit.models import AuditEvent
from lawful.organisations.models import Membership
from lawful.staff.models import Role, StaffUser
from lawful.staff.roles import ROLE_PERMISSIONS
from lawful.staff.services import create_staff

pytestmark = pytest.mark.django_db

ESCALATING_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions", "role")


def fresh(user):
    return StaffUser.objects.get(pk=user.pk)


def editable(html: str, field: str) -> bool:
    """Whether the page has a form control named `field`."""
    return re.search(rf'<(input|select|textarea)[^>]*\bname="{field}"', html) is not None


@pytest.fixture
def lead(org):
    user, _ = create_staff("lead", role=Role.DATA_PROTECTION_LEAD, organisation=org)
    return fresh(user)


@pytest.fixture
def volunteer_account(org):
    user, _ = create_staff("val", role=Role.VOLUNTEER, organisation=org)
    return fresh(user)


@pytest.fixture
def admin_opened_to_staff():
    """The admin as it would be if someone opened it to every member of staff."""
    import lawful.urls  # noqa: F401 (it sets the superusers-only rule: replace it after)

    # Not monkeypatch: admin.site is a lazy object, which monkeypatch cannot restore.
    superusers_only = admin.site.has_permission
    admin.site.has_permission = lambda request: request.user.is_active and request.user.is_staff
    yield
    admin.site.has_permission = superusers_only
    assert admin.site.has_permission is superusers_only


def change_post(user, **extra) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
    }
    return data | extra


def escalation(user) -> dict:
    every_permission = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    lead_group = Group.objects.get(name=Role.DATA_PROTECTION_LEAD.label)
    return change_post(
        user,
        is_superuser="on",
        is_staff="on",
        groups=[str(lead_group.pk)],
        user_permissions=every_permission,
        role=Role.DATA_PROTECTION_LEAD,
    )


def admin_urls_of_every_model(objects: dict) -> list[str]:
    urls = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = objects.get(model) or model._default_manager.first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


def test_the_admin_refuses_a_data_protection_lead_on_every_model(client, lead, volunteer_account):
    client.force_login(lead)
    urls = admin_urls_of_every_model({StaffUser: volunteer_account})
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_no_admin_form_offers_a_lead_a_way_up_even_if_the_admin_were_opened(
    client, lead, volunteer_account, admin_opened_to_staff
):
    client.force_login(lead)
    pages = 0
    for url in admin_urls_of_every_model({StaffUser: volunteer_account}):
        if url.endswith("/"):
            response = client.get(url)
            if response.status_code != 200 or b"<form" not in response.content:
                continue
            pages += 1
            html = response.content.decode()
            for field in ESCALATING_FIELDS:
                assert not editable(html, field), (url, field)
    assert pages >= 2  # the staff list and a staff member's change form at least


def test_a_lead_posting_superuser_staff_groups_and_permissions_changes_none_of_them(
    client, lead, volunteer_account, admin_opened_to_staff
):
    client.force_login(lead)
    url = reverse("admin:staff_staffuser_change", args=[volunteer_account.pk])

    response = client.post(url, escalation(volunteer_account))

    assert response.status_code == 302
    val = fresh(volunteer_account)
    assert (val.role, val.is_superuser, val.is_staff) == (Role.VOLUNTEER, False, False)
    assert [g.name for g in val.groups.all()] == [Role.VOLUNTEER.label]
    assert not val.user_permissions.exists()
    assert not val.has_perm("people.view_person")


def test_a_lead_cannot_raise_themselves_either(client, lead, admin_opened_to_staff):
    client.force_login(lead)
    url = reverse("admin:staff_staffuser_change", args=[lead.pk])

    client.post(url, escalation(lead))

    me = fresh(lead)
    assert not me.is_superuser and not me.user_permissions.exists()
    have = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group__user=me)
    }
    assert have == set(ROLE_PERMISSIONS[Role.DATA_PROTECTION_LEAD])


def test_a_lead_cannot_change_or_reset_the_password_of_a_superuser(
    client, lead, admin_user, admin_opened_to_staff
):
    client.force_login(lead)
    change = reverse("admin:staff_staffuser_change", args=[admin_user.pk])
    html = client.get(change).content.decode()  # the lead may see staff, read-only
    assert not any(editable(html, field) for field in (*ESCALATING_FIELDS, "username"))
    assert client.post(change, change_post(admin_user, is_superuser="")).status_code == 403
    assert fresh(admin_user).is_superuser
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    new = "a brand new passphrase 42"
    response = client.post(password_url, {"password1": new, "password2": new})
    assert response.status_code == 403
    assert not fresh(admin_user).check_password(new)
    assert not AuditEvent.objects.filter(summary__startswith="reset the password").exists()


def test_a_password_reset_in_the_admin_is_audited_without_the_password(
    client, admin_user, volunteer_account
):
    client.force_login(admin_user)
    new = "a brand new passphrase 42"
    url = reverse("admin:auth_user_password_change", args=[volunteer_account.pk])

    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})

    assert response.status_code == 302
    assert fresh(volunteer_account).check_password(new)
    [event] = AuditEvent.objects.filter(summary__startswith="reset the password")
    assert (event.actor, event.target_id) == (admin_user, str(volunteer_account.pk))
    assert event.summary == "reset the password of val"
    assert new not in str(AuditEvent.objects.values_list("summary", flat=True))


def test_a_superuser_cannot_change_their_own_superuser_status(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:staff_staffuser_change", args=[admin_user.pk])
    assert not editable(client.get(url).content.decode(), "is_superuser")

    # is_superuser unticked
    response = client.post(url, change_post(admin_user, role=admin_user.role))

    assert response.status_code == 302
    assert fresh(admin_user).is_superuser


def test_a_superuser_makes_another_superuser_audited_and_groups_still_follow_the_role(
    client, admin_user, volunteer_account
):
    client.force_login(admin_user)
    url = reverse("admin:staff_staffuser_change", args=[volunteer_account.pk])
    html = client.get(url).content.decode()
    assert editable(html, "is_superuser") and editable(html, "role")
    assert not editable(html, "groups") and not editable(html, "is_staff")
    assert not editable(html, "user_permissions")

    response = client.post(url, escalation(volunteer_account) | {"role": Role.CASEWORKER})

    assert response.status_code == 302
    val = fresh(volunteer_account)
    assert val.is_superuser and val.role == Role.CASEWORKER and val.is_staff
    assert [g.name for g in val.groups.all()] == [Role.CASEWORKER.label]
    assert not val.user_permissions.exists()
    summaries = set(
        AuditEvent.objects.filter(actor=admin_user, target_id=str(val.pk)).values_list(
            "summary", flat=True
        )
    )
    assert {"role volunteer -> caseworker", "staff fields: is_superuser"} <= summaries


def test_the_role_groups_are_not_edited_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert Group not in admin.site._registry
    assert client.get("/admin/auth/group/").status_code == 404


def test_giving_and_taking_a_membership_in_the_admin_is_audited(
    client, admin_user, volunteer_account, org
):
    client.force_login(admin_user)
    membership = Membership.objects.get(user=volunteer_account, organisation=org)
    change = reverse("admin:organisations_membership_change", args=[membership.pk])

    client.post(change, {"role": Role.CASEWORKER, "ward": ""})
    client.post(
        reverse("admin:organisations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()
    summaries = list(
        AuditEvent.objects.filter(organisation=org, actor=admin_user)
        .order_by("seq")
        .values_list("action", "summary")
    )
    assert summaries[-2:] == [
        ("change", "changed val's role volunteer -> caseworker"),
        ("delete", "took the role caseworker from val"),
    ]
