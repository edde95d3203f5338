"""API tokens: one member of staff acting in one organisation, revocable.

Only a SHA-256 hash of the token is stored (the token is a high-entropy random secret,
so a fast hash is enough: there is nothing to guess), with a short prefix that names
the token in lists and audit events. The token itself is shown once, when issued.
"""

from django.conf import settings
from django.db import models

from lawful.organisations.models import Organisation


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=16, unique=True, help_text="The token's first characters, for display."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["organisation", "-created_at", "pk"]

    def __str__(self):
        return f"{self.display_prefix} ({self.name or 'unnamed'})"

    @property
    def display_prefix(self) -> str:
        return f"{TOKEN_PREFIX}{self.prefix}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "lawful_"
