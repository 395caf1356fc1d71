"""Email delivery: real SMTP, console mode without SMTP, and a server that is down."""

from app.config import get_settings
from app.core.email import OutgoingEmail, console_outbox, send_email, send_email_safely
from app.core.outbox import OutboxEmail
from tests.mail import free_port

MESSAGE = OutgoingEmail(
    to="parent@example.org", subject="Hello", text="plain body", html="<p>html body</p>"
)


async def test_smtp_delivers_text_and_html_parts(mailbox):
    assert await send_email(get_settings(), MESSAGE) == "sent"
    [received] = mailbox.to("parent@example.org")
    assert received.subject == "Hello"
    assert received.text.strip() == "plain body"
    assert received.html is not None and "html body" in received.html


async def test_without_smtp_mail_is_logged_and_kept_in_the_outbox(mailbox):
    console = get_settings().model_copy(update={"smtp_host": ""})
    before = len(console_outbox.messages)
    assert await send_email(console, MESSAGE) == "logged"
    assert len(console_outbox.messages) == before + 1
    assert console_outbox.messages[-1][1] == MESSAGE
    assert mailbox.messages == []


async def test_a_down_server_is_reported_not_raised_and_kept_in_the_outbox(app):
    down = get_settings().model_copy(update={"smtp_port": free_port(), "smtp_timeout_seconds": 2})
    assert await send_email_safely(down, MESSAGE, kind="password_reset") == "failed"
    [kept] = await OutboxEmail.find({"to": "parent@example.org"}).to_list()
    assert (kept.status, kept.kind, kept.attempts) == ("failed", "password_reset", 1)
    assert kept.last_error


async def test_the_outbox_keeps_account_mail_without_its_links(app, mailbox):
    link = "http://app.test/reset-password?token=SECRET-TOKEN-123"
    email = OutgoingEmail(
        to="a@example.org", subject="Reset", text=f"Go: {link}", html=f"<a href='{link}'>x</a>"
    )
    assert await send_email_safely(get_settings(), email) == "sent"
    assert "SECRET-TOKEN-123" in mailbox.to("a@example.org")[0].text
    [kept] = await OutboxEmail.find({"to": "a@example.org"}).to_list()
    assert kept.status == "sent"
    assert "SECRET-TOKEN-123" not in kept.text + (kept.html or "")
    assert "token=[removed]" in kept.text


async def test_a_message_that_cannot_be_built_is_recorded_failed_not_raised(app, mailbox):
    """Invitations and patient creation call this after writing: a failure must not become a 500."""
    email = OutgoingEmail(to="a@example.org\r\nBcc: thief@evil.example", subject="Hi", text="x")
    assert await send_email_safely(get_settings(), email, kind="staff_invitation") == "failed"
    [kept] = await OutboxEmail.find({"kind": "staff_invitation"}).to_list()
    assert (kept.status, kept.attempts) == ("failed", 1)
    assert kept.last_error and "recipient" in kept.last_error
    assert mailbox.messages == []


def test_a_subject_is_always_one_line():
    email = OutgoingEmail(to="a@example.org", subject="Ann\r\nBcc: x@y\u2028is due", text="x")
    assert email.subject == "Ann Bcc: x@y is due"
