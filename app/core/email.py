"""Outgoing email: real SMTP when configured, otherwise the console and an in-memory outbox."""

import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

import aiosmtplib
from beanie import PydanticObjectId

from app.config import Settings
from app.core.outbox import OutboxEmail, without_links
from app.shared.time import utc_now

logger = logging.getLogger("app.email")


@dataclass(frozen=True)
class OutgoingEmail:
    """One message to one recipient, with a plain-text and an optional HTML body."""

    to: str
    subject: str
    text: str
    html: str | None = None


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


def frontend_link(settings: Settings, path: str, token: str) -> str:
    """A link into the web app that carries a single-use token."""
    return f"{settings.frontend_url.rstrip('/')}/{path}?token={quote(token)}"


def build_message(settings: Settings, email: OutgoingEmail) -> EmailMessage:
    """A MIME message with text and, when given, HTML alternatives."""
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


async def send_email(settings: Settings, email: OutgoingEmail) -> str:
    """Send `email`; returns `sent`, or `logged` in console mode. SMTP errors propagate."""
    if not settings.smtp_host:
        console_outbox.messages.append((utc_now(), email))
        # The body is left out of the log: it may carry a single-use link.
        logger.info("email (console mode)", extra={"fields": {"subject": email.subject}})
        return "logged"
    await aiosmtplib.send(
        build_message(settings, email),
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
    """Send account mail now, logging instead of raising; the outbox keeps it without links."""
    error: str | None = None
    try:
        status = await send_email(settings, email)
    except (aiosmtplib.SMTPException, OSError) as exc:
        status, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        logger.error(
            "email could not be sent",
            extra={"fields": {"subject": email.subject, "error": type(exc).__name__}},
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
