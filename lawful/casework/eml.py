"""Reading an email saved as an .eml file (RFC 5322), with its attachments.

Standard library only (`email`, with `email.policy.default`). A file that is not an
email gets a clear InvalidValue naming the field `file`, never a half-read import.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.headerregistry import Address
from email.utils import parsedate_to_datetime

from lawful.people.normalise import InvalidValue

MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class EmailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedEmail:
    sender: str  # the address, as written
    subject: str
    body: str
    sent_on: date | None
    message_id: str
    attachments: list[EmailAttachment] = field(default_factory=list)


def parse_eml(data: bytes) -> ParsedEmail:
    """The email in `data`; InvalidValue('file', ...) if it is not one."""
    if not data or not data.strip():
        raise InvalidValue("file", "the file is empty: choose an email saved as an .eml file")
    if len(data) > MAX_BYTES:
        raise InvalidValue("file", "the file is larger than 25 MB")
    head = data.lstrip()[:2000]
    if b":" not in head.split(b"\n", 1)[0]:
        raise InvalidValue(
            "file", "this is not an email saved as an .eml file: it does not start with headers"
        )
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        sender_header = message["From"]
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        raise InvalidValue("file", f"the email's headers cannot be read ({exc})") from None
    if not sender_header:
        raise InvalidValue(
            "file", "this is not an email saved as an .eml file: it has no From header"
        )
    addresses: tuple[Address, ...] = getattr(sender_header, "addresses", ())
    sender = addresses[0].addr_spec if addresses else ""
    if not sender or "@" not in sender:
        raise InvalidValue("file", f"the email's sender {str(sender_header)!r} is not an address")
    try:
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = body_part.get_content() if body_part is not None else ""
        attachments = [
            EmailAttachment(
                filename=part.get_filename() or "attachment",
                content_type=part.get_content_type(),
                data=part.get_payload(decode=True) or b"",
            )
            for part in message.iter_attachments()
        ]
    except (LookupError, ValueError, KeyError, AttributeError) as exc:
        raise InvalidValue("file", f"the email's body cannot be read ({exc})") from None
    sent_on = None
    if message["Date"]:
        try:
            sent_on = parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            sent_on = None
    return ParsedEmail(
        sender=sender,
        subject=str(message["Subject"] or "")[:300],
        body=str(body).strip(),
        sent_on=sent_on,
        message_id=str(message["Message-ID"] or "")[:300],
        attachments=attachments,
    )
