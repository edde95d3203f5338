"""Staff sessions end after a working day from sign-in, and after idle time; both limits
come from the environment (LAWFUL_SESSION_HOURS, LAWFUL_SESSION_IDLE_MINUTES)."""

import pytest

from lawful.security.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from tests.security.envsettings import settings_in_env

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client


def move_clock(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = session[key] - ago
    session.save()


def is_signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_half_an_hour_without_a_request_signs_staff_out(client, admin_user):
    signed_in(client, admin_user)
    move_clock(client, lawful_last_activity=31 * 60)

    assert is_signed_out(client.get("/admin/"))
    assert "_auth_user_id" not in client.session
    assert is_signed_out(client.get("/admin/"))  # and stays out


def test_work_within_the_idle_limit_keeps_the_session(client, admin_user):
    signed_in(client, admin_user)
    move_clock(client, lawful_last_activity=29 * 60, lawful_signed_in_at=8 * 3600)

    assert client.get("/admin/").status_code == 200
    # The request counts as activity: the idle clock starts again.
    assert client.session[LAST_ACTIVITY] >= client.session[SIGNED_IN_AT] + 8 * 3600 - 5


def test_a_working_day_after_sign_in_staff_sign_in_again_however_busy(client, admin_user):
    signed_in(client, admin_user)
    move_clock(client, lawful_signed_in_at=9 * 3600 + 1)

    assert is_signed_out(client.get("/admin/"))


def test_signing_in_again_starts_a_new_day(client, admin_user):
    signed_in(client, admin_user)
    move_clock(client, lawful_signed_in_at=9 * 3600 + 1)
    client.force_login(admin_user)  # the same session, signed in afresh

    assert client.get("/admin/").status_code == 200


def test_the_limits_follow_the_settings(client, admin_user, settings):
    settings.LAWFUL_SESSION_IDLE_SECONDS = 60
    signed_in(client, admin_user)
    move_clock(client, lawful_last_activity=61)

    assert is_signed_out(client.get("/admin/"))


def test_the_limits_are_read_from_the_environment():
    assert settings_in_env({}, "SESSION_COOKIE_AGE, LAWFUL_SESSION_IDLE_SECONDS") == [32400, 1800]
    assert settings_in_env(
        {"LAWFUL_SESSION_HOURS": "4", "LAWFUL_SESSION_IDLE_MINUTES": "10"},
        "SESSION_COOKIE_AGE, LAWFUL_SESSION_IDLE_SECONDS",
    ) == [14400, 600]


def test_a_limit_that_is_not_a_number_is_refused_by_name():
    with pytest.raises(AssertionError, match="LAWFUL_SESSION_HOURS must be a whole number"):
        settings_in_env({"LAWFUL_SESSION_HOURS": "a day"}, "SESSION_COOKIE_AGE")
