from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """What a member of staff does; need-to-know access is decided from this."""

    DATA_PROTECTION_LEAD = "dp_lead", "Data protection lead"
    COUNCILLOR = "councillor", "Councillor"
    CASEWORKER = "caseworker", "Caseworker"
    VOLUNTEER = "volunteer", "Volunteer"


class StaffUser(AbstractUser):
    """A person who signs in to Lawful: never a data subject's own account."""

    # Legacy: the role the account was first given (it chooses the account's permission
    # group). What a member of staff may reach is decided by their Membership of each
    # organisation (lawful.organisations), where their role in that organisation lives.
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VOLUNTEER)

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff"

    # What a member of staff may do in an organisation: Membership.is_data_protection_lead
    # and Membership.may_see_special_category_data (lawful.organisations.models).


def staff_member(actor) -> StaffUser | None:
    """The member of staff to record as having done something: the actor if signed in,
    None for a command, a job or a member of the public."""
    return actor if getattr(actor, "is_authenticated", False) else None
