"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives and fails on demand."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs each session at INFO from its own thread, which can outlive the test whose
# captured stderr the console handler writes to: "--- Logging error --- I/O operation on
# closed file" in a full run. Its warnings and errors still show.
logging.getLogger("mail.log").setLevel(logging.WARNING)

# What `fail` can be set to: a temporary refusal at RCPT or DATA, a dropped connection, or a
# permanent refusal of the message at DATA ("554"). `refuse` holds addresses refused for good.
REFUSALS = {
    "451": "451 4.3.0 Mailbox temporarily unavailable, try again later",
    "421": "421 4.3.2 Service shutting down, closing transmission channel",
    "550": "550 5.1.1 No such mailbox here",
    "554": "554 5.7.1 Message refused by policy",
}


class RecordingHandler:
    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.fail: str | None = None  # None, "451", "421", "554" or "drop"
        self.refuse: set[str] = set()  # addresses answered 550 at RCPT
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fail == "451" or address in self.refuse:
            self.refused += 1
            return REFUSALS["550" if address in self.refuse else "451"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail in ("421", "554"):
            self.refused += 1
            return REFUSALS[self.fail]
        if self.fail == "drop":  # hang up before answering: the sender cannot know it arrived
            self.refused += 1
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        self.received.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpTestServer:
    """`with SmtpTestServer() as server:` serves on server.port until the block ends."""

    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpTestServer:
        self.controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        """What arrived, parsed as a mail client reads it."""
        return [
            email.message_from_bytes(raw, policy=email.policy.default)
            for raw in self.handler.received
        ]

    def use_in(self, settings) -> None:
        """Point Django's SMTP backend at this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
