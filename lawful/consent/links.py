"""Signed links in what we send: the preferences page, one-click unsubscribe, confirming
a sign-up. No account and no password: the link itself, signed with SECRET_KEY
(django.core.signing) and expiring, is the key; a changed link is refused.

    preferences_url(org, person)                  -> https://.../o/SLUG/preferences/TOKEN
    unsubscribe_url(org, person, purpose, channel) -> https://.../o/SLUG/unsubscribe/TOKEN
    list_unsubscribe_headers(org, person, purpose, channel)
        -> {"List-Unsubscribe": "<https://...>", "List-Unsubscribe-Post":
            "List-Unsubscribe=One-Click"}                              (RFC 8058)
    MessageLinks(org, purpose, channel)  -> .unsubscribe(person_id), .preferences(...),
        .headers(unsubscribe_link): the same links for message after message of a send,
        the address around each token worked out once
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

__all__ = [
    "BadLink",
    "LinkFor",
    "MessageLinks",
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


def sign(kind: str, payload: dict, signer: signing.TimestampSigner | None = None) -> str:
    # As signing.dumps(payload, salt=SALTS[kind], compress=True), with the signer kept
    # by a caller signing many.
    signer = signer or signing.TimestampSigner(salt=SALTS[kind])
    return signer.sign_object(payload, compress=True)


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


class MessageLinks:
    """The signed links of the messages of one send (an organisation, a purpose, a
    channel), person after person: the address around a token is reversed once and each
    kind's signer kept, since a send signs two links a message."""

    def __init__(self, organisation, purpose: str = "", channel: str = ""):
        self.organisation = organisation
        self.purpose, self.channel = purpose, str(channel)
        self._around: dict[str, tuple[str, str]] = {}
        self._signers: dict[str, signing.TimestampSigner] = {}

    def _url(self, kind: str, payload: dict) -> str:
        if kind not in self._around:
            self._around[kind] = _around_token(self.organisation, kind)
            self._signers[kind] = signing.TimestampSigner(salt=SALTS[kind])
        before, after = self._around[kind]
        return f"{before}{sign(kind, payload, self._signers[kind])}{after}"

    def preferences(self, person_id: int) -> str:
        return self._url("preferences", {"o": self.organisation.pk, "p": person_id})

    def unsubscribe(self, person_id: int) -> str:
        return self._url(
            "unsubscribe",
            {"o": self.organisation.pk, "p": person_id, "u": self.purpose, "c": self.channel},
        )

    @staticmethod
    def headers(unsubscribe_link: str) -> dict[str, str]:
        """The RFC 8058 one-click unsubscribe headers for the link."""
        return {
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


_TOKEN = "TOKEN"  # stands for the signed token while the address around it is reversed


def _around_token(organisation, kind: str) -> tuple[str, str]:
    """(before, after): the absolute address of a link of this kind, either side of
    its token (a token's characters are all safe in a path, so reverse() keeps them)."""
    url = _absolute(
        reverse(
            f"public:consent-{kind}",
            kwargs={"slug": organisation.slug, f"{kind}_token": _TOKEN},
        )
    )
    before, after = url.rsplit(_TOKEN, 1)
    return before, after


def preferences_url(organisation, person) -> str:
    return MessageLinks(organisation).preferences(person.pk)


def unsubscribe_url(organisation, person, purpose: str, channel: str) -> str:
    return MessageLinks(organisation, purpose, channel).unsubscribe(person.pk)


def confirm_url(organisation, data: dict) -> str:
    token = sign("confirm", {"o": organisation.pk, "d": data})
    return _absolute(
        reverse(
            "public:consent-confirm", kwargs={"slug": organisation.slug, "confirm_token": token}
        )
    )


def list_unsubscribe_headers(organisation, person, purpose: str, channel: str) -> dict[str, str]:
    """The RFC 8058 one-click unsubscribe headers for a message to the person."""
    return MessageLinks.headers(unsubscribe_url(organisation, person, purpose, channel))
