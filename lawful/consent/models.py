"""The consent ledger: every grant and withdrawal, and the state it leaves.

`ConsentEvent` is append-only: an event is never changed or deleted (but for erasure,
which blanks its network address and free-text evidence); `ConsentState` is the current
answer per person, purpose and channel, derived from the ledger and written in the same
transaction as each event by lawful.consent.services (the only writer of both).
"""

from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person
from lawful.policy.contact import ConsentAction, ConsentMethod
from lawful.policy.vocab import ContactChannel


class ConsentEvent(models.Model):
    """One grant or withdrawal of consent, with the evidence of it (Art 7(1))."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_events")
    purpose = models.CharField(max_length=100, help_text="The id of a purpose in the register.")
    channel = models.CharField(max_length=16, choices=ContactChannel.choices())
    action = models.CharField(max_length=8, choices=ConsentAction.choices())
    method = models.CharField(max_length=16, choices=ConsentMethod.choices())
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who recorded it; empty: the person themselves.",
    )
    at = models.DateTimeField()
    wording = models.TextField(blank=True, help_text="The words the person agreed to or was shown.")
    notice_version = models.CharField(max_length=40, blank=True)
    form = models.CharField(max_length=200, blank=True, help_text="Which form or list.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "person", "at"], name="consent_event_person_idx"),
        ]

    def __str__(self):
        return f"{self.purpose} by {self.channel}: {self.action} ({self.at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("erasing", False):
            raise ValueError("the consent ledger is append-only: an event is never changed")
        super().save(*args, **kwargs)


class ConsentState(models.Model):
    """Whether the person's consent to a purpose on a channel stands now: the latest
    event of the ledger for that person, purpose and channel."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_states")
    purpose = models.CharField(max_length=100)
    channel = models.CharField(max_length=16, choices=ContactChannel.choices())
    granted = models.BooleanField()
    since = models.DateTimeField(help_text="When the latest event was.")
    event = models.ForeignKey(ConsentEvent, on_delete=models.CASCADE, related_name="+")

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "channel", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose", "channel"], name="consent_state_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "purpose", "channel", "granted", "person"],
                name="consent_state_audience_idx",
            ),
        ]

    def __str__(self):
        return f"{self.purpose} by {self.channel}: {'granted' if self.granted else 'withdrawn'}"


class TpsNumber(models.Model):
    """A number on the Telephone Preference Service file the organisation last loaded
    (E.164); live marketing calls are never made to it. Not a record of any person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    number = models.CharField(max_length=20)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="consent_tps_once")
        ]

    def __str__(self):
        return self.number


class TpsLoad(models.Model):
    """When the organisation last screened against the TPS, and from what file."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    loaded_at = models.DateTimeField()
    file_name = models.CharField(max_length=255)
    numbers = models.PositiveIntegerField()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.numbers} numbers, {self.loaded_at:%Y-%m-%d})"
