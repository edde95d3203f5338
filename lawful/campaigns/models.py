"""Campaign sends: a message composed for an audience, and who received it.

A `Send` is the message and whom it was for (a purpose, a channel, a ward or a
constituency); the worker sends it to the audience as it stands at that moment
(lawful.consent.contact.audience) and records a `Delivery` per recipient: who received
what, when, at which address — for the access request (lawful.campaigns.personal_data).
Written only through lawful.campaigns.services.
"""

from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person


class Send(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "queued for the worker"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "stopped by an error"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    purpose_id = models.CharField(max_length=100, help_text="A purpose of the register.")
    channel = models.CharField(max_length=16, default="email")
    ward_code = models.CharField(max_length=9, blank=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_count = models.PositiveIntegerField(default=0)
    # {reason in words: count} of the people left out when it was sent (counts only).
    excluded = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="send_org_idx")]

    def __str__(self):
        return f"{self.subject} ({self.purpose_id}, {self.channel})"


class Delivery(models.Model):
    """That one person was sent one message: to which address, when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deliveries")
    address = models.CharField(max_length=254)
    sent_at = models.DateTimeField()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["send", "person"], name="delivery_once_per_send")
        ]
        indexes = [models.Index(fields=["organisation", "person"], name="delivery_org_person_idx")]

    def __str__(self):
        return f"{self.send.subject} to {self.address} at {self.sent_at:%Y-%m-%d %H:%M}"


class WebhookSecret(models.Model):
    """The secret an organisation shares with its mailing service, which signs each
    unsubscribe event it sends (HMAC-SHA256 of the body)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="mailing_webhook_secret"
    )
    secret = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now=True)

    objects = OrganisationScopedQuerySet.as_manager()

    def __str__(self):
        return f"mailing-service webhook secret of {self.organisation}"
