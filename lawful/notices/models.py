from django.conf import settings
from django.db import models

from lawful.organisations.managers import OrganisationScopedQuerySet
from lawful.organisations.models import Organisation
from lawful.policy.vocab import NoticeStatus


class NoticeVersion(models.Model):
    """A version of the privacy notice with its document control.

    The register text it was generated from is kept, so what the notice said on any
    date can be shown again exactly. Adopted versions are never edited: a change is a
    new version, and adopting it supersedes the one before.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="notice_versions", db_index=False
    )
    version = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=NoticeStatus.choices())
    dated = models.DateField(help_text="Drafted, adopted or superseded on this date.")
    minute = models.CharField(max_length=40, blank=True, help_text="The minute that adopted it.")
    description = models.CharField(max_length=300, blank=True)
    register_text = models.TextField(help_text="The register YAML it was generated from.")
    rendered_markdown = models.TextField()
    # The public page's HTML of the notice, kept so the page can still be served if the
    # register text ever stops parsing (lawful.notices.registry.BrokenRegisterInForce).
    rendered_html = models.TextField(blank=True, default="")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-dated", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="notices_version_once_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="adopted"),
                name="notices_one_adopted_per_org",
            ),
        ]

    def __str__(self):
        return f"Version {self.version} ({self.get_status_display()})"
