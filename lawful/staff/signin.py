"""Signing in to the workspace: the form, the lockout page, and the audit of every try.

Every sign-in, refusal, lockout and sign-out (the workspace's and the admin's: both call
Django's `authenticate`) is recorded in the audit log, never with the password, and
never with the text typed as a username unless it is an account's (a password typed
into the wrong box must not end up in a permanent log).

These events go to the installation's chain, not to an organisation's: a sign-in is
the account's, made before any organisation is chosen; a failed try may name no
account at all; and a member of several organisations would otherwise have one act
copied into each organisation's chain, where each organisation's export would show
the others' staff activity. The installation's superusers watch sign-ins there.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.shortcuts import render

from lawful.audit.events import AuditAction
from lawful.audit.services import record


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check them and try again "
            "(the password is case-sensitive)."
        ),
        "inactive": "This account is switched off. Ask your data protection lead.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


def lock_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows instead of signing in while a username is locked on
    this address (AXES_LOCKOUT_CALLABLE): the sign-in page with the reason, 429."""
    minutes = lock_minutes()
    # Unbound: validating it again would try the password again.
    form = SignInForm(request, initial={"username": request.POST.get("username", "")})
    return render(
        request,
        "staff/sign_in.html",
        {
            "form": form,
            "locked_message": (
                f"Signing in with this username is paused for {minutes} minutes after "
                f"{settings.AXES_FAILURE_LIMIT} wrong passwords in a row from this device. "
                "This protects the account from someone guessing its password. Wait "
                f"{minutes} minutes and try again, or ask your data protection lead to "
                "reset your password."
            ),
        },
        status=429,
    )


def _account(username):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


class PasswordBackend(ModelBackend):
    """Django's own check of username and password, marking the request it succeeded
    on: a sign-in is recorded when a password was checked on that request, not when a
    session is made in code without one (force_login in tests)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and request is not None:
            request.lawful_password_checked = True
        return user


def _record_signed_in(sender, request, user, **kwargs):
    if not getattr(request, "lawful_password_checked", False):
        return
    record(AuditAction.SIGN_IN, actor=user, target=user, summary="signed in")


def _record_signed_out(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        record(AuditAction.SIGN_OUT, actor=user, target=user, summary="signed out")


def _refused_as_locked(request) -> bool:
    """Whether django-axes refused this try without checking the password (the username
    was already locked on this address), whichever of the receivers runs first: axes
    marks a try it refused before the signal, and counts (axes_failures_since_start)
    only a try it did not refuse."""
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


def _record_refused(sender, credentials, request=None, **kwargs):
    account = _account((credentials or {}).get("username"))
    if _refused_as_locked(request):
        summary = "sign-in refused: this username is locked on this address"
    elif account is None:
        summary = "sign-in refused: no such username"
    else:
        summary = "sign-in refused: wrong password, or the account is switched off"
    record(AuditAction.SIGN_IN_FAILED, actor=AnonymousUser(), target=account, summary=summary)


def _record_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # axes signals again for each try while locked: record the lock when it begins.
    if _refused_as_locked(request):
        return
    account = _account(username)
    record(
        AuditAction.LOCKED_OUT,
        actor=AnonymousUser(),
        target=account,
        summary=(
            f"sign-in locked for {lock_minutes()} minutes on one address after "
            f"{settings.AXES_FAILURE_LIMIT} failed tries"
            + ("" if account else " (no such username)")
        ),
    )


def connect_signals() -> None:
    """Connect the audit receivers (from StaffConfig.ready)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(_record_signed_in, dispatch_uid="lawful.staff.signed_in")
    user_logged_out.connect(_record_signed_out, dispatch_uid="lawful.staff.signed_out")
    user_login_failed.connect(_record_refused, dispatch_uid="lawful.staff.refused")
    user_locked_out.connect(_record_locked_out, dispatch_uid="lawful.staff.locked_out")
