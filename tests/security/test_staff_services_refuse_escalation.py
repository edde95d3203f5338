"""The staff services give no one more than a role gives: a data protection lead manages
ordinary staff, only a superuser makes leads or touches a superuser's account, and each
role change and password reset is audited (who, whom, when; never the password)."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.staff.models import Role, StaffUser
from lawful.staff.services import (
    NotAllowed,
    StaffError,
    change_role,
    create_staff,
    reset_password,
)

pytestmark = pytest.mark.django_db


def fresh(user):
    return StaffUser.objects.get(pk=user.pk)


@pytest.fixture
def lead(org):
    return fresh(create_staff("lead", role=Role.DATA_PROTECTION_LEAD, organisation=org)[0])


@pytest.fixture
def casey(org):
    return fresh(create_staff("casey", role=Role.CASEWORKER, organisation=org)[0])


def test_a_lead_cannot_make_anyone_a_lead(lead, casey):
    with pytest.raises(NotAllowed, match="role: only a superuser makes someone a data protection"):
        change_role(casey, Role.DATA_PROTECTION_LEAD, actor=lead)
    with pytest.raises(NotAllowed, match="role: only a superuser"):
        create_staff("newlead", role=Role.DATA_PROTECTION_LEAD, actor=lead)
    assert fresh(casey).role == Role.CASEWORKER
    assert not StaffUser.objects.filter(username="newlead").exists()


def test_no_one_changes_their_own_role(lead):
    with pytest.raises(NotAllowed, match="no one changes their own role"):
        change_role(lead, Role.CASEWORKER, actor=lead)


def test_a_lead_cannot_touch_a_superusers_account(lead, admin_user):
    with pytest.raises(NotAllowed, match="admin is a superuser"):
        change_role(admin_user, Role.VOLUNTEER, actor=lead)
    with pytest.raises(NotAllowed, match="admin is a superuser"):
        reset_password(admin_user, actor=lead, password="a brand new passphrase 42")
    assert not fresh(admin_user).check_password("a brand new passphrase 42")
    assert not AuditEvent.objects.filter(target_id=str(admin_user.pk)).exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COUNCILLOR, Role.VOLUNTEER])
def test_staff_who_are_not_leads_manage_no_accounts(org, casey, role):
    actor = fresh(create_staff(f"actor-{role}", role=role, organisation=org)[0])
    with pytest.raises(NotAllowed, match="only a data protection lead or a superuser"):
        change_role(casey, Role.VOLUNTEER, actor=actor)
    with pytest.raises(NotAllowed):
        reset_password(casey, actor=actor)
    with pytest.raises(NotAllowed):
        create_staff("another", role=Role.VOLUNTEER, actor=actor)


def test_a_lead_resets_a_caseworkers_password_audited_without_the_password(lead, casey):
    password = reset_password(casey, actor=lead)

    assert fresh(casey).check_password(password)
    [event] = AuditEvent.objects.filter(target_id=str(casey.pk), action="change")
    assert (event.actor, event.summary) == (lead, "reset the password of casey")
    assert not AuditEvent.objects.filter(summary__contains=password).exists()


def test_a_weak_password_is_refused_naming_the_field_and_nothing_changes(lead, casey):
    with pytest.raises(StaffError, match="password: "):
        reset_password(casey, actor=lead, password="password")
    assert fresh(casey).check_password("password") is False
    assert not AuditEvent.objects.filter(summary__startswith="reset the password").exists()


def test_a_superuser_may_make_a_lead_and_it_is_audited(admin_user, casey):
    change_role(casey, Role.DATA_PROTECTION_LEAD, actor=admin_user)
    casey = fresh(casey)
    assert casey.role == Role.DATA_PROTECTION_LEAD and casey.has_perm("staff.change_staffuser")
    assert AuditEvent.objects.filter(
        actor=admin_user, target_id=str(casey.pk), summary="role caseworker -> dp_lead"
    ).exists()


def test_a_change_of_role_never_makes_a_superuser_or_raw_permissions(admin_user, casey):
    for role in Role:
        change_role(casey, role, actor=admin_user)
        user = fresh(casey)
        assert not user.is_superuser and not user.user_permissions.exists()
        assert user.is_staff == (role != Role.VOLUNTEER)
