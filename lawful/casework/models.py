"""Casework: a constituent's case, the people named in it, its notes, correspondence,
attachments and referrals.

Change these only through `lawful.casework.services` (rules checked, audited, one
transaction). Reach cases only through `Case.objects.visible_to(membership)`: the one
place need-to-know is decided (lawful.casework.scope wraps it for views and the API).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lawful.crypto.fields import EncryptedTextField
from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.people.models import Person
from lawful.staff.models import Role

# Case descriptions, outcomes, notes, correspondence and referral reasons are encrypted
# with the organisation's data key (lawful.crypto); a case's subject is not, so that it
# can be listed and searched: write it in neutral words ("Housing repair").
SensitiveText = EncryptedTextField


def _org_fk(related_name: str):
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name=related_name, db_index=False
    )


class CaseQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, membership):
        """The cases this member of staff needs to know about, in their organisation.

        The data protection lead: every case. A councillor: the cases of their ward and
        those assigned to them. A caseworker: the cases assigned to them. A volunteer
        (or no membership): none.
        """
        if membership is None:
            return self.none()
        scoped = self.for_org(membership.organisation_id)
        role = membership.role
        if role == Role.DATA_PROTECTION_LEAD:
            return scoped
        mine = Q(caseworker_id=membership.user_id) | Q(councillor_id=membership.user_id)
        if role == Role.COUNCILLOR:
            ward = (membership.ward or "").strip()
            return scoped.filter(mine | Q(ward__iexact=ward)) if ward else scoped.filter(mine)
        if role == Role.CASEWORKER:
            return scoped.filter(mine)
        return self.none()


class CaseStatus(models.TextChoices):
    OPEN = "open", "open"
    WAITING = "waiting", "waiting for a reply"
    CLOSED = "closed", "closed"


class Case(models.Model):
    organisation = _org_fk("cases")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    subject = models.CharField(max_length=200)
    description = SensitiveText(blank=True)
    category = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    councillor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = SensitiveText(blank=True)
    purpose_id = models.CharField(
        max_length=100, help_text="The register purpose the case falls under."
    )
    special_categories = models.JSONField(
        default=list, blank=True, help_text="The register's data-category ids the case involves."
    )
    special_category_condition = models.CharField(max_length=60, blank=True)
    criminal_offence_condition = models.CharField(max_length=60, blank=True)
    retention_from = models.DateField(
        null=True, blank=True, help_text="The date the register's retention rule counts from."
    )
    # After the retention period: only the minimal closed-case summary is left.
    minimised_at = models.DateTimeField(null=True, blank=True)
    restricted = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "caseworker", "status"], name="case_org_worker_idx"
            ),
            models.Index(fields=["organisation", "councillor", "status"], name="case_org_cllr_idx"),
            models.Index(fields=["organisation", "ward", "status"], name="case_org_ward_idx"),
            models.Index(fields=["organisation", "person"], name="case_org_person_idx"),
        ]

    def __str__(self):
        return f"Case {self.pk}: {self.subject}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def has_special_category_data(self) -> bool:
        return bool(self.special_categories)


class CaseParty(models.Model):
    """Another person named in a case (a neighbour, a landlord): a person of the
    organisation in their own right, found by their own access request."""

    organisation = _org_fk("case_parties")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_mentions")
    role = models.CharField(max_length=100, blank=True, help_text="e.g. neighbour, landlord")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="casework_party_once")
        ]

    def __str__(self):
        return f"{self.person} in case {self.case_id}"


class NoteKind(models.TextChoices):
    NOTE = "note", "note"
    CALL = "call", "telephone call"
    SURGERY = "surgery", "surgery"
    VISIT = "visit", "visit"


class Note(models.Model):
    organisation = _org_fk("case_notes")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = SensitiveText()
    happened_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.happened_on}"


class CorrespondenceKind(models.TextChoices):
    EMAIL = "email", "email"
    LETTER = "letter", "letter"


class Correspondence(models.Model):
    organisation = _org_fk("case_correspondence")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="correspondence")
    # The sender, when they are a person held (matched by normalised email address).
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="correspondence"
    )
    kind = models.CharField(max_length=10, choices=CorrespondenceKind.choices)
    sender = models.CharField(max_length=254, blank=True)
    subject = SensitiveText(blank=True)
    body = SensitiveText(blank=True)
    received_on = models.DateField()
    message_id = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name_plural = "correspondence"

    def __str__(self):
        return f"{self.get_kind_display()} of {self.received_on}"


class Attachment(models.Model):
    """A file that came with correspondence (an email's attachment, a scanned letter)."""

    organisation = _org_fk("case_attachments")
    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Where the file is kept, encrypted with the organisation's key (lawful.crypto.files).
    stored_path = models.CharField(max_length=500, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class Referral(models.Model):
    """A case (or part of it) shared with a recipient of the register: what, with whom,
    when, on what basis, by whom. Its disclosure is in the disclosure log."""

    organisation = _org_fk("case_referrals")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    recipient_id = models.CharField(max_length=100)
    recipient_name = models.CharField(max_length=200)
    shared = models.CharField(max_length=500, help_text="What was shared, in words.")
    reason = SensitiveText(blank=True)
    purpose_id = models.CharField(max_length=100)
    basis = models.CharField(max_length=300)
    referred_on = models.DateField()
    disclosure = models.ForeignKey(
        "disclosures.Disclosure", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["referred_on", "pk"]

    def __str__(self):
        return f"to {self.recipient_name} on {self.referred_on}"


class CaseSearchToken(models.Model):
    """One word of a case's text (its description, its notes, its correspondence's
    subjects and bodies) as a keyed token (lawful.policy.search): never the word. Kept by
    lawful.casework.search, in the transaction that writes the text; rebuilt under the
    new key by a rotation of the organisation's data key."""

    organisation = _org_fk("case_search_tokens")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.CharField(max_length=32)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index by case (rebuilding a case's tokens, deleting them).
            models.UniqueConstraint(fields=["case", "token"], name="casework_token_once")
        ]
        indexes = [
            # "The cases of organisation O having token T", from the index alone.
            models.Index(fields=["organisation", "token", "case"], name="case_token_idx")
        ]

    def __str__(self):
        return f"search token of case {self.case_id}"
