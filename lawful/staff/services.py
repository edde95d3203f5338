"""Creating staff accounts, changing roles, resetting passwords: each audited, in one
transaction, and none of them a way to give anyone more than a role gives.

Who may do what (actor None is the installation's operator at the command line):
a superuser may do all of it; a data protection lead may create staff, change roles and
reset passwords of staff who are not superusers, but not make anyone a data protection
lead, nor change their own role; nobody else may do any of it.
"""

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


class NotAllowed(StaffError):
    """The actor may not do this to this account (the message says why)."""


def _is_lead(actor) -> bool:
    from lawful.organisations.models import Membership

    return (
        actor.role == Role.DATA_PROTECTION_LEAD
        or Membership.objects.filter(user=actor, role=Role.DATA_PROTECTION_LEAD).exists()
    )


def check_may_manage(actor, user: StaffUser | None, *, role: str | None = None) -> None:
    """Raise NotAllowed unless `actor` may create `user` (None: a new account) with
    `role`, or change `user`'s role to `role`, or reset `user`'s password."""
    if actor is None or actor.is_superuser:
        return
    if not (actor.is_active and _is_lead(actor)):
        raise NotAllowed("only a data protection lead or a superuser manages staff accounts")
    if user is not None and user.is_superuser:
        raise NotAllowed(f"{user.get_username()} is a superuser: only a superuser may do that")
    if role is not None and user is not None and user.pk == actor.pk:
        raise NotAllowed("role: no one changes their own role")
    if role == Role.DATA_PROTECTION_LEAD:
        raise NotAllowed("role: only a superuser makes someone a data protection lead")


def apply_role(user: StaffUser) -> None:
    """Give the user their role's group; every role but volunteer signs in to the admin."""
    user.groups.set([role_group(user.role)])
    user.is_staff = user.role != Role.VOLUNTEER
    user.save(update_fields=["is_staff"])


def _generated_password(username: str) -> str:
    """A random password that Django's validators accept. Their similarity check compares
    character counts with the username's (SequenceMatcher.quick_ratio), which a random
    string now and then trips: draw again rather than refuse to make the account."""
    probe = StaffUser(username=username)
    while True:
        password = secrets.token_urlsafe(15)
        try:
            validate_password(password, probe)
        except ValidationError:
            continue
        return password


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
    check_may_manage(actor, None, role=role)
    if StaffUser.objects.filter(username=username).exists():
        raise StaffError(f"username: {username!r} is taken")
    password = password or _generated_password(username)
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
    check_may_manage(actor, user, role=role)
    with transaction.atomic():
        old, user.role = user.role, role
        user.save(update_fields=["role"])
        apply_role(user)
        record(AuditAction.CHANGE, actor=actor, target=user, summary=f"role {old} -> {role}")


def reset_password(user: StaffUser, *, actor=None, password: str | None = None) -> str:
    """Give `user` a new password (generated when none is given) and return it; audited
    (who reset whose password, and when: never the password)."""
    check_may_manage(actor, user)
    password = password or _generated_password(user.username)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise StaffError("password: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_password_reset(user, actor=actor)
    return password


def record_password_reset(user: StaffUser, *, actor=None) -> None:
    """The audit event of a password reset made elsewhere (Django's admin form)."""
    record(
        AuditAction.CHANGE,
        actor=actor,
        target=user,
        summary=f"reset the password of {user.get_username()}",
    )
