"""Email delivery: real SMTP, console mode without SMTP, and a server that is down."""

from app.config import get_settings
from app.core.email import OutgoingEmail, console_outbox, send_email, send_email_safely
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


async def test_a_down_server_is_reported_not_raised():
    down = get_settings().model_copy(update={"smtp_port": free_port(), "smtp_timeout_seconds": 2})
    assert await send_email_safely(down, MESSAGE) == "failed"
