"""The ONS National Statistics Postcode Lookup (NSPL): which ward and Westminster
constituency each postcode lies in, and the names of those areas.

Installation-wide reference data, published by the ONS under the Open Government
Licence: a postcode is not personal data, so these tables belong to no organisation.
Loaded whole by `lawful postcodes load` (lawful.geography.loading).
"""

from django.db import models


class Postcode(models.Model):
    """One postcode of the NSPL, in the form people write it ("SW1A 1AA")."""

    postcode = models.CharField(max_length=8, primary_key=True)
    ward_code = models.CharField(max_length=9, blank=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    # The month the postcode was terminated (YYYYMM), empty while it is in use: people
    # still live at addresses with a terminated postcode, so it is kept.
    terminated = models.CharField(max_length=6, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ward_code", "postcode"], name="geo_postcode_ward_idx"),
            models.Index(fields=["constituency_code", "postcode"], name="geo_postcode_pcon_idx"),
        ]

    def __str__(self):
        return self.postcode


class Area(models.Model):
    """A ward or a Westminster constituency, by its ONS (GSS) code and its name."""

    class Kind(models.TextChoices):
        WARD = "ward", "ward"
        CONSTITUENCY = "constituency", "constituency"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    code = models.CharField(max_length=9)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "name", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="geo_area_once")]

    def __str__(self):
        return f"{self.name} ({self.code})"
