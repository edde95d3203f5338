"""Two-factor sign-in (django-otp): an authenticator app's codes (TOTP), and recovery codes.

Who must have it: a data protection lead (in any organisation) and a superuser. Anyone
else may set it up (it is offered on the dashboard); once they have, it is asked of them
too. A session is "verified" once a code was accepted in it (django-otp's OTPMiddleware
and `django_otp.login`); until then, the workspace and the admin send anyone who needs a
second factor to give it (lawful.staff.access.workspace_view, lawful.urls).

Recovery codes: ten, shown once when the app is set up; each works once. django-otp's
StaticToken keeps a token as it is, so Lawful stores an HMAC of each code (keyed with the
installation's SECRET_KEY, outside the database) in its place: whoever reads the
database cannot sign in with them. A code is a random 10-letter word (50 bits), so one
round of HMAC is enough; the lookup stays django-otp's own (StaticDevice.verify_token),
with its throttle.

Wrong codes are throttled by django-otp per device: after each failure in a row the
next try must wait 1, 2, 4, 8... seconds (OTP_TOTP_THROTTLE_FACTOR), so guessing six
digits is out of reach; every success, failure, refusal by the throttle, setting up and
reset is audited (the installation's chain, like sign-ins), never with a code.
"""

import hmac
import secrets
from base64 import b32encode
from hashlib import sha256

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lawful.audit.events import AuditAction
from lawful.audit.services import record

from .models import Role

APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"
RECOVERY_CODES = 10
# No 0/O, 1/I/L: read off paper and typed in.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def must_have_second_factor(user) -> bool:
    """A superuser, or a data protection lead of any organisation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from lawful.organisations.models import Membership

    return Membership.objects.filter(user=user, role=Role.DATA_PROTECTION_LEAD).exists()


def app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def needs_second_factor(user) -> bool:
    """Whether a session of this user must be verified: they must have a second factor,
    or they set one up."""
    return must_have_second_factor(user) or app_device(user) is not None


def is_verified(request) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def second_factor_pending(request) -> bool:
    """Signed in with the password, but a code is still owed."""
    user = request.user
    return user.is_authenticated and not is_verified(request) and needs_second_factor(user)


# --- Setting up -------------------------------------------------------------------------


def unconfirmed_app_device(user) -> TOTPDevice:
    """The app being set up: the same secret on every showing until it is confirmed."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as typed into an app by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg_data_url(text: str) -> str:
    """A QR code of `text` as an SVG data: URL (the CSP allows data: images)."""
    from base64 import b64encode

    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + b64encode(image.to_string()).decode()


def code_digest(code: str) -> str:
    """What is stored of a recovery code: 16 hex digits of its HMAC (StaticToken holds 16)."""
    normal = "".join(code.lower().split()).replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normal.encode(), sha256).hexdigest()[:16]


def _new_code() -> str:
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{letters[:5]}-{letters[5:]}"


def confirm_app(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up with a code from it: the session is verified and
    fresh recovery codes are returned (to be shown once). None if the code is wrong."""
    user = request.user
    if not device.verify_token(_digits(code)):
        record(
            AuditAction.SIGN_IN_FAILED,
            actor=user,
            target=user,
            summary="second factor not set up: the code from the app was not right",
        )
        return None
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=recovery, token=code_digest(c)) for c in codes
        )
        record(
            AuditAction.CHANGE,
            actor=user,
            target=user,
            summary=f"set up two-factor sign-in: an authenticator app and {len(codes)} "
            "recovery codes",
        )
    django_otp.login(request, device)
    return codes


# --- Signing in with a code ---------------------------------------------------------------


class Throttled(Exception):
    def __init__(self, until):
        self.until = until
        super().__init__(f"wait until {until:%H:%M:%S}")


def _digits(code: str) -> str:
    return "".join(str(code).split())


def is_app_code(code: str) -> bool:
    return _digits(code).isdigit() and len(_digits(code)) == 6


def verify_code(request, code: str) -> bool:
    """Check a code from the app (six digits) or a recovery code (used up) for the
    signed-in user; verify the session if right. Raises Throttled while wrong codes in a
    row make the device wait."""
    user = request.user
    if is_app_code(code):
        device, token, how = app_device(user), _digits(code), "a code from the app"
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        token, how = code_digest(code), "a recovery code"
    if device is None:
        _refused(user, f"{how}, but none is set up")
        return False
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        until = (detail or {}).get("locked_until")
        _refused(user, f"{how} refused unchecked: too many wrong codes in a row")
        raise Throttled(until)
    if not device.verify_token(token):
        _refused(user, f"{how} that was not right")
        return False
    django_otp.login(request, device)
    summary = f"second factor accepted: {how}"
    if isinstance(device, StaticDevice):
        summary += f" (used up; {device.token_set.count()} left)"
    record(AuditAction.SIGN_IN, actor=user, target=user, summary=summary)
    return True


def _refused(user, what: str) -> None:
    record(AuditAction.SIGN_IN_FAILED, actor=user, target=user, summary=f"second factor: {what}")


def reset_second_factor(user, *, actor=None) -> int:
    """Remove a member of staff's app and recovery codes (they set it up again at their
    next sign-in if they must have it). For a superuser or the command line only."""
    if actor is not None and not actor.is_superuser:
        raise PermissionError("Only a superuser can reset someone's two-factor sign-in.")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        record(
            AuditAction.CHANGE,
            actor=actor,
            target=user,
            summary="two-factor sign-in reset: the app and recovery codes were removed",
        )
    return removed
