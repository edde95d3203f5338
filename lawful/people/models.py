"""Data subjects: the people whose personal data the organisation holds.

Change these only through `lawful.people.services`, which normalises contact details,
checks purposes against the register and writes the audit event in the same
transaction. `save()` here is deliberately plain.
"""

from django.db import models
from django.db.models import F, Q

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.policy.vocab import LawfulBasis, Source

from .keys import SearchKey


def _organisation_fk(related_name: str, *, db_index: bool = True):
    # PROTECT: an organisation with people cannot be deleted by accident. db_index off
    # where a composite index led by organisation serves the same lookups.
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name=related_name, db_index=db_index
    )


class Person(models.Model):
    """Someone the organisation holds personal data about: a resident, a hall hirer..."""

    organisation = _organisation_fk("people", db_index=False)
    title = models.CharField(max_length=40, blank=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    # Filled in from the postcode once postcode-to-ward lookup exists (roadmap step 2).
    ward = models.CharField(max_length=100, blank=True)
    # Restriction (UK GDPR Art 18): stored, but not otherwise used until lifted.
    restricted = models.BooleanField(default=False)
    # Erased (Art 17): the record is kept only as an anonymous shell, so that what other
    # records still point at (and the audit log's person id) stays meaningful.
    erased_at = models.DateTimeField(null=True, blank=True)
    # Known to have died (from this day): nobody may be contacted after their death.
    deceased_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(
                fields=["organisation", "family_name", "given_name"], name="people_org_name_idx"
            ),
            # People search: a name prefix in any case (lawful.people.search).
            models.Index(
                F("organisation"),
                SearchKey("family_name"),
                SearchKey("given_name"),
                name="people_org_family_key_idx",
            ),
            models.Index(
                F("organisation"), SearchKey("given_name"), name="people_org_given_key_idx"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.title, self.given_name, self.family_name) if part)
        return name or f"Person {self.pk}"


class Alias(models.Model):
    """Another name the person is or was known by: matched by a rights request too."""

    class Kind(models.TextChoices):
        PREVIOUS_NAME = "previous", "previous name"
        KNOWN_AS = "known-as", "also known as"

    organisation = _organisation_fk("aliases", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.KNOWN_AS)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "aliases"
        indexes = [
            models.Index(fields=["organisation", "name"], name="people_org_alias_idx"),
            models.Index(F("organisation"), SearchKey("name"), name="people_org_alias_key_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class ContactPoint(models.Model):
    """An email address, telephone number or postal address of a person.

    `value` is kept as entered; `normalised` is what matching uses: an email address
    lower-cased, a phone number in E.164 (+447700900123), a postal address's postcode
    ("SW1A 1AA").
    """

    class Kind(models.TextChoices):
        EMAIL = "email", "email"
        PHONE = "phone", "telephone"
        POSTAL = "postal", "postal address"

    organisation = _organisation_fk("contact_points", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(
        max_length=254, help_text="As entered; for a postal address, its postcode."
    )
    normalised = models.CharField(max_length=254, editable=False)
    address_lines = models.TextField(blank=True, help_text="Postal addresses only.")
    postcode = models.CharField(max_length=8, blank=True, editable=False)
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The keyed digest the do-not-contact list would hold for this point (see
    # lawful.suppression.services.contact_digest): checking an organisation against the
    # list is then a join in SQL. Kept by save() and set_suppression_digest(); a
    # point written around them (blank) is hashed when checked instead.
    suppression_digest = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-is_primary", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "normalised", "person"], name="people_contact_once_per_person"
            )
        ]
        # Search within one organisation: "this postcode / email / phone in org X".
        indexes = [
            models.Index(
                fields=["organisation", "kind", "normalised"], name="people_org_contact_idx"
            ),
            # The do-not-contact list's entries joined to the points they match.
            models.Index(
                fields=["organisation", "suppression_digest"], name="people_contact_digest_idx"
            ),
            # People search by an address's first line ("1 High Street"), in any case.
            models.Index(
                F("organisation"),
                F("kind"),
                SearchKey("address_lines"),
                name="people_org_address_key_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.set_suppression_digest()
        fields = kwargs.get("update_fields")
        if fields is not None and "suppression_digest" not in fields:
            kwargs["update_fields"] = [*fields, "suppression_digest"]
        super().save(*args, **kwargs)

    def set_suppression_digest(self, family_name: str | None = None) -> str:
        """Compute suppression_digest from the point as it is (and the person's family
        name, for a postal address); for a caller about to bulk_create."""
        from lawful.suppression.services import contact_digest

        if family_name is None and self.kind == self.Kind.POSTAL:
            family_name = self.person.family_name if self.person_id else ""
        self.suppression_digest = contact_digest(
            self.organisation_id, self.kind, self.normalised, family_name or ""
        )
        return self.suppression_digest


def refresh_suppression_digests(person) -> None:
    """Recompute the digests of the person's postal addresses (after their family name
    changed: the postal digest is of the postcode with the family name)."""
    points = list(person.contact_points.filter(kind=ContactPoint.Kind.POSTAL))
    for point in points:
        point.set_suppression_digest(person.family_name)
    ContactPoint.objects.bulk_update(points, ["suppression_digest"])


class PurposeLink(models.Model):
    """That a person's data is processed for a purpose of the register, on what basis.

    A link is ended, never deleted: its history answers "on what basis did you hold my
    data, and since when" in an access request.
    """

    organisation = _organisation_fk("purpose_links", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="purposes")
    purpose_id = models.CharField(max_length=100, help_text="The id of a purpose in the register.")
    basis = models.CharField(max_length=32, choices=LawfulBasis.choices())
    source = models.CharField(max_length=32, choices=Source.choices())
    since = models.DateField()
    ended = models.DateField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["purpose_id", "-since", "pk"]
        indexes = [
            models.Index(fields=["organisation", "purpose_id"], name="people_org_purpose_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose_id"],
                condition=Q(ended__isnull=True),
                name="people_one_open_link_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("since")),
                name="people_link_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.purpose_id} ({self.basis})"

    @property
    def is_open(self) -> bool:
        return self.ended is None
