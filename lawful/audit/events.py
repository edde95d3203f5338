"""What an audit event records having happened."""

from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    DISCLOSURE = "disclosure", "Disclosed to a recipient"
    DELETE = "delete", "Deleted"
