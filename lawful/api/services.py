"""Issuing, revoking and checking API tokens: each change audited, in one transaction."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.organisations.models import Membership, Organisation
from lawful.organisations.scope import membership_for

from .models import TOKEN_PREFIX, ApiToken

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(ValueError):
    pass


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once: only its hash is stored


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user, organisation: Organisation, *, name: str = "", actor=None) -> IssuedToken:
    """A new token for `user` acting in `organisation`; they must hold a role there."""
    name = (name or "").strip()
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise TokenError("name: at most 100 characters")
    if not user.is_active:
        raise TokenError(f"{user.get_username()}: the account is inactive")
    if membership_for(user, organisation) is None:
        raise TokenError(
            f"{user.get_username()} holds no role in {organisation.name}: give them one "
            f"first (lawful staff add {user.get_username()} --role ROLE --org {organisation.slug})"
        )
    with transaction.atomic():
        prefix = _unused_prefix()
        secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user,
            organisation=organisation,
            name=name,
            prefix=prefix,
            token_hash=hash_token(secret),
        )
        record(
            AuditAction.CREATE,
            actor=actor,
            target=token,
            summary=f"issued API token {token.display_prefix} to {user.get_username()}",
        )
    return IssuedToken(token, secret)


def _unused_prefix() -> str:
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def revoke_token(user, organisation: Organisation, prefix: str, *, actor=None) -> ApiToken:
    """Revoke the user's token in the organisation whose prefix is given (with or
    without the leading "lawful_"). Revoking a revoked token changes nothing."""
    prefix = (prefix or "").strip().removeprefix(TOKEN_PREFIX).split("_", 1)[0]
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .filter(user=user, organisation=organisation, prefix=prefix)
            .first()
        )
        if token is None:
            raise TokenError(
                f"--revoke: {user.get_username()} has no token {TOKEN_PREFIX}{prefix} "
                f"in {organisation.name}"
            )
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=token,
            summary=f"revoked API token {token.display_prefix} of {user.get_username()}",
        )
    return token


def tokens_of(user, organisation: Organisation):
    """The user's tokens in the organisation, newest first, revoked ones too."""
    return ApiToken.objects.filter(user=user, organisation=organisation).order_by("-created_at")


def membership_for_token(secret: str) -> tuple[ApiToken, Membership] | None:
    """The token and the membership it acts under, if it may be used now; else None.

    None for an unknown or revoked token, an inactive account, or a member of staff who
    no longer holds the role in the token's organisation they held when it was made.
    """
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.filter(token_hash=hash_token(secret), revoked_at__isnull=True)
        .select_related("user", "organisation")
        .first()
    )
    if token is None:
        return None
    membership = membership_for(token.user, token.organisation)  # None if inactive
    # A token made under a membership since removed stays dead if a role is given again.
    if membership is None or membership.created_at > token.created_at:
        return None
    _note_use(token)
    return token, membership


def _note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
