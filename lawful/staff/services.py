"""Creating staff accounts and changing roles: each audited, in one transaction."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record

from .models import Role, StaffUser
from .roles import role_group


class StaffError(ValueError):
    pass


def apply_role(user: StaffUser) -> None:
    """Give the user their role's group; every role but volunteer signs in to the admin."""
    user.groups.set([role_group(user.role)])
    user.is_staff = user.role != Role.VOLUNTEER
    user.save(update_fields=["is_staff"])


def create_staff(
    username: str,
    *,
    role: str,
    organisation=None,
    ward: str = "",
    actor=None,
    email: str = "",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[StaffUser, str]:
    """A new staff account with the role's permissions, and with `organisation` a
    membership holding that role there; returns it and its password (generated when
    none is given)."""
    if role not in Role.values:
        raise StaffError(f"role: {role!r} is not one of {', '.join(Role.values)}")
    if StaffUser.objects.filter(username=username).exists():
        raise StaffError(f"username: {username!r} is taken")
    password = password or secrets.token_urlsafe(15)
    user = StaffUser(
        username=username, email=email, role=role, first_name=first_name, last_name=last_name
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise StaffError("password: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        apply_role(user)
        record(
            AuditAction.CREATE,
            actor=actor,
            target=user,
            organisation=organisation,
            summary=f"created {role} account",
        )
        if organisation is not None:
            from lawful.organisations.services import add_membership

            add_membership(user, organisation, role=role, ward=ward, actor=actor)
    return user, password


def change_role(user: StaffUser, role: str, *, actor=None) -> None:
    if role not in Role.values:
        raise StaffError(f"role: {role!r} is not one of {', '.join(Role.values)}")
    with transaction.atomic():
        old, user.role = user.role, role
        user.save(update_fields=["role"])
        apply_role(user)
        record(AuditAction.CHANGE, actor=actor, target=user, summary=f"role {old} -> {role}")
