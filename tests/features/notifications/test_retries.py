"""A reminder email that cannot be sent stays queued, is retried with backoff, then fails."""

from datetime import timedelta

import pytest
from httpx import AsyncClient

from app.config import get_settings
from app.core.outbox import OutboxEmail
from app.features.notifications import delivery
from app.features.notifications.reminders import run_due_reminders
from app.shared.time import as_utc, utc_now
from tests.factories import SignedIn, clinic_today, read_outbox, run_reminders
from tests.features.notifications.conftest import Family
from tests.mail import Mailbox, free_port


@pytest.fixture
def smtp_down(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Point the (cached) settings at a port where nothing listens; undone after the test."""
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())
    return monkeypatch


async def reminder_emails(client: AsyncClient, admin: SignedIn) -> list[dict]:
    return [e for e in await read_outbox(client, admin.headers) if e["kind"] == "dose_overdue"]


async def latest_retry_time() -> float:
    queued = await OutboxEmail.find({"status": "queued"}).to_list()
    assert queued
    return max(as_utc(e.next_attempt_at).timestamp() for e in queued)


async def test_a_failed_send_stays_queued_and_is_sent_once_when_the_server_is_back(
    client: AsyncClient,
    mailbox: Mailbox,
    admin: SignedIn,
    family: Family,
    smtp_down: pytest.MonkeyPatch,
) -> None:
    result = await run_reminders(client, admin.headers)

    assert result["sent"] == 0 and result["failed"] == 0 and result["created"] > 0
    emails = await reminder_emails(client, admin)
    assert len(emails) == 2
    for email in emails:
        assert email["status"] == "queued" and email["attempts"] == 1
        assert email["last_error"] and email["sent_at"] is None
        assert email["next_attempt_at"] is not None
    assert mailbox.messages == []

    smtp_down.undo()
    # Before the backoff has passed nothing is retried.
    assert await delivery.deliver_due(utc_now()) == (0, 0)
    later = utc_now() + timedelta(minutes=2)
    assert await delivery.deliver_due(later) == (2, 0)
    assert await delivery.deliver_due(later + timedelta(days=1)) == (0, 0)

    assert len(mailbox.to(family.portal_email)) == 1
    assert len(mailbox.to(family.email_only)) == 1
    for email in await reminder_emails(client, admin):
        assert email["status"] == "sent" and email["attempts"] == 2
        assert email["last_error"] is None and email["sent_at"] is not None
        assert email["next_attempt_at"] is None


async def test_a_later_reminder_run_retries_the_queue(
    client: AsyncClient,
    mailbox: Mailbox,
    admin: SignedIn,
    family: Family,
    smtp_down: pytest.MonkeyPatch,
) -> None:
    await run_reminders(client, admin.headers)
    smtp_down.undo()

    result = await run_due_reminders(utc_now() + timedelta(minutes=5), as_of=clinic_today())

    assert result.sent == 2 and result.created == 0
    assert len(mailbox.messages) == 2


async def test_three_failures_mark_the_email_failed_with_the_error(
    client: AsyncClient,
    mailbox: Mailbox,
    admin: SignedIn,
    family: Family,
    smtp_down: pytest.MonkeyPatch,
) -> None:
    await run_reminders(client, admin.headers)  # attempt 1
    second = await delivery.deliver_due(utc_now() + timedelta(minutes=2))
    assert second == (0, 0)
    for email in await reminder_emails(client, admin):
        assert email["status"] == "queued" and email["attempts"] == 2
    # The second backoff is longer than the first.
    assert await delivery.deliver_due(utc_now() + timedelta(minutes=5)) == (0, 0)
    retry_at = await latest_retry_time()
    third = await delivery.deliver_due(utc_now() + timedelta(minutes=30))
    assert third == (0, 2)
    assert retry_at > utc_now().timestamp() + 9 * 60

    for email in await reminder_emails(client, admin):
        assert email["status"] == "failed" and email["attempts"] == 3
        assert email["last_error"] and email["sent_at"] is None
    smtp_down.undo()
    assert await delivery.deliver_due(utc_now() + timedelta(days=30)) == (0, 0)
    assert mailbox.messages == []


async def test_without_smtp_reminder_emails_are_logged(
    client: AsyncClient,
    mailbox: Mailbox,
    admin: SignedIn,
    family: Family,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "smtp_host", "")

    result = await run_reminders(client, admin.headers)

    assert result["sent"] == 2 and result["failed"] == 0
    emails = await reminder_emails(client, admin)
    assert [e["status"] for e in emails] == ["logged", "logged"]
    assert all(e["attempts"] == 1 and e["last_error"] is None for e in emails)
    assert mailbox.messages == []
