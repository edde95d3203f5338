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

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VOLUNTEER)

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff"

    @property
    def is_data_protection_lead(self) -> bool:
        return self.role == Role.DATA_PROTECTION_LEAD

    @property
    def may_see_special_category_data(self) -> bool:
        # Volunteers run newsletters and campaigns: they never see special-category data.
        return self.role != Role.VOLUNTEER
