import pytest

from lawful.notices.registry import register_in_force

from .factories import MembershipFactory, OrganisationFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_organisation_factory_builds_one_with_a_register_in_force():
    organisation = OrganisationFactory()
    assert organisation.pk and register_in_force(organisation).purposes


def test_membership_factory_builds_a_member_of_staff_with_a_role():
    membership = MembershipFactory()
    assert membership.user.pk and membership.organisation.pk
    assert membership.role == "dp_lead"
    assert StaffUserFactory().check_password("correct horse battery staple")
