"""Signed links in what we send: the preferences page, one-click unsubscribe, confirming
a sign-up. No account and no password: the link itself, signed with SECRET_KEY
(django.core.signing) and expiring, is the key; a changed link is refused.

    preferences_url(org, person)                  -> https://.../o/SLUG/preferences/TOKEN
    unsubscribe_url(org, person, purpose, channel) -> https://.../o/SLUG/unsubscribe/TOKEN
    list_unsubscribe_headers(org, person, purpose, channel)
        -> {"List-Unsubscribe": "<https://...>", "List-Unsubscribe-Post":
            "List-Unsubscribe=One-Click"}                              (RFC 8058)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

__all__ = [
    "BadLink",
    "LinkFor",
    "confirm_url",
    "list_unsubscribe_headers",
    "preferences_url",
    "read_link",
    "sign",
    "unsubscribe_url",
]

DAY = 24 * 3600
SALTS = {
    "preferences": "lawful.consent.preferences",
    "unsubscribe": "lawful.consent.unsubscribe",
    "confirm": "lawful.consent.confirm",
}


def _max_age(kind: str) -> int:
    days = {
        "preferences": settings.LAWFUL_PREFERENCES_LINK_DAYS,
        "unsubscribe": settings.LAWFUL_UNSUBSCRIBE_DAYS,
        "confirm": settings.LAWFUL_CONFIRM_LINK_DAYS,
    }[kind]
    return days * DAY


class BadLink(Exception):
    """A link that is not ours, was changed, or has expired (`expired` says which)."""

    def __init__(self, message: str, expired: bool = False):
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class LinkFor:
    """What a signed link is for: an organisation's person, and for an unsubscribe link
    the purpose and channel; for a confirmation, the sign-up's data."""

    organisation_id: int
    person_id: int | None
    purpose: str = ""
    channel: str = ""
    data: dict | None = None


def sign(kind: str, payload: dict) -> str:
    return signing.dumps(payload, salt=SALTS[kind], compress=True)


def read_link(kind: str, token: str, organisation) -> LinkFor:
    """The link's content, if it is a valid, unexpired link of this kind for this
    organisation; else BadLink."""
    try:
        payload = signing.loads(token, salt=SALTS[kind], max_age=_max_age(kind))
    except signing.SignatureExpired:
        raise BadLink("This link has expired.", expired=True) from None
    except signing.BadSignature:
        raise BadLink("This link is not valid: it may have been changed or cut short.") from None
    if not isinstance(payload, dict) or payload.get("o") != getattr(organisation, "pk", None):
        raise BadLink("This link is not valid for this organisation.")
    return LinkFor(
        organisation_id=payload["o"],
        person_id=payload.get("p"),
        purpose=payload.get("u", ""),
        channel=payload.get("c", ""),
        data=payload.get("d"),
    )


def _absolute(path: str) -> str:
    return f"{settings.LAWFUL_PUBLIC_URL}{path}"


def preferences_url(organisation, person) -> str:
    token = sign("preferences", {"o": organisation.pk, "p": person.pk})
    return _absolute(
        reverse(
            "public:consent-preferences",
            kwargs={"slug": organisation.slug, "preferences_token": token},
        )
    )


def unsubscribe_url(organisation, person, purpose: str, channel: str) -> str:
    token = sign(
        "unsubscribe", {"o": organisation.pk, "p": person.pk, "u": purpose, "c": str(channel)}
    )
    return _absolute(
        reverse(
            "public:consent-unsubscribe",
            kwargs={"slug": organisation.slug, "unsubscribe_token": token},
        )
    )


def confirm_url(organisation, data: dict) -> str:
    token = sign("confirm", {"o": organisation.pk, "d": data})
    return _absolute(
        reverse(
            "public:consent-confirm", kwargs={"slug": organisation.slug, "confirm_token": token}
        )
    )


def list_unsubscribe_headers(organisation, person, purpose: str, channel: str) -> dict[str, str]:
    """The RFC 8058 one-click unsubscribe headers for a message to the person."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(organisation, person, purpose, channel)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
