"""A "not done" entry is refused when an identical one stands, as a duplicate dose is.

Identical means the same child, vaccine group, day and reason. Before this fix every repeat
of the same request added one more not-done record.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    immunizations_path,
    set_schedule,
)
from tests.mail import Mailbox

DTAP = "DTaP/Tdap/Td"


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox) -> SignedIn:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    return await create_staff(client, mailbox, admin)


@pytest.fixture
async def child(client: AsyncClient, staff: SignedIn) -> dict[str, Any]:
    return await create_patient(client, staff.headers, date_of_birth=days_ago(200))


def not_done(**overrides: str) -> dict[str, str]:
    """A not-done body: DTaP refused today, unless overridden."""
    return {"vaccine_group": DTAP, "date": days_ago(0), "reason": "refusal", **overrides}


async def post_not_done(
    client: AsyncClient, staff: SignedIn, child_id: str, body: dict[str, str]
) -> Any:
    return await client.post(
        f"{immunizations_path(child_id)}/not-done", json=body, headers=staff.headers
    )


async def not_done_ids(client: AsyncClient, staff: SignedIn, child_id: str) -> list[str]:
    listed = await client.get(immunizations_path(child_id), headers=staff.headers)
    assert listed.status_code == 200, listed.text
    return [r["id"] for r in listed.json() if r["status"] == "not_done"]


async def test_an_identical_second_entry_is_refused(client, staff, child):
    first = await post_not_done(client, staff, child["id"], not_done())
    assert first.status_code == 201, first.text
    # Notes do not make an entry different: it is the same decision recorded twice.
    again = await post_not_done(client, staff, child["id"], {**not_done(), "notes": "again"})
    error = assert_error(again, 409, "duplicate_not_done")
    assert error["details"]["existing_id"] == first.json()["id"]
    assert await not_done_ids(client, staff, child["id"]) == [first.json()["id"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [("reason", "contraindication"), ("date", "yesterday"), ("vaccine_group", "Polio")],
)
async def test_an_entry_that_differs_in_reason_day_or_group_is_recorded(
    client, staff, child, field, value
):
    first = await post_not_done(client, staff, child["id"], not_done())
    assert first.status_code == 201, first.text
    # Dates are built inside the test, on the pinned clock, not when tests are collected.
    changed = {field: days_ago(1) if value == "yesterday" else value}
    other = await post_not_done(client, staff, child["id"], not_done(**changed))
    assert other.status_code == 201, other.text
    assert len(await not_done_ids(client, staff, child["id"])) == 2


async def test_the_same_entry_for_another_child_is_recorded(client, staff, child):
    sibling = await create_patient(client, staff.headers, date_of_birth=days_ago(200))
    for child_id in (child["id"], sibling["id"]):
        response = await post_not_done(client, staff, child_id, not_done())
        assert response.status_code == 201, response.text


async def test_a_not_done_entry_cannot_be_withdrawn_so_its_twin_stays_refused(client, staff, child):
    """Doses marked entered in error stop blocking a re-entry; not-done entries cannot be so
    marked (only completed doses can), so an identical entry stays refused."""
    first = (await post_not_done(client, staff, child["id"], not_done())).json()
    withdraw = await client.post(
        f"{immunizations_path(child['id'], first['id'])}/entered-in-error",
        json={"reason": "typo"},
        headers=staff.headers,
    )
    assert_error(withdraw, 409, "record_not_correctable")
    assert_error(await post_not_done(client, staff, child["id"], not_done()), 409)
