"""Tenancy and roles on every immunization endpoint; malformed ids answer 404."""

from dataclasses import dataclass

import pytest

from tests.factories import (
    PATIENTS,
    PortalParent,
    SignedIn,
    add_dose,
    assert_error,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    immunizations_path,
    invite_parent,
    set_schedule,
)

MISSING_ID = "0123456789abcdef01234567"
MALFORMED_IDS = ["not-an-id", "123", "0123456789abcdef012345678", "zzzzzzzzzzzzzzzzzzzzzzzz"]
DTAP = "DTaP/Tdap/Td"

# (method, path under /patients/{patient_id}, body, kind); {record_id} is filled in.
ENDPOINTS = [
    ("GET", "/immunizations", None, "read"),
    ("GET", "/immunizations/{record_id}", None, "read"),
    ("GET", "/forecast", None, "read"),
    (
        "POST",
        "/immunizations",
        {"cvx": "10", "date_administered": "-", "source": "reported"},
        "write",
    ),
    ("PATCH", "/immunizations/{record_id}", {"lot_number": "HACKED"}, "write"),
    ("POST", "/immunizations/{record_id}/entered-in-error", {"reason": "x"}, "write"),
    (
        "POST",
        "/immunizations/not-done",
        {"vaccine_group": DTAP, "date": "-", "reason": "other"},
        "write",
    ),
]
IDS = [f"{m} {p}" for m, p, _, _ in ENDPOINTS]


@dataclass
class World:
    staff_a: SignedIn
    staff_b: SignedIn
    a1: dict
    a2: dict
    b1: dict
    record_a1: dict
    record_a2: dict
    record_b1: dict
    parent_a1: PortalParent
    parent_b1: PortalParent


@pytest.fixture
async def world(client, mailbox) -> World:
    admin_a = await create_clinic_admin(client, clinic_name="Clinic A")
    admin_b = await create_clinic_admin(client, clinic_name="Clinic B")
    for admin in (admin_a, admin_b):
        await set_schedule(client, admin.headers, "cdc-acip")
    staff_a = await create_staff(client, mailbox, admin_a)
    staff_b = await create_staff(client, mailbox, admin_b)
    birth = days_ago(200)
    a1 = await create_patient(client, staff_a.headers, date_of_birth=birth)
    a2 = await create_patient(client, staff_a.headers, date_of_birth=birth)
    b1 = await create_patient(client, staff_b.headers, date_of_birth=birth)
    return World(
        staff_a=staff_a,
        staff_b=staff_b,
        a1=a1,
        a2=a2,
        b1=b1,
        record_a1=await add_dose(client, staff_a.headers, a1["id"], "20", days_ago(139)),
        record_a2=await add_dose(client, staff_a.headers, a2["id"], "20", days_ago(139)),
        record_b1=await add_dose(client, staff_b.headers, b1["id"], "20", days_ago(139)),
        parent_a1=await invite_parent(client, mailbox, staff_a.headers, a1["id"]),
        parent_b1=await invite_parent(client, mailbox, staff_b.headers, b1["id"]),
    )


async def call(client, headers, endpoint, patient_id: str, record_id: str):
    method, path, body, _ = endpoint
    url = f"{PATIENTS}/{patient_id}{path.format(record_id=record_id)}"
    if body is not None:
        body = {k: days_ago(10) if v == "-" else v for k, v in body.items()}
    return await client.request(method, url, json=body, headers=headers)


async def assert_unchanged(client, world: World) -> None:
    for child, record, staff in (
        (world.a1, world.record_a1, world.staff_a),
        (world.a2, world.record_a2, world.staff_a),
        (world.b1, world.record_b1, world.staff_b),
    ):
        listed = await client.get(immunizations_path(child["id"]), headers=staff.headers)
        assert listed.json() == [record]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
async def test_other_clinics_child_is_404(client, world, endpoint):
    response = await call(
        client, world.staff_b.headers, endpoint, world.a1["id"], world.record_a1["id"]
    )
    assert_error(response, 404)
    await assert_unchanged(client, world)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if "{record_id}" in e[1]], ids=str)
@pytest.mark.parametrize("foreign", ["other_clinic", "other_child", "missing"])
async def test_record_of_another_child_or_clinic_is_404(client, world, endpoint, foreign):
    record_id = {
        "other_clinic": world.record_b1["id"],
        "other_child": world.record_a2["id"],
        "missing": MISSING_ID,
    }[foreign]
    response = await call(client, world.staff_a.headers, endpoint, world.a1["id"], record_id)
    assert_error(response, 404, "immunization_not_found")
    await assert_unchanged(client, world)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
async def test_parent_reads_own_child_and_may_not_write(client, world, endpoint):
    response = await call(
        client, world.parent_a1.headers, endpoint, world.a1["id"], world.record_a1["id"]
    )
    if endpoint[3] == "read":
        assert response.status_code == 200, response.text
    else:
        assert_error(response, 403)
    await assert_unchanged(client, world)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
async def test_other_parents_child_is_hidden(client, world, endpoint):
    response = await call(
        client, world.parent_b1.headers, endpoint, world.a1["id"], world.record_a1["id"]
    )
    # Reads do not reveal the child (404); writes are refused to every parent (403) first.
    assert_error(response, 404 if endpoint[3] == "read" else 403)
    await assert_unchanged(client, world)


async def test_parent_sees_the_same_records_and_forecast_as_staff(client, world):
    for path in (immunizations_path(world.a1["id"]), f"{PATIENTS}/{world.a1['id']}/forecast"):
        as_parent = await client.get(path, headers=world.parent_a1.headers)
        as_staff = await client.get(path, headers=world.staff_a.headers)
        assert as_parent.status_code == 200
        assert as_parent.json() == as_staff.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
@pytest.mark.parametrize("bad_id", [*MALFORMED_IDS, MISSING_ID])
async def test_malformed_or_missing_patient_id_is_404(client, world, endpoint, bad_id):
    response = await call(client, world.staff_a.headers, endpoint, bad_id, world.record_a1["id"])
    assert_error(response, 404)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if "{record_id}" in e[1]], ids=str)
@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
async def test_malformed_record_id_is_404(client, world, endpoint, bad_id):
    response = await call(client, world.staff_a.headers, endpoint, world.a1["id"], bad_id)
    assert_error(response, 404, "immunization_not_found")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
async def test_anonymous_is_401(client, world, endpoint):
    response = await call(client, {}, endpoint, world.a1["id"], world.record_a1["id"])
    assert_error(response, 401)


async def test_due_list_is_for_clinic_staff_and_scoped_to_their_clinic(client, world):
    path = "/api/v1/immunizations/due-list?vaccine_group=DTaP/Tdap/Td&size=100"
    for parent in (world.parent_a1, world.parent_b1):
        assert_error(await client.get(path, headers=parent.headers), 403)
        assert_error(await client.get(f"{path}&format=csv", headers=parent.headers), 403)
    assert_error(await client.get(path), 401)
    for staff, own in (
        (world.staff_a, {world.a1["id"], world.a2["id"]}),
        (world.staff_b, {world.b1["id"]}),
    ):
        response = await client.get(path, headers=staff.headers)
        assert response.status_code == 200, response.text
        assert {row["child"]["id"] for row in response.json()["items"]} == own
