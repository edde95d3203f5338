"""Staff accounts: roles, and passwords hashed with Argon2 in production."""

import importlib
import os
from unittest import mock

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ImproperlyConfigured

from lawful import settings as production
from lawful.staff.models import Role


def test_production_hashes_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # The test settings use a fast hasher, so call the production one directly.
    argon2 = Argon2PasswordHasher()
    hashed = argon2.encode("correct horse battery staple", argon2.salt())
    assert hashed.startswith("argon2$argon2id$")
    assert argon2.verify("correct horse battery staple", hashed)
    assert not argon2.verify("wrong", hashed)


def test_debug_is_off_unless_asked_for_and_a_bad_value_fails_loudly():
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("LAWFUL_DEBUG", None)
        assert importlib.reload(production).DEBUG is False
        os.environ["LAWFUL_DEBUG"] = "yes"
        with pytest.raises(ImproperlyConfigured, match="LAWFUL_DEBUG must be True or False"):
            importlib.reload(production)
    importlib.reload(production)


def test_no_secret_key_is_committed():
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("SECRET_KEY", None)
        os.environ.pop("SECRET_KEY_FILE", None)
        assert importlib.reload(production).SECRET_KEY == ""
    importlib.reload(production)


@pytest.mark.parametrize(
    "role, sees_special_category",
    [
        (Role.DATA_PROTECTION_LEAD, True),
        (Role.COUNCILLOR, True),
        (Role.CASEWORKER, True),
        (Role.VOLUNTEER, False),
    ],
)
def test_only_volunteers_are_kept_from_special_category_data(db, role, sees_special_category):
    from tests.organisations.factories import MembershipFactory

    # The role that counts is the one held in the organisation.
    membership = MembershipFactory(role=role)
    assert membership.may_see_special_category_data is sees_special_category
    assert membership.is_data_protection_lead is (role == Role.DATA_PROTECTION_LEAD)
