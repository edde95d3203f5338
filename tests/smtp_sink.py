"""A local SMTP sink (aiosmtpd): accepts every message, keeps who it was for, sends
nothing on. Used by the tests that send through Django's real SMTP backend, and, as a
subprocess, by bench/bench_sends.py.

    with running_sink() as sink:          # in a thread of this process
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        ...
        sink.recipients, sink.messages    # envelope recipients; parsed messages

    python -m tests.smtp_sink [--keep-none]   # prints "ready PORT", runs until stdin
        closes, then prints one JSON line: {"messages": N, "recipients": [...],
        "without_unsubscribe_headers": N}
"""

import argparse
import email
import email.policy
import json
import logging
import re
import socket
import sys
from contextlib import contextmanager

from aiosmtpd.controller import Controller

# RFC 8058's two headers (as a header may be folded: whitespace may be a line break).
ONE_CLICK = re.compile(rb"\r\nlist-unsubscribe-post:\s*list-unsubscribe=one-click\r\n")
LINK = re.compile(rb"\r\nlist-unsubscribe:\s*<https?://[^>\s]+>")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Sink:
    """The aiosmtpd handler: counts, keeps the envelope recipients and (if `keep`) each
    message parsed; notes any message without the RFC 8058 unsubscribe headers."""

    def __init__(self, keep: bool = True):
        self.keep = keep
        self.count = 0
        self.recipients: list[str] = []
        self.messages: list[email.message.EmailMessage] = []
        self.without_unsubscribe_headers = 0
        self.host, self.port = "127.0.0.1", 0

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        self.count += 1
        self.recipients.extend(envelope.rcpt_tos)
        head = b"\r\n" + content.split(b"\r\n\r\n", 1)[0].lower() + b"\r\n"
        if not (ONE_CLICK.search(head) and LINK.search(head)):
            self.without_unsubscribe_headers += 1
        if self.keep:
            self.messages.append(email.message_from_bytes(content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def running_sink(keep: bool = True):
    """A Sink listening on 127.0.0.1 at a free port, in a thread, for the block."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = Sink(keep=keep)
    sink.port = free_port(sink.host)
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep-none", action="store_true", help="count; keep no message")
    args = parser.parse_args()
    with running_sink(keep=not args.keep_none) as sink:
        print(f"ready {sink.port}", flush=True)
        sys.stdin.read()  # until the caller closes it
    print(
        json.dumps(
            {
                "messages": sink.count,
                "recipients": sink.recipients,
                "without_unsubscribe_headers": sink.without_unsubscribe_headers,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
