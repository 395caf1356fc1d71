"""Outgoing email: real SMTP when configured, otherwise the console and an in-memory outbox."""

import logging
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import MessageError
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

import aiosmtplib
from beanie import PydanticObjectId

from app.config import Settings
from app.core.outbox import OutboxEmail, without_links
from app.shared.text import one_line
from app.shared.time import utc_now

logger = logging.getLogger("app.email")
# One bare address: no display name, no list, no whitespace or control character that could
# start another header.
_ADDRESS_PART = r"[^\s\x00-\x1f\x7f-\x9f@,;:<>\"()\[\]\\]+"
_ONE_ADDRESS = re.compile(f"{_ADDRESS_PART}@{_ADDRESS_PART}")


class UnsendableEmail(ValueError):
    """A message that cannot be built (a recipient that is not one address); retrying won't help."""


@dataclass(frozen=True)
class OutgoingEmail:
    """One message to one recipient, with a plain-text and an optional HTML body."""

    to: str
    subject: str
    text: str
    html: str | None = None

    def __post_init__(self) -> None:
        # The subject is built from names, some stored before names were validated: keep it on
        # one line here, so the header, the outbox, the inbox title and the log all agree.
        object.__setattr__(self, "subject", one_line(self.subject))


@dataclass
class ConsoleOutbox:
    """Mail kept in memory when no SMTP server is configured (newest last)."""

    messages: deque[tuple[datetime, OutgoingEmail]] = field(
        default_factory=lambda: deque(maxlen=500)
    )


console_outbox = ConsoleOutbox()


def compose(to: str, subject: str, lines: list[str], link: str | None = None) -> OutgoingEmail:
    """An email of paragraphs and an optional link, as plain text and escaped HTML."""
    text = "\n\n".join([*lines, link] if link else lines)
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if link:
        paragraphs += f'<p><a href="{escape(link)}">{escape(link)}</a></p>'
    return OutgoingEmail(
        to=to, subject=subject, text=text, html=f"<html><body>{paragraphs}</body></html>"
    )


def failure_reason(exc: Exception) -> str:
    """Why a message was not sent, as the outbox shows it (one line, bounded)."""
    return one_line(f"{type(exc).__name__}: {exc}")[:500]


def frontend_link(settings: Settings, path: str, token: str) -> str:
    """A link into the web app that carries a single-use token."""
    return f"{settings.frontend_url.rstrip('/')}/{path}?token={quote(token)}"


def build_message(settings: Settings, email: OutgoingEmail) -> EmailMessage:
    """A MIME message with text and, when given, HTML alternatives; UnsendableEmail if it can't be.

    The subject is already on one line: every `OutgoingEmail` puts it there, an outbox row
    queued before subjects were sanitised included (delivery rebuilds one from the row).
    """
    if not _ONE_ADDRESS.fullmatch(email.to):
        raise UnsendableEmail("the recipient is not a single email address")
    try:
        message = EmailMessage()
        message["From"] = settings.email_from
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        if email.html:
            message.add_alternative(email.html, subtype="html")
        # Serialised once here, so a body that cannot be encoded fails now, not mid-delivery.
        message.as_bytes()
    except (ValueError, TypeError, MessageError) as exc:
        raise UnsendableEmail(f"the message cannot be built: {type(exc).__name__}") from exc
    return message


def log_console_email(settings: Settings, email: OutgoingEmail) -> None:
    """Log a message that console mode does not send: whole in development, never its body else.

    In development the log is the only way to follow a verify, invite or reset link on the
    default `./run_server.sh`. Elsewhere the body stays out of the log: its links are
    single-use credentials, and a production server without SMTP is a mistake to flag.
    """
    if settings.environment == "development":
        logger.info(
            "email (console mode, not sent)",
            extra={"fields": {"to": email.to, "subject": email.subject, "text": email.text}},
        )
    elif settings.environment == "production":
        logger.warning(
            "email not sent: SMTP_HOST is not set", extra={"fields": {"subject": email.subject}}
        )
    else:
        logger.info("email (console mode)", extra={"fields": {"subject": email.subject}})


async def send_email(settings: Settings, email: OutgoingEmail) -> str:
    """Send `email`; returns `sent`, or `logged` in console mode.

    UnsendableEmail for a message that cannot be built (in console mode too, so development
    fails as production would); SMTP errors propagate.
    """
    message = build_message(settings, email)
    if not settings.smtp_host:
        console_outbox.messages.append((utc_now(), email))
        log_console_email(settings, email)
        return "logged"
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_starttls and not settings.smtp_ssl,
        use_tls=settings.smtp_ssl,
        timeout=settings.smtp_timeout_seconds,
    )
    return "sent"


async def send_email_safely(
    settings: Settings,
    email: OutgoingEmail,
    *,
    kind: str = "account",
    clinic_id: PydanticObjectId | None = None,
) -> str:
    """Send account mail now, logging instead of raising; the outbox keeps it without links.

    Callers have already written what the mail is about (an invitation, a patient): any failure
    here is recorded in the outbox as `failed` with its reason, never turned into a 500.
    """
    error: str | None = None
    try:
        status = await send_email(settings, email)
    except Exception as exc:  # see the docstring: the reason is kept and logged
        status, error = "failed", failure_reason(exc)
        logger.error(
            "email could not be sent",
            extra={"fields": {"subject": email.subject, "error": type(exc).__name__}},
            exc_info=not isinstance(exc, (aiosmtplib.SMTPException, OSError, UnsendableEmail)),
        )
    await OutboxEmail(
        clinic_id=clinic_id,
        to=email.to,
        kind=kind,
        subject=email.subject,
        text=without_links(email.text),
        html=without_links(email.html) if email.html else None,
        status=status,
        attempts=1,
        last_error=error,
        sent_at=utc_now() if status != "failed" else None,
    ).insert()
    return status
