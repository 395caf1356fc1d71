"""Issue 15: a child registered after a recommended date gets one "due now" reminder, and a
WHO defaulter an overdue one once the clinic's `overdue_after_days` have passed."""

from datetime import timedelta

from httpx import AsyncClient

from tests.factories import (
    add_dose,
    add_guardian,
    clinic_today,
    create_clinic_admin,
    create_patient,
    days_ago,
    run_reminders,
    unique_email,
)
from tests.mail import Mailbox

# 50 days old under `who`: the 6-week doses (DTP, polio, Hib, ...) were recommended 8 days ago
# and are past due at 10 weeks (6 weeks + 28 days), 20 days from now.
AGE_DAYS = 50
DAYS_TO_PAST_DUE = 20


async def test_late_registration_gets_one_due_now_reminder_then_overdue_ones(
    client: AsyncClient, mailbox: Mailbox
) -> None:
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))
    await add_dose(client, admin.headers, child["id"], "19", days_ago(AGE_DAYS))  # BCG at birth
    email = unique_email("guardian")
    await add_guardian(client, admin.headers, child["id"], email=email)
    mailbox.clear()
    today = clinic_today()

    first = await run_reminders(client, admin.headers)
    second = await run_reminders(client, admin.headers, today + timedelta(days=1))

    (mail,) = mailbox.to(email)
    assert "coming up" in mail.subject
    assert f"DTP dose 1 is due on {today.strftime('%d %B %Y')}" in mail.text
    assert first["created"] == 1 and first["sent"] == 1
    assert second["created"] == 0 and second["skipped"] > 0

    # (The 2-month milestone checklist invitation also comes in these weeks: only dose mails
    # are counted.)
    overdue_day = today + timedelta(days=DAYS_TO_PAST_DUE)
    await run_reminders(client, admin.headers, overdue_day - timedelta(days=1))
    assert [m for m in mailbox.to(email) if "vaccinations" in m.subject] == [mail]
    await run_reminders(client, admin.headers, overdue_day)
    doses = [m for m in mailbox.to(email) if "vaccinations" in m.subject]
    assert len(doses) == 2 and "overdue" in doses[-1].subject
    assert "DTP dose 1 was due on" in doses[-1].text
