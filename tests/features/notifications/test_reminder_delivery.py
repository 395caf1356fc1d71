"""An overdue child's guardians get one email each and the portal guardian an inbox item, once."""

import asyncio
from datetime import timedelta

from beanie import PydanticObjectId
from httpx import AsyncClient

from app.features.immunizations.models import ForecastEntry
from app.features.notifications.reminders import run_due_reminders
from app.shared.time import utc_now
from tests.factories import (
    NOTIFICATIONS,
    SignedIn,
    assert_error,
    clinic_today,
    read_inbox,
    read_outbox,
    run_reminders,
    unsubscribe_token_in,
)
from tests.features.notifications.conftest import (
    JUST_OVERDUE_AGE_DAYS,
    Family,
    family_of,
    overdue_groups,
)
from tests.mail import Mailbox


async def test_one_email_per_guardian_listing_every_overdue_group(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    groups = await overdue_groups(family.child["id"])
    assert len(groups) >= 2  # the point: several groups due together make one message

    result = await run_reminders(client, admin.headers)

    assert result["sent"] == 2 and result["failed"] == 0
    assert sorted(r for m in mailbox.messages for r in m.to) == sorted(
        [family.portal_email, family.email_only]
    )
    for mail in mailbox.messages:
        assert "Amara" in mail.subject and "overdue" in mail.subject
        for group in groups:
            assert group in mail.text
    inbox = await read_inbox(client, family.portal.headers)
    assert inbox["total"] == 1
    item = inbox["items"][0]
    assert item["kind"] == "dose_overdue" and item["patient_id"] == family.child["id"]
    assert item["read_at"] is None and all(g in item["body"] for g in groups)
    assert "token=" not in item["body"]  # the opt-out link belongs to the email only
    outbox = await read_outbox(client, admin.headers)
    reminders = [e for e in outbox if e["kind"] == "dose_overdue"]
    assert sorted(e["to"] for e in reminders) == sorted([family.portal_email, family.email_only])
    assert all(e["status"] == "sent" and e["attempts"] == 1 for e in reminders)


async def test_running_twice_sends_nothing_new_and_counts_skipped(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    groups = await overdue_groups(family.child["id"])
    first = await run_reminders(client, admin.headers)
    second = await run_reminders(client, admin.headers)

    # Issue 15: doses due now (recommended before today, not yet past due) are reminded once too.
    entries = await ForecastEntry.find(
        {"patient_id": PydanticObjectId(family.child["id"])}
    ).to_list()
    today = clinic_today()
    due_now = [
        e
        for e in entries
        if e.recommended_date is not None
        and e.recommended_date <= today
        and (e.past_due_date is None or e.past_due_date > today)
        and (e.latest_date is None or e.latest_date >= today)
    ]
    assert first["skipped"] == 0 and first["sent"] == 2
    assert second == {"created": 0, "sent": 0, "failed": 0, "skipped": len(groups) + len(due_now)}
    assert len(mailbox.messages) == 2
    assert (await read_inbox(client, family.portal.headers))["total"] == 1


async def test_two_concurrent_runs_send_one_email_per_guardian(
    client: AsyncClient, mailbox: Mailbox, family: Family
) -> None:
    now = utc_now()
    results = await asyncio.gather(run_due_reminders(now), run_due_reminders(now))

    assert sum(r.sent for r in results) == 2
    assert len(mailbox.to(family.portal_email)) == 1
    assert len(mailbox.to(family.email_only)) == 1
    assert (await read_inbox(client, family.portal.headers))["total"] == 1


async def test_guardian_who_turned_email_off_gets_the_inbox_item_only(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    off = {"email_dose_reminders": False, "email_milestone_reminders": True}
    response = await client.put(
        f"{NOTIFICATIONS}/preferences", json=off, headers=family.portal.headers
    )
    assert response.status_code == 200, response.text

    await run_reminders(client, admin.headers)

    assert mailbox.to(family.portal_email) == []
    assert len(mailbox.to(family.email_only)) == 1
    assert (await read_inbox(client, family.portal.headers))["total"] == 1


async def test_one_click_unsubscribe_stops_the_next_reminder(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn
) -> None:
    family = await family_of(client, mailbox, admin, age_days=JUST_OVERDUE_AGE_DAYS)
    assert await overdue_groups(family.child["id"]) == ["HepB"]
    await run_reminders(client, admin.headers)
    token = unsubscribe_token_in(mailbox.to(family.email_only)[0].text)

    response = await client.post(f"{NOTIFICATIONS}/unsubscribe", json={"token": token})
    assert response.status_code == 200, response.text
    mailbox.clear()

    # Two weeks later the overdue reminder repeats: by email only to the portal guardian.
    repeat = await run_reminders(client, admin.headers, clinic_today() + timedelta(days=14))
    assert repeat["created"] > 0
    assert mailbox.to(family.email_only) == []
    assert len(mailbox.to(family.portal_email)) == 1
    assert (await read_inbox(client, family.portal.headers))["total"] == 2


async def test_unsubscribe_link_of_another_address_is_its_own(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)
    token = unsubscribe_token_in(mailbox.to(family.portal_email)[0].text)
    await client.post(f"{NOTIFICATIONS}/unsubscribe", json={"token": token})

    prefs = await client.get(f"{NOTIFICATIONS}/preferences", headers=family.portal.headers)
    assert prefs.json() == {"email_dose_reminders": False, "email_milestone_reminders": False}


async def test_forged_or_garbage_unsubscribe_tokens_are_refused(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)
    genuine = unsubscribe_token_in(mailbox.to(family.email_only)[0].text)
    encoded, _, signature = genuine.partition(".")
    other_encoded = unsubscribe_token_in(mailbox.to(family.portal_email)[0].text).split(".")[0]
    forged = [
        "garbage",
        f"{encoded}.",
        f"{encoded}.{signature[:-1]}A" if signature[-1] != "A" else f"{encoded}.{signature[:-1]}B",
        f"{other_encoded}.{signature}",  # someone else's address with this signature
        f"{encoded}.{signature}é",  # non-ASCII once answered 500
        "é.é",
        "....",
    ]
    for token in forged:
        response = await client.post(f"{NOTIFICATIONS}/unsubscribe", json={"token": token})
        assert_error(response, 400, "invalid_token")
    assert_error(await client.post(f"{NOTIFICATIONS}/unsubscribe", json={"token": ""}), 422)
    assert_error(await client.post(f"{NOTIFICATIONS}/unsubscribe", json={}), 422)
