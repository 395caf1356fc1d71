"""Which reminders are due when: upcoming, overdue and its repeats, milestone checklists."""

from datetime import timedelta

import pytest
from httpx import AsyncClient

from app.shared.time import latest_birth_date_at_age
from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    add_guardian,
    clinic_today,
    create_patient,
    create_staff,
    days_ago,
    read_inbox,
    read_outbox,
    run_reminders,
    unique_email,
    update_clinic,
)
from tests.features.notifications.conftest import (
    JUST_OVERDUE_AGE_DAYS,
    Family,
    family_of,
    forecast_entry,
    overdue_groups,
)
from tests.mail import Mailbox

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


async def kinds_sent_to(client: AsyncClient, admin: SignedIn, address: str) -> list[str]:
    """The kinds of the reminder emails to an address, oldest first."""
    outbox = await read_outbox(client, admin.headers)
    return [e["kind"] for e in reversed(outbox) if e["to"] == address]


async def test_overdue_reminder_repeats_after_14_and_28_days_then_stops(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn
) -> None:
    # No "coming up" reminders: only the overdue dose speaks.
    await update_clinic(client, admin.headers, reminder_days_before=0)
    family = await family_of(client, mailbox, admin, age_days=JUST_OVERDUE_AGE_DAYS)
    past_due = (await forecast_entry(family.child["id"], "HepB")).past_due_date
    assert past_due == clinic_today() and await overdue_groups(family.child["id"]) == ["HepB"]

    expected = {0: True, 7: False, 13: False, 14: True, 20: False, 28: True, 35: False, 42: False}
    for offset, new_reminder in expected.items():
        before = len(mailbox.to(family.email_only))
        await run_reminders(client, admin.headers, past_due + timedelta(days=offset))
        overdue = [m for m in mailbox.to(family.email_only)[before:] if "overdue" in m.subject]
        assert len(overdue) == (1 if new_reminder else 0), offset

    assert (await kinds_sent_to(client, admin, family.email_only)).count("dose_overdue") == 3
    inbox = await read_inbox(client, family.portal.headers)
    assert [i["kind"] for i in inbox["items"]].count("dose_overdue") == 3


async def test_upcoming_reminder_comes_reminder_days_before_and_not_earlier(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn
) -> None:
    await update_clinic(client, admin.headers, reminder_days_before=10)
    # 45 days old: DTaP's 2-month date is 14 to 17 days away on any day of the year.
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(45))
    await add_dose(client, admin.headers, child["id"], "08", days_ago(45))  # HepB at birth
    # HepB 2 at 30 days and nirsevimab at birth: nothing is due now, which would be reminded
    # at once (issue 15: a dose past its recommended date, not yet past due, is "due now").
    await add_dose(client, admin.headers, child["id"], "08", days_ago(15))
    await add_dose(client, admin.headers, child["id"], "306", days_ago(45))
    guardian = unique_email("guardian")
    await add_guardian(client, admin.headers, child["id"], email=guardian)
    assert await overdue_groups(child["id"]) == []
    recommended = (await forecast_entry(child["id"], "DTaP/Tdap/Td")).recommended_date
    assert recommended is not None and recommended > clinic_today() + timedelta(days=10)
    mailbox.clear()

    early = await run_reminders(client, admin.headers, recommended - timedelta(days=11))
    assert early["created"] == 0 and mailbox.messages == []

    due = await run_reminders(client, admin.headers, recommended - timedelta(days=10))
    assert due["created"] == 1 and due["sent"] == 1
    (mail,) = mailbox.to(guardian)
    assert "coming up" in mail.subject and "DTaP/Tdap/Td" in mail.text
    assert recommended.strftime("%d %B %Y") in mail.text

    again = await run_reminders(client, admin.headers, recommended - timedelta(days=3))
    assert again["created"] == 0 and again["skipped"] > 0
    assert await kinds_sent_to(client, admin, guardian) == ["dose_upcoming"]


async def test_milestone_checklist_invitation_at_two_months_once(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn
) -> None:
    # A day of the month that no month lacks, so that "two months before" is exact.
    as_of = clinic_today() + timedelta(days=3)
    while not 2 <= as_of.day <= 28:
        as_of += timedelta(days=1)
    born = latest_birth_date_at_age(as_of, 2)
    family = await family_of(client, mailbox, admin, age_days=(clinic_today() - born).days)

    await run_reminders(client, admin.headers, as_of - timedelta(days=1))
    assert "milestone_checklist" not in await kinds_sent_to(client, admin, family.email_only)

    await run_reminders(client, admin.headers, as_of)
    await run_reminders(client, admin.headers, as_of + timedelta(days=1))

    kinds = await kinds_sent_to(client, admin, family.email_only)
    assert kinds.count("milestone_checklist") == 1
    (mail,) = [m for m in mailbox.to(family.email_only) if "milestone" in m.subject]
    assert "Amara" in mail.text and "2 months" in mail.text
    inbox = await read_inbox(client, family.portal.headers)
    assert [i["kind"] for i in inbox["items"]].count("milestone_checklist") == 1


async def test_archived_children_get_no_reminders(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    response = await client.post(
        f"{PATIENTS}/{family.child['id']}/archive",
        json={"reason": "moved away"},
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text

    result = await run_reminders(client, admin.headers)

    assert result == {"created": 0, "sent": 0, "failed": 0, "skipped": 0}
    assert mailbox.messages == []
    assert (await read_inbox(client, family.portal.headers))["total"] == 0


async def test_staff_get_no_per_child_notifications(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    staff = await create_staff(client, mailbox, admin)
    mailbox.clear()

    await run_reminders(client, admin.headers)

    recipients = {r for m in mailbox.messages for r in m.to}
    assert recipients == {family.portal_email, family.email_only}
    assert (await read_inbox(client, staff.headers))["total"] == 0
    assert (await read_inbox(client, admin.headers))["total"] == 0
