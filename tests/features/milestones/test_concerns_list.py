"""The clinic's concerns list: who is in it, urgency order, pagination, roles."""

import pytest
from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_parent,
    observe_milestone,
)
from tests.features.milestones.conftest import CODES_AT_2_MONTHS, CONCERNS, after, child, months_ago

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


async def test_children_with_concerns_most_urgent_first_and_paginated(
    client: AsyncClient, admin: SignedIn, staff: SignedIn
) -> None:
    put = observe_milestone
    lost = await child(client, staff, "Lost", born := months_ago(14))
    await put(client, staff.headers, lost, "m9-lc-1", status="achieved", observed_on=after(born, 9))
    await put(client, staff.headers, lost, "m9-lc-1", status="not_yet", observed_on=after(born, 11))
    await child(client, staff, "Window", months_ago(11))
    not_yet = await child(client, staff, "Notyet", born := months_ago(7))
    await put(
        client, staff.headers, not_yet, "m2-se-1", status="not_yet", observed_on=after(born, 2)
    )
    await child(client, staff, "Unseen", months_ago(5))
    await child(client, staff, "Unseenolder", months_ago(6))
    await child(client, staff, "Newborn", months_ago(1))
    await child(client, staff, "Schoolchild", months_ago(7 * 12))
    archived = await child(client, staff, "Archived", months_ago(20))
    response = await client.post(
        f"/api/v1/patients/{archived}/archive", json={"reason": "moved"}, headers=staff.headers
    )
    assert response.status_code == 200, response.text
    other = await create_clinic_admin(client, clinic_name="Elsewhere")
    await child(client, other, "Foreign", months_ago(20))

    response = await client.get(CONCERNS, headers=staff.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["total"], page["page"], page["size"]) == (5, 1, 20)
    names = [row["first_name"] for row in page["items"]]
    assert names == ["Lost", "Window", "Notyet", "Unseenolder", "Unseen"]
    first = page["items"][0]
    assert first["patient_id"] == lost and first["last_name"] == "Lee"
    assert first["date_of_birth"] == months_ago(14).isoformat()
    assert first["concerns"][0] == {
        "kind": "loss_of_skill",
        "code": "m9-lc-1",
        "text": first["concerns"][0]["text"],
        "since": after(months_ago(14), 11),
    }
    assert page["items"][1]["concerns"][0]["kind"] == "who_window_passed"
    assert page["items"][2]["concerns"][0]["code"] == "m2-se-1"
    assert {c["kind"] for c in page["items"][4]["concerns"]} == {"not_observed"}

    second = await client.get(CONCERNS, params={"page": 2, "size": 2}, headers=admin.headers)
    assert second.status_code == 200, second.text
    assert [r["first_name"] for r in second.json()["items"]] == ["Notyet", "Unseenolder"]
    last = await client.get(CONCERNS, params={"page": 3, "size": 2}, headers=admin.headers)
    assert [r["first_name"] for r in last.json()["items"]] == ["Unseen"]
    assert last.json()["total"] == 5


async def test_empty_clinic_has_an_empty_list(client: AsyncClient, admin: SignedIn) -> None:
    response = await client.get(CONCERNS, headers=admin.headers)
    assert response.json() == {"items": [], "total": 0, "page": 1, "size": 20}


async def test_achieved_milestones_clear_a_child_from_the_list(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(5)
    patient_id = await child(client, staff, "Busy", born)
    for code in CODES_AT_2_MONTHS:
        await observe_milestone(
            client, staff.headers, patient_id, code, status="achieved", observed_on=after(born, 2)
        )
    page = (await client.get(CONCERNS, headers=staff.headers)).json()
    assert page["total"] == 0


async def test_parents_may_not_list_concerns(client: AsyncClient, admin: SignedIn) -> None:
    parent = await create_parent(client)
    assert_error(await client.get(CONCERNS, headers=parent.headers), 403, "forbidden")
    assert_error(await client.get(CONCERNS), 401)


async def test_page_size_is_bounded(client: AsyncClient, admin: SignedIn) -> None:
    response = await client.get(CONCERNS, params={"size": 101}, headers=admin.headers)
    assert_error(response, 422, "validation_error")
