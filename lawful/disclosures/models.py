"""The disclosure log (UK GDPR Art 19): what of a person's data went to which recipient.

When a person's data is corrected, erased or restricted, every recipient it was
disclosed to must be told unless that proves impossible or involves disproportionate
effort; this log is how Lawful knows whom. A recipient is one the register in force
names (its `recipients:` id). Written only through `lawful.disclosures.services`.
"""

from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person


class Disclosure(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disclosures")
    recipient_id = models.CharField(
        max_length=100, help_text="The id of a recipient in the register in force."
    )
    recipient_name = models.CharField(
        max_length=200, help_text="The recipient's name when disclosed (registers change)."
    )
    what = models.CharField(
        max_length=500, help_text="The categories of data disclosed, in words, not the data."
    )
    disclosed_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "person"], name="disclosure_org_person_idx")
        ]

    def __str__(self):
        return f"{self.what} to {self.recipient_name} on {self.disclosed_on}"


class RecipientNotification(models.Model):
    """That a recipient must be told of a correction, erasure or restriction (Art 19),
    and whether it was: sent, or found impossible or disproportionate (with why)."""

    class Action(models.TextChoices):
        RECTIFICATION = "rectification", "corrected"
        ERASURE = "erasure", "erased"
        RESTRICTION = "restriction", "restricted"

    class Status(models.TextChoices):
        TO_SEND = "to-send", "to send"
        SENT = "sent", "sent"
        IMPOSSIBLE = "impossible-or-disproportionate", "impossible or disproportionate"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    request = models.ForeignKey(
        "rights.RightsRequest", on_delete=models.CASCADE, related_name="recipient_notifications"
    )
    recipient_id = models.CharField(max_length=100)
    recipient_name = models.CharField(max_length=200)
    action = models.CharField(max_length=16, choices=Action.choices)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.TO_SEND)
    reason = models.TextField(
        blank=True, help_text="Why telling them is impossible or disproportionate."
    )
    sent_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["recipient_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "recipient_id", "action"], name="notify_recipient_once"
            )
        ]

    def __str__(self):
        return (
            f"tell {self.recipient_name} ({self.get_action_display()}): {self.get_status_display()}"
        )
