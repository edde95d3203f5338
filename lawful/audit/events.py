"""What an audit event records having happened."""

from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    DISCLOSURE = "disclosure", "Disclosed to a recipient"
    DELETE = "delete", "Deleted"
    # Staff signing in to Lawful (the installation's chain: see lawful.staff.signin).
    SIGN_IN = "sign-in", "Signed in"
    SIGN_IN_FAILED = "sign-in-failed", "Sign-in refused"
    LOCKED_OUT = "locked-out", "Sign-in locked"
    SIGN_OUT = "sign-out", "Signed out"
