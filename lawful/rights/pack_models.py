"""The access pack's copies, the other people found inside them, and the letters.

Re-exported by lawful.rights.models. Change these only through
lawful.rights.pack_service and lawful.rights.letters, which audit every change.
"""

from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation


def _org_fk(related_name: str):
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name=related_name, db_index=False
    )


class FeeGround(models.TextChoices):
    """Why a fee may be charged for an access pack (UK GDPR Arts 12(5), 15(3))."""

    NONE = "", "no fee: the first copy is free"
    FURTHER_COPY = "further-copy", "a further copy of a pack already given"
    MANIFESTLY_UNFOUNDED = "manifestly-unfounded", "the request is manifestly unfounded"
    MANIFESTLY_EXCESSIVE = "manifestly-excessive", "the request is manifestly excessive"


class PackStatus(models.TextChoices):
    BUILDING = "building", "being built"
    READY = "ready", "ready to download"
    FAILED = "failed", "failed"
    PURGED = "purged", "deleted after its retention period"


class AccessPackCopy(models.Model):
    """One copy of the response pack for an access request: the zip itself, kept in the
    database (never as a file a web server could serve), until the request has been
    closed for LAWFUL_PACK_RETENTION_DAYS or the person is erased."""

    organisation = _org_fk("access_packs")
    request = models.ForeignKey(
        "rights.RightsRequest", on_delete=models.CASCADE, related_name="pack_copies"
    )
    copy_number = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=PackStatus.choices, default=PackStatus.BUILDING
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0, help_text="Records in the pack.")
    withheld = models.PositiveIntegerField(default=0, help_text="Places withheld.")
    fee_pence = models.PositiveIntegerField(default=0)
    fee_ground = models.CharField(max_length=24, choices=FeeGround.choices, blank=True)
    fee_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # First downloaded: from then on, another copy is a further copy.
    given_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "copy_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "copy_number"], name="rights_pack_copy_once"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_pence=0) | ~models.Q(fee_ground=""),
                name="rights_pack_fee_has_ground",
            ),
        ]

    def __str__(self):
        return f"pack copy {self.copy_number} ({self.get_status_display()})"

    @property
    def fee_pounds(self) -> str:
        return f"{self.fee_pence / 100:.2f}"


class Decision(models.TextChoices):
    UNDECIDED = "", "not yet decided (withheld until it is)"
    WITHHOLD = "withhold", "withhold"
    RELEASE = "release", "release"


class ThirdPartyFlag(models.Model):
    """Another person's data found inside an access pack, for the clerk to withhold or
    release. Until decided it is withheld."""

    organisation = _org_fk("third_party_flags")
    request = models.ForeignKey(
        "rights.RightsRequest", on_delete=models.CASCADE, related_name="third_party_flags"
    )
    where = models.CharField(max_length=500, help_text="The place in the pack.")
    what = models.CharField(max_length=300, help_text="What was written there.")
    # An id, not a foreign key: the flag must not hold the other person's record open.
    other_person_id = models.PositiveBigIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request", "where", "what"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "where", "what"], name="rights_flag_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.where}: {self.get_decision_display()}"

    @property
    def withheld(self) -> bool:
        return self.decision != Decision.RELEASE


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "acknowledgement"
    IDENTITY_REQUEST = "identity-request", "request for proof of identity"
    CLARIFICATION_REQUEST = "clarification-request", "request for clarification"
    EXTENSION_NOTICE = "extension-notice", "notice of extension"
    REFUSAL = "refusal", "refusal with reasons"
    COMPLETION = "completion", "completion"


class LetterTemplate(models.Model):
    """An organisation's own wording of one kind of letter (without one, the default
    from lawful/rights/letters/<kind>.txt is used)."""

    organisation = _org_fk("letter_templates")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="rights_letter_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} letter"


class LetterChannel(models.TextChoices):
    EMAIL = "email", "email"
    POST = "post", "post (PDF printed)"


class Letter(models.Model):
    """That a letter was sent: kind, how, when, by whom. The words are not kept (they
    hold the person's details); the template and the request re-make them."""

    organisation = _org_fk("letters")
    request = models.ForeignKey(
        "rights.RightsRequest", on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    channel = models.CharField(max_length=8, choices=LetterChannel.choices)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self):
        return f"{self.sent_on}: {self.get_kind_display()} by {self.get_channel_display()}"
