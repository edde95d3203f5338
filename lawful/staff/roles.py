"""What each role may do in the staff admin: one permission group per role.

Need-to-know access to individual records (a councillor's own ward, a caseworker's own
cases) comes with casework; this decides which kinds of record a role reaches at all.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

_PEOPLE_MODELS = ("person", "alias", "contactpoint", "purposelink")
_WORK_WITH_PEOPLE = [
    f"people.{verb}_{model}" for model in _PEOPLE_MODELS for verb in ("view", "add", "change")
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.DATA_PROTECTION_LEAD: [
        *_WORK_WITH_PEOPLE,
        *(f"people.delete_{model}" for model in _PEOPLE_MODELS),
        "notices.view_noticeversion",
        "audit.view_auditevent",
        "staff.view_staffuser",
        "staff.add_staffuser",
        "staff.change_staffuser",
    ],
    Role.COUNCILLOR: _WORK_WITH_PEOPLE,
    Role.CASEWORKER: _WORK_WITH_PEOPLE,
    # Volunteers run newsletters and campaigns from their own pages, not the admin.
    Role.VOLUNTEER: [],
}


def role_group(role: Role) -> Group:
    """The role's group, with exactly the role's permissions."""
    group, _ = Group.objects.get_or_create(name=Role(role).label)
    wanted = ROLE_PERMISSIONS[Role(role)]
    permissions = Permission.objects.filter(
        content_type__app_label__in={p.split(".")[0] for p in wanted},
        codename__in={p.split(".")[1] for p in wanted},
    ).select_related("content_type")
    group.permissions.set(
        [p for p in permissions if f"{p.content_type.app_label}.{p.codename}" in wanted]
    )
    return group


def sync_role_groups(**kwargs) -> None:
    """Bring every role's group up to date (run after each migrate)."""
    for role in Role:
        role_group(role)
