"""Rights requests (UK GDPR Arts 15-22), their clock events, identity checks, and
complaints to the organisation (DPA 2018 s164A).

Change these only through `lawful.rights.services`: it validates, applies the clock
rules of `lawful.policy.clock`, stores the due date and writes the audit event in one
transaction. `save()` here is deliberately plain, but a `RequestEvent` is append-only.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person

# A complaint is acknowledged within 30 days of receipt (DPA 2018 s164A(3)).
ACKNOWLEDGE_WITHIN = timedelta(days=30)


class RequestKind(models.TextChoices):
    """What the person asks for, in the words the public form and the pages use."""

    ACCESS = "access", "a copy of the information held about them"
    RECTIFICATION = "rectification", "to correct information"
    ERASURE = "erasure", "to delete their information"
    RESTRICTION = "restriction", "to stop using their information for now"
    OBJECTION = "objection", "to object to a use (such as marketing)"
    PORTABILITY = "portability", "their information in a form to take elsewhere"
    WITHDRAW_CONSENT = "withdraw-consent", "to withdraw their consent"
    UNCLEAR = "unclear", "not sure yet"


class RequestStatus(models.TextChoices):
    OPEN = "open", "open"
    AWAITING_IDENTITY = "awaiting-identity", "waiting for proof of identity or authority"
    AWAITING_FEE = "awaiting-fee", "waiting for a fee"
    AWAITING_CLARIFICATION = "awaiting-clarification", "waiting for a clarification"
    IN_PROGRESS = "in-progress", "in progress"
    COMPLETED = "completed", "completed"
    REFUSED = "refused", "refused"

    @classmethod
    def closed(cls) -> tuple[str, ...]:
        return (cls.COMPLETED, cls.REFUSED)


class Via(models.TextChoices):
    """How the request reached the organisation: any channel counts."""

    EMAIL = "email", "email"
    LETTER = "letter", "letter"
    PHONE = "phone", "telephone"
    SOCIAL_MEDIA = "social-media", "social media"
    IN_PERSON = "in-person", "in person"
    WEB_FORM = "web-form", "the web form"
    API = "api", "the API"


class EventType(models.TextChoices):
    IDENTITY_REQUESTED = "identity-requested", "proof of identity asked for"
    IDENTITY_RECEIVED = "identity-received", "proof of identity received"
    AUTHORITY_REQUESTED = "authority-requested", "proof of the agent's authority asked for"
    AUTHORITY_RECEIVED = "authority-received", "proof of the agent's authority received"
    CLARIFICATION_REQUESTED = "clarification-requested", "clarification asked for"
    CLARIFICATION_RECEIVED = "clarification-received", "clarification received"
    FEE_REQUESTED = "fee-requested", "fee asked for"
    FEE_RECEIVED = "fee-received", "fee received"
    EXTENDED = "extended", "extended, and the person told why"
    PERSON_CONFIRMED = "person-confirmed", "matched to a person held"
    NOTE = "note", "note"
    COMPLETED = "completed", "completed"
    REFUSED = "refused", "refused"


# Each "received" event answers one "requested" event; receiving it moves the start.
RESTARTS_CLOCK = {
    EventType.IDENTITY_RECEIVED: EventType.IDENTITY_REQUESTED,
    EventType.AUTHORITY_RECEIVED: EventType.AUTHORITY_REQUESTED,
    EventType.FEE_RECEIVED: EventType.FEE_REQUESTED,
}


def _org_fk(related_name: str):
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name=related_name, db_index=False
    )


class RightsRequest(models.Model):
    """One request from a person to exercise a right, however it arrived."""

    organisation = _org_fk("rights_requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    received_on = models.DateField()
    via = models.CharField(max_length=16, choices=Via.choices)
    # The requester as they gave themselves: kept as written, normalised for matching.
    requester_name = models.CharField(max_length=300)
    requester_email = models.CharField(max_length=254, blank=True)
    requester_phone = models.CharField(max_length=40, blank=True)
    requester_postcode = models.CharField(max_length=16, blank=True)
    requester_address_lines = models.TextField(blank=True)
    email_normalised = models.CharField(max_length=254, blank=True, editable=False)
    phone_normalised = models.CharField(max_length=20, blank=True, editable=False)
    postcode_normalised = models.CharField(max_length=8, blank=True, editable=False)
    details = models.TextField(blank=True, help_text="What the person asked for, in their words.")
    # A request made by someone on the person's behalf (a solicitor, a relative).
    agent_name = models.CharField(max_length=300, blank=True)
    agent_relationship = models.CharField(max_length=200, blank=True)
    agent_authority_received = models.BooleanField(default=False)
    status = models.CharField(
        max_length=24, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    # The person held that the requester was confirmed to be (by the lead).
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="rights_requests"
    )
    # Stored, recomputed by the services from the events (None while the clock is
    # stopped for a clarification); never computed in a view.
    due_on = models.DateField(null=True, blank=True)
    clock_started_on = models.DateField(null=True, blank=True, editable=False)
    extension_notified_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the response (or the refusal) was sent: what the on-time report counts.
    closed_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="rights_org_due_idx"),
            models.Index(fields=["organisation", "received_on"], name="rights_org_received_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """What the requester quotes: short, and the same on every letter."""
        return f"R-{self.pk:05d}" if self.pk else "R-new"

    @property
    def is_open(self) -> bool:
        return self.status not in RequestStatus.closed()


class RequestEvent(models.Model):
    """Something that happened to a request and may move its clock. Append-only."""

    organisation = _org_fk("request_events")
    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=24, choices=EventType.choices)
    on = models.DateField(help_text="The day it happened (asked, received, told).")
    reason = models.TextField(blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["request", "on"], name="rights_event_request_idx")]

    def __str__(self):
        return f"{self.on}: {self.get_type_display()}"

    def save(self, *args, **kwargs):
        # The events are the request's history: what happened is never rewritten.
        if not self._state.adding:
            raise ValueError("a request event is never changed once recorded")
        super().save(*args, **kwargs)


class IdentityCheck(models.Model):
    """What was seen to confirm the requester's identity, by whom, when. Asked for only
    where there is real doubt: no form and no photo ID may be demanded as a rule."""

    organisation = _org_fk("identity_checks")
    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="identity_checks"
    )
    seen = models.CharField(max_length=300, help_text="What was seen, e.g. 'a council tax bill'.")
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["checked_on", "pk"]

    def __str__(self):
        return f"{self.checked_on}: {self.seen}"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "received"
    ACKNOWLEDGED = "acknowledged", "acknowledged"
    CLOSED = "closed", "outcome told"


class Complaint(models.Model):
    """A complaint to the organisation about its use of personal data (DPA 2018 s164A)."""

    organisation = _org_fk("complaints")
    received_on = models.DateField()
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.WEB_FORM)
    complainant_name = models.CharField(max_length=300)
    complainant_email = models.CharField(max_length=254, blank=True)
    complainant_phone = models.CharField(max_length=40, blank=True)
    complainant_address_lines = models.TextField(blank=True)
    text = models.TextField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    request = models.ForeignKey(
        RightsRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    acknowledge_by = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    told_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["acknowledge_by", "pk"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "acknowledge_by"], name="rights_complaint_idx"
            )
        ]

    def __str__(self):
        return f"{self.reference}: complaint received {self.received_on}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"


class InvestigationStep(models.Model):
    """One step taken to investigate a complaint (append-only, like request events)."""

    organisation = _org_fk("investigation_steps")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField()
    text = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.on}: {self.text[:40]}"


# --- rights-pack: the access pack's copies, third-party flags, letters (pack_models.py) ---
from .pack_models import (  # noqa: E402, F401 (re-exported: the app's models)
    AccessPackCopy,
    Decision,
    FeeGround,
    Letter,
    LetterChannel,
    LetterKind,
    LetterTemplate,
    PackStatus,
    ThirdPartyFlag,
)
