"""The audit log: append-only events, each chained to the one before by a keyed MAC.

Each organisation has its own chain (its own head and its own seq 1, 2, 3...); events
that belong to no organisation (a superuser creating a staff account in the admin, and
every event recorded before Lawful served several organisations) form the
installation's chain, whose head is the row pk=1.

Write events through `lawful.audit.services.record()`, never by creating rows here. An
event is written with its content MAC and no place in the chain; the sealer then gives
the events awaiting their seal their seq, the previous event's MAC and their own MAC
(HMAC-SHA256 under LAWFUL_AUDIT_KEY, see seals.py), in the order they were written, and
moves the chain head. Events from before the key (seq below the head's `keyed_from`) keep
their plain SHA-256 hash (`event_hash`), and are verified as such: the first keyed event
covers the last of them, so they cannot be rewritten either.

The ORM refuses to change or delete events or to move a head (the managers below, the
base manager included); on PostgreSQL so do triggers (migration 0005).
"""

import hashlib
import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from .events import AuditAction
from .seals import CONTENT_FIELDS, event_mac

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
    """SHA-256 (hex) of an event's canonical serialisation: how events were sealed before
    the audit key (they are still verified this way, up to the head's `keyed_from`), and
    what anyone can compute without the key.

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

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("changed")


class AuditChainHeadMovesOnlyForward(Exception):
    """An attempt to change or delete a chain head other than by sealing events."""

    def __init__(self):
        super().__init__(
            "An audit chain head moves only forward, as events are sealed "
            "(lawful.audit.services); it cannot be changed or deleted."
        )


class AuditChainHeadQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditChainHeadMovesOnlyForward

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditChainHeadMovesOnlyForward

    def delete(self):
        raise AuditChainHeadMovesOnlyForward

    def update_or_create(self, *args, **kwargs):
        raise AuditChainHeadMovesOnlyForward


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
    seq = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Position in the chain: 1, 2, 3… with no gaps; empty until sealed.",
    )
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
    # NULL (not "") until the event is sealed: "awaiting its seal" is a state, not a value.
    prev_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, help_text="The MAC of the event before."
    )
    hash = models.CharField(  # noqa: DJ001
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="The event's MAC in its place (a plain SHA-256 before the audit key).",
    )
    content_mac = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="MAC of the contents, written with the event and checked before sealing.",
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # Related lookups and deletions go through the base manager: it must refuse too.
        base_manager_name = "objects"
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
            # The events awaiting their seal, in the order they were written.
            models.Index(
                fields=["organisation", "id"],
                condition=models.Q(hash__isnull=True),
                name="audit_awaiting_seal_idx",
            ),
        ]

    def __str__(self):
        place = f"#{self.seq}" if self.seq else "(awaiting its seal)"
        return f"{place} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("changed")
        super().save(**{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("deleted")

    def compute_hash(self) -> str:
        """The plain SHA-256 of the event: what anyone can compute without the key."""
        return event_hash(*(getattr(self, field) for field in HASHED_FIELDS))

    def compute_mac(self, key: bytes) -> str:
        """The event's MAC in its place under `key` (seals.audit_key())."""
        contents = {field: getattr(self, field) for field in CONTENT_FIELDS}
        return event_mac(key, seq=self.seq, prev_hash=self.prev_hash, **contents)


class AuditChainHead(models.Model):
    """The row recording the last sealed event of one chain: an organisation's, or (pk=1,
    no organisation) the installation's.

    The sealer locks it, which serialises sealing (not writing) per chain on PostgreSQL.
    It lets verification see that the last events were removed, which walking the chain
    alone cannot, and its MAC (under the audit key) stops anyone without the key moving
    it, or moving `keyed_from`, the first event sealed with the key.
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
    keyed_from = models.PositiveBigIntegerField(
        default=1, help_text="The first event sealed with the audit key; those before are legacy."
    )
    mac = models.CharField(
        max_length=64, blank=True, default="", help_text="MAC of the head; empty while at 0."
    )

    objects = AuditChainHeadQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"
        verbose_name = "audit chain head"

    def __str__(self):
        return f"audit chain head at event {self.last_seq}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise AuditChainHeadMovesOnlyForward
        super().save(**{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AuditChainHeadMovesOnlyForward
