"""The reminder email: branded HTML and a plain-text part that says what, when and who to call."""

from httpx import AsyncClient

from app.core.outbox import OutboxEmail
from tests.factories import SignedIn, read_outbox, run_reminders, unsubscribe_token_in
from tests.features.notifications.conftest import (
    CLINIC_COLOR,
    CLINIC_LOGO,
    CLINIC_NAME,
    CLINIC_PHONE,
    Family,
    forecast_entry,
    overdue_groups,
)
from tests.mail import Mailbox


async def test_reminder_email_has_branded_html_and_a_complete_text_part(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)
    (mail,) = mailbox.to(family.email_only)

    assert mail.html is not None
    assert CLINIC_COLOR in mail.html and CLINIC_NAME in mail.html and CLINIC_LOGO in mail.html
    assert "Amara" in mail.html
    assert "Amara" in mail.subject and "Amara" in mail.text
    assert CLINIC_PHONE in mail.text
    for group in await overdue_groups(family.child["id"]):
        due = (await forecast_entry(family.child["id"], group)).past_due_date
        assert due is not None
        assert f"{group} dose 1 was due on {due.strftime('%d %B %Y')}" in mail.text
    token = unsubscribe_token_in(mail.text)
    assert f"http://app.test/unsubscribe?token={token}" in mail.text
    assert f"http://app.test/unsubscribe?token={token}" in mail.html
    # Nothing of the child beyond the first name travels by email.
    assert family.child["last_name"] not in mail.text + mail.html


async def test_each_guardian_gets_their_own_opt_out_link(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)
    (portal_mail,) = mailbox.to(family.portal_email)
    (other_mail,) = mailbox.to(family.email_only)

    assert unsubscribe_token_in(portal_mail.text) != unsubscribe_token_in(other_mail.text)


async def test_clinic_name_in_the_html_is_escaped(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    response = await client.patch(
        "/api/v1/clinic", json={"name": "Sun & <b>Moon</b>"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text

    await run_reminders(client, admin.headers)
    (mail,) = mailbox.to(family.email_only)

    assert mail.html is not None
    assert "<b>Moon</b>" not in mail.html and "Sun &amp; &lt;b&gt;Moon&lt;/b&gt;" in mail.html


async def test_outbox_lists_reminders_without_their_bodies(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)

    outbox = await read_outbox(client, admin.headers)
    reminder = next(e for e in outbox if e["kind"] == "dose_overdue")
    assert set(reminder) == {
        "id",
        "to",
        "kind",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
    }
    stored = await OutboxEmail.find_one({"kind": "dose_overdue", "to": family.email_only})
    assert stored is not None and stored.patient_id is not None
    assert str(stored.patient_id) == family.child["id"]
