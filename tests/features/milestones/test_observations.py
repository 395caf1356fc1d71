"""Recording observations: dates, codes, archived children, malformed bodies, audit."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    assert_error,
    create_patient,
    milestones_path,
    observe_milestone,
    read_milestones,
)
from tests.features.milestones.conftest import after, months_ago, today

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


@pytest.mark.parametrize(("offset_days", "field"), [(-1, "before birth"), (None, "in the future")])
async def test_observation_dates_outside_the_childs_life_are_422(
    client: AsyncClient, staff: SignedIn, offset_days: int | None, field: str
) -> None:
    born = months_ago(3)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    observed_on = after(born, 0, offset_days) if offset_days is not None else after(today(), 0, 1)
    response = await client.put(
        milestones_path(child["id"], "m2-se-1"),
        json={"status": "achieved", "observed_on": observed_on},
        headers=staff.headers,
    )
    assert_error(response, 422, "validation_error")
    history = await client.get(
        milestones_path(child["id"], "m2-se-1") + "/history", headers=staff.headers
    )
    assert history.json()["total"] == 0


async def test_observation_on_birth_day_and_today_are_accepted(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(3)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    for on in (born.isoformat(), today().isoformat()):
        await observe_milestone(
            client, staff.headers, child["id"], "m2-se-1", status="achieved", observed_on=on
        )


async def test_as_of_before_birth_is_422(client: AsyncClient, staff: SignedIn) -> None:
    born = months_ago(3)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    response = await client.get(
        milestones_path(child["id"]), params={"as_of": after(born, 0, -1)}, headers=staff.headers
    )
    assert_error(response, 422)


@pytest.mark.parametrize(
    "body",
    [
        {"status": "maybe", "observed_on": "2024-01-01"},
        {"status": "achieved"},
        {"status": "achieved", "observed_on": "01/02/2024"},
        {"status": "achieved", "observed_on": "2024-01-01", "source": "clinic"},
    ],
)
async def test_malformed_observations_are_422(
    client: AsyncClient, staff: SignedIn, body: dict[str, Any]
) -> None:
    child = await create_patient(client, staff.headers, date_of_birth=months_ago(3).isoformat())
    response = await client.put(
        milestones_path(child["id"], "m2-se-1"), json=body, headers=staff.headers
    )
    assert_error(response, 422, "validation_error")


async def test_unknown_code_is_404(client: AsyncClient, staff: SignedIn) -> None:
    child = await create_patient(client, staff.headers, date_of_birth=months_ago(3).isoformat())
    body = {"status": "achieved", "observed_on": today().isoformat()}
    response = await client.put(
        milestones_path(child["id"], "m7-se-1"), json=body, headers=staff.headers
    )
    assert_error(response, 404, "milestone_not_found")
    history = await client.get(
        milestones_path(child["id"], "m7-se-1") + "/history", headers=staff.headers
    )
    assert_error(history, 404, "milestone_not_found")


async def test_archived_child_takes_no_observation_but_stays_readable(
    client: AsyncClient, staff: SignedIn
) -> None:
    child = await create_patient(client, staff.headers, date_of_birth=months_ago(3).isoformat())
    archived = await client.post(
        f"/api/v1/patients/{child['id']}/archive", json={"reason": "moved"}, headers=staff.headers
    )
    assert archived.status_code == 200, archived.text
    body = {"status": "achieved", "observed_on": today().isoformat()}
    response = await client.put(
        milestones_path(child["id"], "m2-se-1"), json=body, headers=staff.headers
    )
    assert_error(response, 409, "patient_archived")
    await read_milestones(client, staff.headers, child["id"])


async def test_reads_and_writes_are_audited_on_the_childs_record(
    client: AsyncClient, admin: SignedIn, staff: SignedIn
) -> None:
    child = await create_patient(client, staff.headers, date_of_birth=months_ago(3).isoformat())
    await observe_milestone(
        client,
        staff.headers,
        child["id"],
        "m2-se-1",
        status="achieved",
        observed_on=today().isoformat(),
    )
    await read_milestones(client, staff.headers, child["id"])
    await client.get(milestones_path(child["id"], "m2-se-1") + "/history", headers=staff.headers)
    events = await client.get(f"/api/v1/patients/{child['id']}/audit-events", headers=admin.headers)
    by_action = {e["action"]: e for e in events.json()["items"]}
    assert {"milestone.observe", "milestones.read", "milestone.history.read"} <= set(by_action)
    observe = by_action["milestone.observe"]
    assert observe["actor_id"] == staff.user_id and observe["fields"] == ["m2-se-1"]
