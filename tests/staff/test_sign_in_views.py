"""Signing in to the workspace: Argon2 passwords, a lockout per username and address
after repeated failures, and every try recorded in the audit log without the password."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from lawful.audit.events import AuditAction
from lawful.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WRONG = "Tr0ub4dor&3-not-it"
SIGN_IN = "/staff/sign-in"


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def sign_in_events():
    return list(
        AuditEvent.objects.filter(
            action__in=[
                AuditAction.SIGN_IN,
                AuditAction.SIGN_IN_FAILED,
                AuditAction.LOCKED_OUT,
                AuditAction.SIGN_OUT,
            ]
        ).order_by("organisation_id", "seq")
    )


def test_the_sign_in_page_names_its_fields_as_a_clerk_sees_them(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Username:</label>' in html
    assert '<label for="id_password">Password:</label>' in html
    assert 'autocomplete="current-password"' in html
    assert "<script" not in html


def test_the_right_password_signs_the_clerk_in_and_is_recorded(client, clerk):
    response = sign_in(client, "clerk", PASSWORD)
    assert response.status_code == 302
    # The only organisation: straight to its dashboard.
    assert client.get(response.url).url == reverse("staff:dashboard", kwargs={"org": "ashbrook"})
    [event] = sign_in_events()
    assert event.action == AuditAction.SIGN_IN
    assert event.actor == clerk and event.organisation_id is None
    assert PASSWORD not in event.summary


def test_the_passwords_are_hashed_with_argon2_in_production():
    from lawful import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_wrong_password_is_refused_in_plain_words_and_recorded_without_it(client, clerk):
    response = sign_in(client, "clerk", WRONG)
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    [event] = sign_in_events()
    assert event.action == AuditAction.SIGN_IN_FAILED
    assert event.target_id == str(clerk.pk)
    assert event.actor_label == "public"
    assert WRONG not in event.summary


def test_a_username_that_is_no_account_is_not_copied_into_the_log(client, clerk):
    typed = "hunter2-typed-in-the-wrong-box"
    sign_in(client, typed, WRONG)
    [event] = sign_in_events()
    assert event.summary == "sign-in refused: no such username"
    assert event.target_id == ""
    assert not AuditEvent.objects.filter(summary__contains=typed).exists()


def test_an_empty_form_says_what_to_enter(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your username." in html and "Enter your password." in html
    assert 'href="#id_username"' in html  # the error summary links to the field


def test_signing_out_is_a_post_and_is_recorded(client, clerk):
    sign_in(client, "clerk", PASSWORD)
    assert client.get("/staff/sign-out").status_code == 405
    response = client.post("/staff/sign-out")
    assert response.status_code == 302 and response.url == SIGN_IN
    assert [e.action for e in sign_in_events()] == [AuditAction.SIGN_IN, AuditAction.SIGN_OUT]


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


def test_five_wrong_passwords_lock_the_username_on_that_address(client, clerk, axes_on):
    for _ in range(4):
        assert sign_in(client, "clerk", WRONG).status_code == 200
    response = sign_in(client, "clerk", WRONG)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in is paused" in html
    assert "paused for 15 minutes after 5 wrong passwords" in html


def test_the_right_password_is_refused_while_locked(client, clerk, axes_on):
    for _ in range(5):
        sign_in(client, "clerk", WRONG)
    response = sign_in(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_recorded_once_and_each_refusal_after_it(client, clerk, axes_on):
    for _ in range(5):
        sign_in(client, "clerk", WRONG)
    sign_in(client, "clerk", PASSWORD)
    sign_in(client, "clerk", WRONG)
    actions = [(e.action, e.summary) for e in sign_in_events()]
    wrong = (
        AuditAction.SIGN_IN_FAILED,
        "sign-in refused: wrong password, or the account is switched off",
    )
    locked = (
        AuditAction.LOCKED_OUT,
        "sign-in locked for 15 minutes on one address after 5 failed tries",
    )
    refused = (
        AuditAction.SIGN_IN_FAILED,
        "sign-in refused: this username is locked on this address",
    )
    # The fifth failure and the lock it starts (in whichever order the receivers run),
    # then one refusal for each try while locked.
    assert sorted(actions[:6]) == sorted([wrong] * 5 + [locked])
    assert actions[6:] == [refused] * 2
    for event in sign_in_events():
        assert PASSWORD not in event.summary and WRONG not in event.summary


def test_someone_guessing_from_elsewhere_does_not_lock_the_clerk_out(client, clerk, axes_on):
    for _ in range(6):
        sign_in(client, "clerk", WRONG, address="203.0.113.66")
    response = sign_in(client, "clerk", PASSWORD, address="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_the_lock_ends_after_the_cool_off_even_if_tries_continue(client, clerk, axes_on):
    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(client, "clerk", WRONG)
    sign_in(client, "clerk", WRONG)  # a try while locked does not extend the lock
    attempt = AccessAttempt.objects.get(username="clerk")
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - timedelta(minutes=16)
    )
    response = sign_in(client, "clerk", PASSWORD)
    assert response.status_code == 302


def test_the_admin_sign_in_is_locked_and_recorded_the_same_way(client, axes_on, admin_user):
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": admin_user.username, "password": WRONG},
            REMOTE_ADDR="192.0.2.10",
        )
    response = client.post(
        "/admin/login/",
        {"username": admin_user.username, "password": "password"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429
    assert AuditAction.LOCKED_OUT in [e.action for e in sign_in_events()]


@override_settings(AXES_ENABLED=True)
def test_a_workspace_page_sends_a_visitor_to_sign_in_first(client, org):
    response = client.get("/staff/ashbrook/")
    assert response.status_code == 302
    assert response.url == f"{SIGN_IN}?next=/staff/ashbrook/"
