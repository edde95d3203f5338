"""Each role reaches the kinds of record it needs, and no more."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.audit.models import AuditEvent
from lawful.organisations.models import Membership
from lawful.organisations.scope import membership_for
from lawful.staff.models import Role, StaffUser
from lawful.staff.roles import ROLE_PERMISSIONS
from lawful.staff.services import StaffError, change_role, create_staff

pytestmark = pytest.mark.django_db


def fresh(user):
    return StaffUser.objects.get(pk=user.pk)  # permissions are cached per instance


def test_every_role_has_a_group_with_exactly_its_permissions():
    for role, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.label)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert have == set(wanted), role


def test_a_caseworker_works_with_people_but_cannot_delete_them_or_read_the_audit_log():
    user, _ = create_staff("casey", role=Role.CASEWORKER)
    user = fresh(user)
    assert user.is_staff
    assert user.has_perm("people.change_person") and user.has_perm("people.add_contactpoint")
    assert not user.has_perm("people.delete_person")
    assert not user.has_perm("audit.view_auditevent")


def test_the_data_protection_lead_reads_the_audit_log_and_manages_staff():
    user = fresh(create_staff("lead", role=Role.DATA_PROTECTION_LEAD)[0])
    assert user.has_perm("audit.view_auditevent") and user.has_perm("staff.add_staffuser")
    assert not user.has_perm("audit.change_auditevent")


def test_a_volunteer_does_not_sign_in_to_the_admin(client):
    user, password = create_staff("val", role=Role.VOLUNTEER)
    assert not fresh(user).is_staff
    client.login(username="val", password=password)
    assert client.get("/admin/people/person/").status_code == 302  # to the login page


def test_the_admin_is_for_superusers_whatever_the_role(client, admin_user):
    # Django's admin reaches every organisation: staff use their organisation's workspace.
    user, password = create_staff("lead", role=Role.DATA_PROTECTION_LEAD)
    client.login(username="lead", password=password)
    assert client.get("/admin/people/person/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/people/person/").status_code == 200


def test_creating_an_account_is_audited_and_refuses_bad_input_by_field(clerk, org):
    user, _ = create_staff("casey", role=Role.CASEWORKER, actor=clerk, organisation=org)
    event = AuditEvent.objects.get(target_type="staff.staffuser", target_id=str(user.pk))
    assert event.organisation == org
    assert Membership.objects.get(user=user).organisation == org
    assert (event.action, event.actor, event.summary) == (
        "create",
        clerk,
        "created caseworker account",
    )
    with pytest.raises(StaffError, match="username: 'casey' is taken"):
        create_staff("casey", role=Role.CASEWORKER)
    with pytest.raises(StaffError, match="role: 'mayor'"):
        create_staff("m", role="mayor")
    with pytest.raises(StaffError, match="password: "):
        create_staff("p", role=Role.CASEWORKER, password="password")
    assert not StaffUser.objects.filter(username__in=["m", "p"]).exists()


def test_changing_role_changes_permissions_and_is_audited(clerk):
    user, _ = create_staff("casey", role=Role.CASEWORKER)
    change_role(user, Role.VOLUNTEER, actor=clerk)
    user = fresh(user)
    assert not user.is_staff and not user.has_perm("people.view_person")
    assert AuditEvent.objects.filter(summary="role caseworker -> volunteer", actor=clerk).exists()


def test_the_staff_add_command_prints_a_password_that_works(capsys, client, org):
    call_command("staff", "add", "casey", "--role", "caseworker")
    out = capsys.readouterr().out
    password = next(
        line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Password")
    )
    assert client.login(username="casey", password=password)
    assert membership_for(StaffUser.objects.get(username="casey"), org).role == "caseworker"


def test_staff_add_gives_an_existing_member_a_role_in_another_organisation(
    capsys, clerk, org, other_org
):
    call_command("staff", "add", "clerk", "--role", "volunteer", "--org", "northgate")
    assert "clerk is now volunteer of Northgate Town Council." in capsys.readouterr().out
    assert membership_for(clerk, other_org).role == "volunteer"
    assert membership_for(clerk, org).role == "dp_lead"
    event = AuditEvent.objects.get(summary="gave clerk the role volunteer")
    assert event.organisation == other_org


def test_staff_add_needs_org_when_there_are_several(org, other_org):
    with pytest.raises(
        CommandError, match=r"--org: say which organisation \(one of: ashbrook, northgate\)"
    ):
        call_command("staff", "add", "casey", "--role", "caseworker")
    assert not StaffUser.objects.filter(username="casey").exists()
