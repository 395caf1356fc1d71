"""Tenancy and parent scope: another clinic's or another parent's child answers 404 everywhere.

Clinic A has A1 (parent P1) and A2; clinic B has B1 (parent P2).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    PortalParent,
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_patient,
    invite_parent,
    milestones_path,
    read_milestones,
)
from tests.features.milestones.conftest import months_ago, today
from tests.mail import Mailbox


def achieved_today() -> dict[str, str]:
    """An observation body dated on the (pinned) clinic today."""
    return {"status": "achieved", "observed_on": today().isoformat()}


# (method, path under /patients/{id}/milestones, body)
ENDPOINTS = [
    ("GET", "", None),
    ("PUT", "/m2-se-1", achieved_today),
    ("GET", "/m2-se-1/history", None),
]
ENDPOINT_IDS = [f"{m} {p or '/'}" for m, p, _ in ENDPOINTS]


@dataclass
class World:
    admin_a: SignedIn
    admin_b: SignedIn
    a1: str
    a2: str
    b1: str
    p1: PortalParent
    p2: PortalParent


@pytest.fixture
async def world(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> World:
    admin_b = await create_clinic_admin(client, clinic_name="Other Clinic")
    born = months_ago(5).isoformat()
    a1 = (await create_patient(client, admin.headers, date_of_birth=born))["id"]
    a2 = (await create_patient(client, admin.headers, date_of_birth=born))["id"]
    b1 = (await create_patient(client, admin_b.headers, date_of_birth=born))["id"]
    p1 = await invite_parent(client, mailbox, admin.headers, a1)
    p2 = await invite_parent(client, mailbox, admin_b.headers, b1)
    return World(admin, admin_b, a1, a2, b1, p1, p2)


async def call(
    client: AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]
) -> Any:
    json = body() if callable(body) else body
    return await client.request(method, path, json=json, headers=headers)


@pytest.mark.parametrize(("method", "suffix", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_other_clinics_child_is_404(
    client: AsyncClient, world: World, method: str, suffix: str, body: Any
) -> None:
    path = milestones_path(world.a1) + suffix
    response = await call(client, method, path, body, world.admin_b.headers)
    assert_error(response, 404, "patient_not_found")


@pytest.mark.parametrize(("method", "suffix", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_another_parents_child_is_404(
    client: AsyncClient, world: World, method: str, suffix: str, body: Any
) -> None:
    for parent, child_id in ((world.p2, world.a1), (world.p1, world.a2), (world.p1, world.b1)):
        path = milestones_path(child_id) + suffix
        response = await call(client, method, path, body, parent.headers)
        assert_error(response, 404, "patient_not_found")


@pytest.mark.parametrize(("method", "suffix", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("patient_id", ["not-an-id", "0123456789abcdef01234567"])
async def test_malformed_or_missing_child_is_404(
    client: AsyncClient, world: World, method: str, suffix: str, body: Any, patient_id: str
) -> None:
    path = milestones_path(patient_id) + suffix
    response = await call(client, method, path, body, world.admin_a.headers)
    assert_error(response, 404, "patient_not_found")


@pytest.mark.parametrize(("method", "suffix", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_signed_out_is_401(
    client: AsyncClient, world: World, method: str, suffix: str, body: Any
) -> None:
    response = await call(client, method, milestones_path(world.a1) + suffix, body, {})
    assert_error(response, 401)


async def test_parent_reads_and_records_their_own_childs_milestones(
    client: AsyncClient, world: World
) -> None:
    headers = world.p1.headers
    response = await client.put(
        milestones_path(world.a1, "m2-se-1"), json=achieved_today(), headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["recorded"]["source"] == "parent"
    assert response.json()["recorded"]["recorded_by"] == world.p1.account.user_id

    staff_write = await client.put(
        milestones_path(world.a1, "m2-se-2"), json=achieved_today(), headers=world.admin_a.headers
    )
    assert staff_write.json()["recorded"]["source"] == "clinic"

    body = await read_milestones(client, headers, world.a1)
    items = {i["code"]: i for c in body["checklists"] for i in c["items"]}
    assert items["m2-se-1"]["observation"]["source"] == "parent"
    assert items["m2-se-2"]["observation"]["source"] == "clinic"
    history = await client.get(milestones_path(world.a1, "m2-se-1") + "/history", headers=headers)
    assert history.status_code == 200
    assert [o["source"] for o in history.json()["items"]] == ["parent"]


async def test_other_clinics_children_are_not_in_the_concerns_list(
    client: AsyncClient, world: World
) -> None:
    page = (await client.get("/api/v1/milestones/concerns", headers=world.admin_b.headers)).json()
    assert [row["patient_id"] for row in page["items"]] == [world.b1]
    page = (await client.get("/api/v1/milestones/concerns", headers=world.admin_a.headers)).json()
    assert {row["patient_id"] for row in page["items"]} == {world.a1, world.a2}
