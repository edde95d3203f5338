"""Creating organisations and giving staff a role in one: each audited, in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.services import RegisterProblems, import_document_control
from lawful.policy.checks import check_text
from lawful.policy.register import parse_register
from lawful.staff.models import Role

from .models import Membership, Organisation, OrganisationHost, validate_host, validate_slug


class OrganisationError(ValueError):
    pass


def create_organisation(
    slug: str,
    register_text: str,
    *,
    today: date,
    name: str = "",
    hosts: tuple[str, ...] = (),
    actor=None,
) -> Organisation:
    """An organisation made from its register: the controller gives its name, kind and
    nation, and the register's own document control becomes its notice history, so the
    version it records as adopted is in force at once.

    Raises OrganisationError (slug, name, host) or RegisterProblems (every problem of
    the register, with its line), and writes nothing, on bad input.
    """
    slug = (slug or "").strip()
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise OrganisationError(f"slug: {exc.messages[0]}") from None
    if Organisation.objects.filter(slug=slug).exists():
        raise OrganisationError(f"slug: {slug!r} is already used by another organisation")
    hosts = tuple(h.strip().lower() for h in hosts if h.strip())
    for host in hosts:
        try:
            validate_host(host)
        except ValidationError as exc:
            raise OrganisationError(f"host: {exc.messages[0]}") from None
        if OrganisationHost.objects.filter(host=host).exists():
            raise OrganisationError(f"host: {host!r} is already used by another organisation")
    problems = check_text(register_text, today)
    register, form_problems = parse_register(register_text)
    if problems or form_problems or register is None:
        raise RegisterProblems(problems or form_problems)
    name = (name or register.controller.name).strip()
    if len(name) > Organisation._meta.get_field("name").max_length:
        raise OrganisationError("name: at most 200 characters")
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name,
            slug=slug,
            kind=register.controller.kind.value,
            nation=register.controller.nation.value,
        )
        OrganisationHost.objects.bulk_create(
            OrganisationHost(organisation=organisation, host=host) for host in hosts
        )
        record(
            AuditAction.CREATE,
            actor=actor,
            target=organisation,
            summary=f"created organisation {slug}",
        )
        import_document_control(organisation, register, actor=actor)
    return organisation


def add_membership(
    user, organisation: Organisation, *, role: str, ward: str = "", actor=None
) -> Membership:
    """Give a member of staff a role in an organisation (or change the role they hold)."""
    if role not in Role.values:
        raise OrganisationError(f"role: {role!r} is not one of {', '.join(Role.values)}")
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organisation=organisation, defaults={"role": role, "ward": ward}
        )
        if created:
            summary = f"gave {user.get_username()} the role {role}"
        elif (membership.role, membership.ward) != (role, ward):
            old = membership.role
            membership.role, membership.ward = role, ward
            membership.save(update_fields=["role", "ward"])
            summary = f"changed {user.get_username()}'s role {old} -> {role}"
        else:
            return membership
        record(
            AuditAction.CREATE if created else AuditAction.CHANGE,
            actor=actor,
            target=membership,
            summary=summary,
        )
    return membership


def organisation_by_slug(slug: str | None) -> Organisation:
    """The organisation a command acts on: `slug`, or the only one if there is one.

    Raises OrganisationError with the slugs to choose from otherwise.
    """
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise OrganisationError(f"--org: no organisation {slug!r} ({_choices()})")
        return organisation
    only = list(Organisation.objects.order_by("slug")[:2])
    if len(only) == 1:
        return only[0]
    if not only:
        raise OrganisationError(
            "--org: there is no organisation yet: add one with "
            "`lawful org add SLUG --register FILE`"
        )
    raise OrganisationError(f"--org: say which organisation ({_choices()})")


def _choices() -> str:
    slugs = list(Organisation.objects.order_by("slug").values_list("slug", flat=True))
    return "one of: " + ", ".join(slugs) if slugs else "there are none yet"
