"""The do-not-contact (suppression) list: keyed hashes of contact details, never the details.

After an erasure, or an objection to direct marketing, Lawful must still recognise the
person if their details come back (an import, a new sign-up), yet may keep nothing that
says who they are. An entry holds an HMAC-SHA256 digest of one normalised contact detail
under a key held outside the database (LAWFUL_SUPPRESSION_KEY), so a copy of the
database alone cannot be searched for, or brute-forced into, anyone's details. Entries
are written and checked only through `lawful.suppression.services`.
"""

from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation


class SuppressionEntry(models.Model):
    class Reason(models.TextChoices):
        # Erasure: the person may not be added again from the same details.
        ERASURE = "erasure", "erased at the person's request"
        # Objection to direct marketing (Art 21(3)): never market to these details again.
        OBJECTION_TO_MARKETING = "objection-to-marketing", "objected to direct marketing"

    class Kind(models.TextChoices):
        EMAIL = "email", "email address"
        PHONE = "phone", "telephone number"
        POSTAL = "postal", "postcode and family name"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Which kind of detail was hashed: lets the refusal say "an email address given is on
    # the list" without keeping anything that identifies the person.
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64, help_text="HMAC-SHA256, hex; never the detail.")
    reason = models.CharField(max_length=32, choices=Reason.choices)
    created_on = models.DateField()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "suppression entries"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "digest", "reason"], name="suppression_once_per_reason"
            )
        ]
        indexes = [models.Index(fields=["organisation", "digest"], name="suppression_lookup_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_reason_display()}, {self.created_on})"
