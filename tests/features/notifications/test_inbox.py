"""The inbox (newest first, unread filter, read, read-all) and email preferences."""

from datetime import timedelta

from beanie import PydanticObjectId
from httpx import AsyncClient

from app.features.notifications.models import Notification
from app.shared.time import utc_now
from tests.factories import (
    NOTIFICATIONS,
    SignedIn,
    assert_error,
    create_parent,
    read_inbox,
    run_reminders,
)
from tests.features.notifications.conftest import Family

PREFERENCES = f"{NOTIFICATIONS}/preferences"


async def fill_inbox(user: SignedIn, count: int) -> list[str]:
    """`count` notifications, one minute apart; their ids, oldest first."""
    start = utc_now() - timedelta(hours=1)
    ids = []
    for n in range(count):
        item = Notification(
            user_id=PydanticObjectId(user.user_id),
            kind="dose_upcoming",
            title=f"Reminder {n}",
            body=f"Body {n}",
            created_at=start + timedelta(minutes=n),
        )
        await item.insert()
        ids.append(str(item.id))
    return ids


async def test_inbox_is_newest_first_and_paginated(client: AsyncClient) -> None:
    parent = await create_parent(client)
    ids = await fill_inbox(parent, 5)

    first = await read_inbox(client, parent.headers, size=2)
    second = await read_inbox(client, parent.headers, size=2, page=2)

    assert first["total"] == 5 and (first["page"], first["size"]) == (1, 2)
    assert [i["id"] for i in first["items"] + second["items"]] == ids[::-1][:4]
    assert first["items"][0]["title"] == "Reminder 4"


async def test_read_one_then_unread_filter_then_read_all(client: AsyncClient) -> None:
    parent = await create_parent(client)
    ids = await fill_inbox(parent, 3)

    response = await client.post(f"{NOTIFICATIONS}/{ids[1]}/read", headers=parent.headers)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == ids[1] and response.json()["read_at"] is not None
    read_at = response.json()["read_at"]
    again = await client.post(f"{NOTIFICATIONS}/{ids[1]}/read", headers=parent.headers)
    assert again.json()["read_at"] == read_at  # reading twice keeps the first time

    unread = await read_inbox(client, parent.headers, unread="true")
    assert [i["id"] for i in unread["items"]] == [ids[2], ids[0]] and unread["total"] == 2

    response = await client.post(f"{NOTIFICATIONS}/read-all", headers=parent.headers)
    assert response.status_code == 200, response.text
    assert (await read_inbox(client, parent.headers, unread="true"))["total"] == 0
    assert (await read_inbox(client, parent.headers))["total"] == 3


async def test_another_users_or_a_malformed_id_is_not_found(client: AsyncClient) -> None:
    owner = await create_parent(client)
    other = await create_parent(client)
    (owned,) = await fill_inbox(owner, 1)

    for path in (owned, str(PydanticObjectId()), "not-an-id", "1234"):
        response = await client.post(f"{NOTIFICATIONS}/{path}/read", headers=other.headers)
        assert_error(response, 404)
    await client.post(f"{NOTIFICATIONS}/read-all", headers=other.headers)

    inbox = await read_inbox(client, owner.headers)
    assert inbox["items"][0]["read_at"] is None  # untouched by the other user
    assert (await read_inbox(client, other.headers))["total"] == 0


async def test_inbox_needs_sign_in(client: AsyncClient) -> None:
    assert_error(await client.get(NOTIFICATIONS), 401)
    assert_error(await client.post(f"{NOTIFICATIONS}/read-all"), 401)
    assert_error(await client.get(PREFERENCES), 401)


async def test_preferences_default_to_everything_and_round_trip(client: AsyncClient) -> None:
    parent = await create_parent(client)

    response = await client.get(PREFERENCES, headers=parent.headers)
    assert response.json() == {"email_dose_reminders": True, "email_milestone_reminders": True}

    new = {"email_dose_reminders": False, "email_milestone_reminders": True}
    response = await client.put(PREFERENCES, json=new, headers=parent.headers)
    assert response.status_code == 200 and response.json() == new
    assert (await client.get(PREFERENCES, headers=parent.headers)).json() == new

    other = await create_parent(client)
    defaults = (await client.get(PREFERENCES, headers=other.headers)).json()
    assert defaults == {"email_dose_reminders": True, "email_milestone_reminders": True}


async def test_preferences_refuse_unknown_or_missing_fields(client: AsyncClient) -> None:
    parent = await create_parent(client)
    body = {"email_dose_reminders": False, "email_milestone_reminders": False}

    for bad in (
        {**body, "email": "someone-else@example.org"},
        {**body, "user_id": parent.user_id},
        {"email_dose_reminders": False},
        {**body, "email_dose_reminders": "sometimes"},
        {**body, "email_milestone_reminders": 0},  # once coerced to false
        {**body, "email_dose_reminders": "true"},
    ):
        assert_error(await client.put(PREFERENCES, json=bad, headers=parent.headers), 422)
    response = await client.get(PREFERENCES, headers=parent.headers)
    assert response.json() == {"email_dose_reminders": True, "email_milestone_reminders": True}


async def test_portal_parent_reads_the_reminder_in_the_inbox(
    client: AsyncClient, admin: SignedIn, family: Family
) -> None:
    await run_reminders(client, admin.headers)
    (item,) = (await read_inbox(client, family.portal.headers))["items"]

    response = await client.post(
        f"{NOTIFICATIONS}/{item['id']}/read", headers=family.portal.headers
    )
    assert response.status_code == 200, response.text
    # The clinic's admin cannot touch a parent's notification.
    response = await client.post(f"{NOTIFICATIONS}/{item['id']}/read", headers=admin.headers)
    assert_error(response, 404, "notification_not_found")
