"""Console mode (no SMTP_HOST): development logs whole messages, links included, so a developer
can complete verify, invite and reset on the default ./run_server.sh; production never does."""

import logging
import re
from collections.abc import Iterator

import pytest

from app.config import Settings, get_settings
from app.core.email import send_email
from app.core.logging import JsonFormatter
from app.core.outbox import OutboxEmail
from app.features.auth import emails
from tests.factories import unique_email

SIGNUP = "/api/v1/auth/signup"
VERIFY = "/api/v1/auth/verify-email"
LINK = re.compile(r"http://app\.test/verify-email\?token=([A-Za-z0-9_\-%]+)")


@pytest.fixture
def development_console_mode(monkeypatch) -> Iterator[None]:
    """The settings every module reads say: development, no SMTP server."""
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.setenv("SMTP_HOST", "")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def log_lines(caplog) -> str:
    """The log as the server writes it: one JSON object per line."""
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_development_console_mode_logs_the_link_and_it_works(
    client, mailbox, caplog, development_console_mode
):
    caplog.set_level(logging.INFO, logger="app.email")
    email = unique_email("dev")
    body = {"name": "Dev", "email": email, "password": "plum tractor violin 42"}
    response = await client.post(SIGNUP, json={**body, "clinic_name": "Dev Clinic"})
    assert response.status_code == 201, response.text
    assert mailbox.messages == []
    logged = LINK.search(log_lines(caplog))
    assert logged, log_lines(caplog)
    assert email in log_lines(caplog)
    # The logged link completes the flow.
    verified = await client.post(VERIFY, json={"token": logged.group(1)})
    assert verified.status_code == 200, verified.text
    assert verified.json()["is_verified"] is True
    # The outbox still keeps account mail without its link.
    [kept] = await OutboxEmail.find({"to": email}).to_list()
    assert logged.group(1) not in kept.text
    assert "token=[removed]" in kept.text


async def test_production_console_mode_logs_a_warning_without_body_or_link(caplog):
    caplog.set_level(logging.INFO, logger="app.email")
    production = Settings(
        environment="production",
        mongodb_url="mongodb://db.internal:27017",
        jwt_secret_key="p" * 40,
        smtp_host="",
    )
    message = emails.password_reset("owner@example.org", "Owner", "SECRET-RESET-TOKEN")
    assert "SECRET-RESET-TOKEN" in message.text
    await send_email(production, message)
    lines = log_lines(caplog)
    assert "SECRET-RESET-TOKEN" not in lines
    assert "reset-password" not in lines
    assert "Someone asked" not in lines
    [warning] = [r for r in caplog.records if r.name == "app.email"]
    assert warning.levelno == logging.WARNING
    assert "SMTP_HOST" in warning.getMessage()


async def test_test_environment_console_mode_keeps_links_out_of_the_log(caplog):
    caplog.set_level(logging.INFO, logger="app.email")
    console = get_settings().model_copy(update={"smtp_host": ""})
    assert console.environment == "test"
    await send_email(console, emails.password_reset("a@example.org", "A", "SECRET-TOKEN-42"))
    assert "SECRET-TOKEN-42" not in log_lines(caplog)
