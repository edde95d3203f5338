"""Envelope encryption: a data key per organisation, wrapped by the master key.

An organisation's data key is a Fernet key kept here only wrapped (encrypted) under the
master key, which is held outside the database (lawful.crypto.master). Each encrypted
value names the data key it was made with (`lk1:<key id>:<token>`), so it can be read
without knowing the row it came from. At most one key of an organisation is active (it
encrypts); a rotation makes a new active key, re-encrypts everything under the old one
(then "retiring": read, never written) and retires it.

Change these only through lawful.crypto.services (audited).
"""

import secrets

from django.db import models
from django.db.models import Q

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation


def new_key_id() -> str:
    return secrets.token_hex(8)


class OrganisationKey(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "active: encrypts new values"
        RETIRING = "retiring", "retiring: being replaced, read only"
        RETIRED = "retired", "retired: replaced; nothing is encrypted with it"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="data_keys", db_index=False
    )
    # The id every value encrypted with the key names: random, so that ids are never
    # reused (a restored or rolled-back database included) and say nothing of the count.
    key_id = models.CharField(max_length=16, unique=True, default=new_key_id, editable=False)
    # The data key (a Fernet key), encrypted with the master key: a Fernet token.
    wrapped = models.TextField(editable=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state="active"),
                name="crypto_one_active_key_per_org",
            )
        ]
        indexes = [models.Index(fields=["organisation", "state"], name="crypto_org_key_state_idx")]

    def __str__(self):
        return f"data key {self.key_id} ({self.state})"


class KeyRotation(models.Model):
    """One rotation of an organisation's data key, with its progress: an interrupted
    rotation continues from here (`lawful keys rotate` again)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="key_rotations", db_index=False
    )
    from_key = models.ForeignKey(
        OrganisationKey, on_delete=models.PROTECT, related_name="rotations_from", null=True
    )
    to_key = models.ForeignKey(
        OrganisationKey, on_delete=models.PROTECT, related_name="rotations_to"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # {"app_label.Model": last pk done}: the next batch starts after it.
    progress = models.JSONField(default=dict)
    values_done = models.PositiveBigIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(finished_at__isnull=True),
                name="crypto_one_rotation_at_a_time",
            )
        ]

    def __str__(self):
        state = "finished" if self.finished_at else "under way"
        return f"key rotation {self.pk} ({state})"
