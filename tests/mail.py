"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests to read."""

import re
import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    """One message as the SMTP server received it."""

    to: list[str]
    subject: str
    text: str
    html: str | None


class MailboxHandler:
    """aiosmtpd handler that stores every message."""

    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        text_part = parsed.get_body(preferencelist=("plain",))
        html_part = parsed.get_body(preferencelist=("html",))
        mail = ReceivedMail(
            to=[r.lower() for r in envelope.rcpt_tos],
            subject=str(parsed["Subject"]),
            text=text_part.get_content() if text_part else "",
            html=html_part.get_content() if html_part else None,
        )
        with self.lock:
            self.messages.append(mail)
        return "250 Message accepted for delivery"


class Mailbox:
    """What tests see of the SMTP server: the messages and the tokens in their links."""

    def __init__(self, handler: MailboxHandler) -> None:
        self._handler = handler

    def clear(self) -> None:
        with self._handler.lock:
            self._handler.messages.clear()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._handler.lock:
            return list(self._handler.messages)

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.messages if address.lower() in m.to]

    def token(self, address: str, path: str) -> str:
        """The token of the newest `{FRONTEND_URL}/{path}?token=...` link sent to `address`."""
        for mail in reversed(self.to(address)):
            found = re.search(rf"/{re.escape(path)}\?token=([A-Za-z0-9_\-%]+)", mail.text)
            if found:
                return found.group(1)
        raise AssertionError(f"no {path} link was mailed to {address}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp_server(port: int) -> tuple[Controller, Mailbox]:
    handler = MailboxHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, Mailbox(handler)
