"""System checks for settings names that changed and for the policy being in place."""

import os

from django.conf import settings
from django.core import checks

DEPRECATED_NAMES = {
    "LAWFUL_BEHIND_TLS_PROXY": "LAWFUL_HTTPS=True (it also makes the cookies secure)",
    "LAWFUL_SECURE_COOKIES": "LAWFUL_HTTPS=True (it also redirects to HTTPS and sends HSTS)",
}


@checks.register(checks.Tags.security, deploy=True)
def deprecated_https_names(app_configs, **kwargs):
    return [
        checks.Warning(
            f"{name} is deprecated and will be removed: set {instead}.",
            id="lawful.W001",
        )
        for name, instead in DEPRECATED_NAMES.items()
        if name in os.environ
    ]


@checks.register(checks.Tags.security, deploy=True)
def content_security_policy(app_configs, **kwargs):
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    scripts = directives.get("script-src") or directives.get("default-src") or []
    problems = []
    if "'unsafe-inline'" in scripts:
        problems.append(
            checks.Warning("The Content-Security-Policy allows inline scripts.", id="lawful.W002")
        )
    if not any(m.endswith("ContentSecurityPolicyMiddleware") for m in settings.MIDDLEWARE):
        problems.append(
            checks.Warning("No Content-Security-Policy middleware is installed.", id="lawful.W003")
        )
    return problems


@checks.register(checks.Tags.security, deploy=True)
def outgoing_email(app_configs, **kwargs):
    """Confirmation emails and sends must leave the machine in production."""
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return [
            checks.Warning(
                "Outgoing email is printed to the console, not sent: set EMAIL_HOST (and "
                "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL) to send it.",
                id="lawful.W004",
            )
        ]
    return []
