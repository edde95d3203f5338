"""Who may be contacted, on which channel, for which purpose: the rules as plain Python.

PECR (regs 19, 21, 21A, 22) and UK GDPR Art 21(3): electronic marketing (email, text
messages, automated calls, social-media messages) needs the person's specific prior
consent to that channel; post and live calls may rest on another basis the register
states, live calls never to a number on the Telephone Preference Service the
organisation has screened against; an objection to direct marketing stops every
marketing purpose on every channel at once. lawful.consent.contact applies these rules
to one person (may_contact) and to a whole audience (audience), the same way.
"""

from enum import StrEnum

from .register import Purpose
from .vocab import ContactChannel, LawfulBasis, Term

# The channels vocabulary (a StrEnum: its values are the slugs the API and files use).
Channel = ContactChannel
CHANNELS: tuple[str, ...] = tuple(ContactChannel.slugs())


class ConsentAction(Term):
    GRANT = "grant", "gave consent"
    WITHDRAW = "withdraw", "withdrew consent"


class ConsentMethod(Term):
    """How a grant or a withdrawal reached us (Art 7(1): we must be able to show it)."""

    WEB_FORM = "web-form", "on our web form"
    PAPER_FORM = "paper-form", "on a paper form"
    EMAIL = "email", "by email"
    PHONE = "phone", "by telephone"
    IN_PERSON = "in-person", "in person"
    IMPORT = "import", "imported from an existing list"
    MAILING_SERVICE = "mailing-service", "through our mailing service (an unsubscribe)"


class ContactKind(StrEnum):
    """The kind of contact point a channel needs (lawful.people ContactPoint.Kind)."""

    EMAIL = "email"
    PHONE = "phone"
    POSTAL = "postal"


# What each channel reaches the person at; None: Lawful holds no contact point for it.
CHANNEL_CONTACT: dict[ContactChannel, ContactKind | None] = {
    ContactChannel.EMAIL: ContactKind.EMAIL,
    ContactChannel.SMS: ContactKind.PHONE,
    ContactChannel.AUTOMATED_CALL: ContactKind.PHONE,
    ContactChannel.LIVE_CALL: ContactKind.PHONE,
    ContactChannel.POST: ContactKind.POSTAL,
    ContactChannel.DOOR_KNOCK: ContactKind.POSTAL,
    ContactChannel.SOCIAL_MEDIA: None,
}

# UK mobile numbers in E.164 (Ofcom: 071-075, 077-079, and 07624 on the Isle of Man);
# 070 personal numbers and 076 pagers cannot receive a text message.
UK_MOBILE_PREFIXES: tuple[str, ...] = (
    "+4471",
    "+4472",
    "+4473",
    "+4474",
    "+4475",
    "+447624",
    "+4477",
    "+4478",
    "+4479",
)


def is_mobile(e164: str) -> bool:
    return str(e164).startswith(UK_MOBILE_PREFIXES)


class Exclusion(StrEnum):
    """Why a person may not be contacted, in plain words; listed in the order the rules
    are applied (an audience counts each person under the first that applies)."""

    ERASED = "their data has been erased"
    DECEASED = "they have died"
    RESTRICTED = "processing of their data is restricted"
    OBJECTED = "they objected to direct marketing"
    SUPPRESSED = "their details are on the do-not-contact list"
    NO_CONSENT = "no consent to this channel for this purpose"
    NOT_HELD = "not held for this purpose"
    OPTED_OUT = "they opted out of this channel for this purpose"
    NO_CONTACT_POINT = "no contact details for this channel"
    TPS = "their number is registered with the Telephone Preference Service"


def channel_label(channel: str) -> str:
    return ContactChannel(channel).label


def basis_for_channel(purpose: Purpose, channel: str) -> LawfulBasis | None:
    """The lawful basis the register states for this purpose on this channel: a basis
    naming the channel, else one naming no channel; None if the purpose names channels
    and this is not one of them."""
    channel = ContactChannel(channel)
    if purpose.marketing_channels and channel not in purpose.marketing_channels:
        return None
    named = [b for b in purpose.bases if channel in b.channels]
    if named:
        return named[0].basis
    general = [b for b in purpose.bases if not b.channels]
    return general[0].basis if general else None


def needs_consent(purpose: Purpose, channel: str) -> bool:
    """Whether contacting someone for this purpose on this channel needs their consent:
    where the register rests it on consent, and always for electronic marketing (PECR,
    whatever basis the register states)."""
    channel = ContactChannel(channel)
    if purpose.direct_marketing and channel.is_electronic_marketing:
        return True
    return basis_for_channel(purpose, channel) is LawfulBasis.CONSENT


def channel_problem(purpose: Purpose | None, purpose_id: str, channel: str) -> str | None:
    """Why nobody may be contacted for this purpose on this channel, or None."""
    if purpose is None:
        return f"{purpose_id!r} is not a purpose of the register in force"
    if channel not in CHANNELS:
        return f"{channel!r} is not a channel (one of: {', '.join(CHANNELS)})"
    if basis_for_channel(purpose, channel) is None:
        used = ", ".join(c.value for c in purpose.marketing_channels) or "none"
        return (
            f"purpose {purpose.id!r} does not use {channel_label(channel)} (its channels: {used})"
        )
    return None


def consent_problem(purpose: Purpose | None, purpose_id: str, channel: str) -> str | None:
    """Why consent to this purpose on this channel cannot be recorded as given, or None:
    the purpose must be in the register in force, use the channel, and rest on consent
    for it (a grant for a purpose on another basis would be consent asked for in vain,
    and the notice would not say so)."""
    problem = channel_problem(purpose, purpose_id, channel)
    if problem:
        return problem
    if not needs_consent(purpose, channel):
        basis = basis_for_channel(purpose, channel)
        return (
            f"purpose {purpose.id!r} rests on {basis.value} for {channel_label(channel)}, "
            "not on consent"
        )
    return None


def consent_purposes(register) -> list[tuple[Purpose, list[ContactChannel]]]:
    """The purposes a person can consent to, each with the channels that need consent
    (what a sign-up form offers)."""
    found = []
    for purpose in register.purposes:
        channels = purpose.marketing_channels or tuple(
            c for b in purpose.bases if b.basis is LawfulBasis.CONSENT for c in b.channels
        )
        wanted = [c for c in channels if needs_consent(purpose, c)]
        if wanted:
            found.append((purpose, wanted))
    return found
