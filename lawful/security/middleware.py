"""Response headers on every page, and staff sessions with a time limit."""

import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout

SIGNED_IN_AT = "lawful_signed_in_at"
LAST_ACTIVITY = "lawful_last_activity"
# Writing the session on every request would cost a database write per page: the idle
# clock is only moved on when it is this many seconds old.
ACTIVITY_RESOLUTION = 60


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), plus the sources that
    the pages under a path need on top of it (settings.LAWFUL_CSP_PATH_UPDATES: the one
    place to relax the policy, e.g. for an API documentation page)."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        for prefix, extra in getattr(settings, "LAWFUL_CSP_PATH_UPDATES", {}).items():
            if request.path_info.startswith(prefix):
                update = dict(parts.update or {})
                for directive, sources in extra.items():
                    update[directive] = [*update.get(directive, []), *sources]
                parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Pages may use none of the browser's powerful features (camera, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.LAWFUL_PERMISSIONS_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def start_session_clock(sender, request, user, **kwargs):
    """On sign-in: the working day starts now (a session kept from before does not
    carry its old clock over)."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_ACTIVITY] = now


class SessionTimeoutMiddleware:
    """Signs staff out after LAWFUL_SESSION_HOURS since they signed in, or after
    LAWFUL_SESSION_IDLE_MINUTES without a request; the next page then asks them to sign
    in again. (SESSION_COOKIE_AGE alone would be renewed by every write to the session.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, int(time.time())
        signed_in = session.get(SIGNED_IN_AT)
        last = session.get(LAST_ACTIVITY)
        if signed_in is None or last is None:
            session[SIGNED_IN_AT] = signed_in or now
            session[LAST_ACTIVITY] = now
            return
        if (
            now - signed_in > settings.SESSION_COOKIE_AGE
            or now - last > settings.LAWFUL_SESSION_IDLE_SECONDS
        ):
            logout(request)  # flushes the session: nothing of it is kept
            return
        if now - last >= ACTIVITY_RESOLUTION:
            session[LAST_ACTIVITY] = now
