"""Organisations (each a controller with its own register, staff, people and audit chain)
and the staff memberships that give a member of staff a role in one.

Every record of personal data holds a foreign key to its Organisation; reach records only
through `lawful.organisations.scope`, never by filtering on `organisation` in a view.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from lawful.policy.vocab import Nation, OrganisationKind
from lawful.staff.models import Role

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?")
# A host name as a browser sends it, without port: labels of letters, digits, hyphens.
HOST_PATTERN = re.compile(
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)


# Names an organisation may not take: "installation" names the installation's own audit
# chain in reports and checkpoints, so an organisation of that name would be ambiguous.
RESERVED_SLUGS = frozenset({"installation"})


def validate_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            f"{value!r} is reserved by Lawful: choose another short name", code="reserved_slug"
        )
    if not SLUG_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            f"{value!r} is not a usable short name: use 1 to 50 lower-case letters, digits "
            "and hyphens, starting and ending with a letter or digit (e.g. ashbrook)",
            code="invalid_slug",
        )


def validate_host(value: str) -> None:
    if not HOST_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            f"{value!r} is not a host name (e.g. privacy.ashbrook-pc.org.uk, lower case, no port)",
            code="invalid_host",
        )


class Organisation(models.Model):
    """A controller: a town council, a ward's councillors, a campaign network."""

    name = models.CharField(max_length=200)
    slug = models.CharField(
        max_length=50,
        unique=True,
        validators=[validate_slug],
        help_text="Short name used in addresses: /o/<slug>/privacy.",
    )
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices())
    nation = models.CharField(max_length=20, choices=Nation.choices(), default=Nation.ENGLAND.value)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_council(self) -> bool:
        from lawful.policy.checks import COUNCILS

        return self.kind in COUNCILS


class OrganisationHost(models.Model):
    """A host name the organisation's public pages answer at."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField(max_length=253, unique=True, validators=[validate_host])

    class Meta:
        ordering = ["host"]

    def __str__(self):
        return self.host


class Membership(models.Model):
    """A member of staff's role in one organisation: what counts for access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    ward = models.CharField(
        max_length=100, blank=True, help_text="For a councillor: the ward they represent."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisations_one_membership_per_org"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="org_membership_role_idx")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.organisation}"

    @property
    def is_data_protection_lead(self) -> bool:
        return self.role == Role.DATA_PROTECTION_LEAD

    @property
    def may_see_special_category_data(self) -> bool:
        # Volunteers run newsletters and campaigns: they never see special-category data.
        return self.role != Role.VOLUNTEER
