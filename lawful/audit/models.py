"""The audit log: append-only events, each chained to the one before by a SHA-256 hash.

Each organisation has its own chain (its own head and its own seq 1, 2, 3...); events
that belong to no organisation (a superuser creating a staff account in the admin, and
every event recorded before Lawful served several organisations) form the
installation's chain, whose head is the row pk=1.

Write events through `lawful.audit.services.record()`, never by creating rows here: the
service numbers them, links them and moves the chain head in one transaction.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from .events import AuditAction

GENESIS_HASH = "0" * 64
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete an audit event through the ORM."""

    def __init__(self, operation: str):
        super().__init__(f"The audit log is append-only: events cannot be {operation}.")


def event_hash(
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    person_id: int | None,
    summary: str,
    prev_hash: str,
    organisation_id: int | None = None,
) -> str:
    """SHA-256 (hex) of an event's canonical serialisation.

    `at` is written in UTC with microseconds, which SQLite and PostgreSQL both keep, so
    an event read back from either database hashes exactly as it did when written.
    """
    fields = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": str(action),
        "target_type": target_type,
        "target_id": target_id,
        "person_id": person_id,
        "summary": summary,
        "prev_hash": prev_hash,
    }
    # Present only on organisations' chains, so that the installation chain's events
    # (all events from before organisations) hash as they always did, and no event can
    # be moved from one organisation's chain to another's unnoticed.
    if organisation_id is not None:
        fields["organisation_id"] = organisation_id
    canonical = _CANONICAL.encode(fields)
    return hashlib.sha256(canonical.encode()).hexdigest()


# The columns event_hash() covers, in its argument order (for values_list()).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "person_id",
    "summary",
    "prev_hash",
    "organisation_id",
)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("changed")

    def delete(self):
        raise AuditLogIsAppendOnly("deleted")


class AuditEvent(models.Model):
    """One thing that happened to personal data: who, what, to which record, when.

    `summary` says what happened without copying personal data values ("changed
    fields: email, postcode"), and `person_id` is deliberately not a foreign key: the
    event must outlive the erasure of the person it concerns.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        db_index=False,
        help_text="Whose chain the event is in; empty for the installation's own chain.",
    )
    seq = models.PositiveBigIntegerField(help_text="Position in the chain: 1, 2, 3… with no gaps.")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # A member of staff with history is deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_label = models.CharField(
        max_length=150, help_text='The username at the time, or "system" or "public".'
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    target_type = models.CharField(max_length=100, blank=True, help_text='e.g. "people.person"')
    target_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(
        null=True, blank=True, help_text="The data subject concerned, if any."
    )
    summary = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "seq"], name="audit_seq_once_per_chain"
            ),
            models.UniqueConstraint(
                fields=["seq"],
                condition=models.Q(organisation__isnull=True),
                name="audit_seq_once_in_installation_chain",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            # "Who viewed or changed this person's record", within one organisation.
            models.Index(fields=["organisation", "person_id", "seq"], name="audit_org_person_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("changed")
        super().save(**{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("deleted")

    def compute_hash(self) -> str:
        return event_hash(*(getattr(self, field) for field in HASHED_FIELDS))


class AuditChainHead(models.Model):
    """The row recording the last event of one chain: an organisation's, or (pk=1, no
    organisation) the installation's.

    Appends lock it, which serialises them per chain on PostgreSQL, and it lets
    verification see that the last events were removed, which walking the chain alone
    cannot.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_chain_head",
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self):
        return f"audit chain head at event {self.last_seq}"
