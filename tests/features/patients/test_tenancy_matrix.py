"""Tenancy: no child is visible across clinics or to another parent; roles are enforced.

Clinic A has A1 (parent P1) and A2; clinic B has B1 (parent P2) and B2; parent P3 is a
guardian of A2 and of B2, so one parent has children at both clinics.
"""

from dataclasses import dataclass

import pytest

from tests.factories import (
    PATIENTS,
    PortalParent,
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_patient,
    create_staff,
    invite_parent,
    link_parent,
)

MISSING_ID = "0123456789abcdef01234567"
MALFORMED_IDS = [
    "not-an-id",
    "123",
    "0123456789abcdef012345678",
    "zzzzzzzzzzzzzzzzzzzzzzzz",
    "null",
]

# (method, path under /patients/{id}, body, who may call it)
ENDPOINTS = [
    ("GET", "", None, "read"),
    ("GET", "/guardians", None, "read"),
    ("PATCH", "", {"notes": "changed"}, "write"),
    ("POST", "/archive", {"reason": "test"}, "write"),
    ("POST", "/restore", None, "write"),
    ("POST", "/guardians", {"name": "Eve", "relationship": "other"}, "write"),
    ("PATCH", "/guardians/{guardian_id}", {"name": "Eve"}, "write"),
    ("DELETE", "/guardians/{guardian_id}", None, "write"),
    ("GET", "/audit-events", None, "admin"),
]
ENDPOINT_IDS = [f"{m} {p or '/'}" for m, p, _, _ in ENDPOINTS]


@dataclass
class World:
    admin_a: SignedIn
    staff_a: SignedIn
    admin_b: SignedIn
    staff_b: SignedIn
    a1: dict
    a2: dict
    b1: dict
    b2: dict
    p1: PortalParent
    p2: PortalParent
    p3_a2: PortalParent
    p3_b2: PortalParent


@pytest.fixture
async def world(client, mailbox) -> World:
    admin_a = await create_clinic_admin(client, clinic_name="Clinic A")
    admin_b = await create_clinic_admin(client, clinic_name="Clinic B")
    staff_a = await create_staff(client, mailbox, admin_a)
    staff_b = await create_staff(client, mailbox, admin_b)
    a1 = await create_patient(
        client, staff_a.headers, first_name="Alpha", last_name="One", medical_record_number="M-1"
    )
    a2 = await create_patient(client, staff_a.headers, first_name="Alpha", last_name="Two")
    b1 = await create_patient(
        client, staff_b.headers, first_name="Beta", last_name="One", medical_record_number="M-1"
    )
    b2 = await create_patient(client, staff_b.headers, first_name="Beta", last_name="Two")
    p1 = await invite_parent(client, mailbox, staff_a.headers, a1["id"])
    p2 = await invite_parent(client, mailbox, staff_b.headers, b1["id"])
    p3_a2 = await invite_parent(client, mailbox, staff_a.headers, a2["id"])
    p3_b2 = await link_parent(client, staff_b.headers, b2["id"], p3_a2)
    return World(admin_a, staff_a, admin_b, staff_b, a1, a2, b1, b2, p1, p2, p3_a2, p3_b2)


async def call(client, method, patient_id, path, body, headers, guardian_id=MISSING_ID):
    url = f"{PATIENTS}/{patient_id}{path.format(guardian_id=guardian_id)}"
    return await client.request(method, url, json=body, headers=headers)


async def snapshot(client, world: World) -> dict[str, dict]:
    """Every child as its own clinic's admin sees it (the reads are audited, not changed)."""
    result = {}
    owners = [(world.a1, world.admin_a), (world.a2, world.admin_a)]
    owners += [(world.b1, world.admin_b), (world.b2, world.admin_b)]
    for child, admin in owners:
        response = await client.get(f"{PATIENTS}/{child['id']}", headers=admin.headers)
        result[child["id"]] = {"etag": response.headers["ETag"], **response.json()}
    return result


@pytest.mark.parametrize(("method", "path", "body", "kind"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_clinic_users_get_404_for_other_clinics_children(
    client, world, method, path, body, kind
):
    before = await snapshot(client, world)
    callers = [world.admin_a] if kind == "admin" else [world.admin_a, world.staff_a]
    for caller in callers:
        missing = await call(client, method, MISSING_ID, path, body, caller.headers)
        expected = assert_error(missing, 404, "patient_not_found")
        for child, guardian in ((world.b1, world.p2), (world.b2, world.p3_b2)):
            response = await call(
                client, method, child["id"], path, body, caller.headers, guardian.guardian_id
            )
            assert assert_error(response, 404) == expected
        for malformed in MALFORMED_IDS:
            response = await call(client, method, malformed, path, body, caller.headers)
            assert assert_error(response, 404) == expected
    # And the other way round: clinic B's admin cannot reach clinic A's children.
    response = await call(
        client, method, world.a1["id"], path, body, world.admin_b.headers, world.p1.guardian_id
    )
    assert assert_error(response, 404) == expected
    assert await snapshot(client, world) == before


@pytest.mark.parametrize(
    ("method", "path", "body", "kind"),
    [e for e in ENDPOINTS if e[3] == "read"],
    ids=[i for i, e in zip(ENDPOINT_IDS, ENDPOINTS, strict=True) if e[3] == "read"],
)
async def test_parents_read_only_their_own_children(client, world, method, path, body, kind):
    own = await call(client, method, world.a1["id"], path, body, world.p1.headers)
    assert own.status_code == 200, own.text
    expected = assert_error(
        await call(client, method, MISSING_ID, path, body, world.p1.headers), 404
    )
    assert expected["code"] == "patient_not_found"
    # B1: another clinic's child; A2: a child of P1's own clinic but of another parent.
    for other in (world.b1, world.a2, world.b2):
        response = await call(client, method, other["id"], path, body, world.p1.headers)
        assert assert_error(response, 404) == expected
    for malformed in MALFORMED_IDS:
        response = await call(client, method, malformed, path, body, world.p1.headers)
        assert assert_error(response, 404) == expected
    for parent, child in ((world.p2, world.a1), (world.p2, world.b2), (world.p3_a2, world.b1)):
        response = await call(client, method, child["id"], path, body, parent.headers)
        assert assert_error(response, 404) == expected
    for child in (world.a2, world.b2):
        response = await call(client, method, child["id"], path, body, world.p3_a2.headers)
        assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("method", "path", "body", "kind"),
    [e for e in ENDPOINTS if e[3] != "read"],
    ids=[i for i, e in zip(ENDPOINT_IDS, ENDPOINTS, strict=True) if e[3] != "read"],
)
async def test_parents_are_forbidden_every_write_and_the_audit_trail(
    client, world, method, path, body, kind
):
    before = await snapshot(client, world)
    for parent, child in (
        (world.p1, world.a1),
        (world.p3_a2, world.a2),
        (world.p3_b2, world.b2),
        (world.p1, world.b1),
    ):
        response = await call(
            client, method, child["id"], path, body, parent.headers, parent.guardian_id
        )
        assert_error(response, 403, "forbidden")
    assert_error(await call(client, method, MISSING_ID, path, body, world.p1.headers), 403)
    created = await client.post(
        PATIENTS,
        json={"first_name": "P", "last_name": "Q", "date_of_birth": "2022-01-01", "sex": "male"},
        headers=world.p1.headers,
    )
    assert_error(created, 403, "forbidden")
    assert await snapshot(client, world) == before


async def test_staff_cannot_read_the_audit_trail(client, world):
    for caller, child in ((world.staff_a, world.a1), (world.staff_b, world.b1)):
        response = await client.get(
            f"{PATIENTS}/{child['id']}/audit-events", headers=caller.headers
        )
        assert_error(response, 403, "forbidden")
    own = await client.get(
        f"{PATIENTS}/{world.a1['id']}/audit-events", headers=world.admin_a.headers
    )
    assert own.status_code == 200


async def listed(client, headers, **params) -> set[str]:
    response = await client.get(PATIENTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return {p["id"] for p in body["items"]}


async def test_lists_never_include_other_clinics_or_other_parents_children(client, world):
    a_ids = {world.a1["id"], world.a2["id"]}
    b_ids = {world.b1["id"], world.b2["id"]}
    for caller in (world.admin_a, world.staff_a):
        assert await listed(client, caller.headers) == a_ids
        assert await listed(client, caller.headers, q="beta") == set()
        assert await listed(client, caller.headers, q="alpha") == a_ids
        assert await listed(client, caller.headers, q="M-1") == {world.a1["id"]}
    for caller in (world.admin_b, world.staff_b):
        assert await listed(client, caller.headers) == b_ids
        assert await listed(client, caller.headers, q="alpha") == set()
    assert await listed(client, world.p1.headers) == {world.a1["id"]}
    assert await listed(client, world.p1.headers, q="alpha") == {world.a1["id"]}
    assert await listed(client, world.p2.headers) == {world.b1["id"]}
    assert await listed(client, world.p2.headers, q="M-1") == {world.b1["id"]}
    assert await listed(client, world.p3_a2.headers, q="M-1") == set()
    assert await listed(client, world.p3_a2.headers) == {world.a2["id"], world.b2["id"]}
    assert await listed(client, world.p3_a2.headers, q="beta") == {world.b2["id"]}

    archived = await client.post(
        f"{PATIENTS}/{world.b1['id']}/archive", json={"reason": "x"}, headers=world.staff_b.headers
    )
    assert archived.status_code == 200
    assert await listed(client, world.staff_a.headers, status="archived") == set()
    assert await listed(client, world.p1.headers, status="archived") == set()
    assert await listed(client, world.p2.headers, status="archived") == {world.b1["id"]}
    assert await listed(client, world.p2.headers) == set()


async def test_guardian_ids_of_another_child_are_not_found(client, world):
    """A guardian belongs to one child: another child's guardian id is unknown here."""
    url = f"{PATIENTS}/{world.a2['id']}/guardians/{world.p1.guardian_id}"
    assert_error(
        await client.patch(url, json={"name": "X"}, headers=world.staff_a.headers),
        404,
        "guardian_not_found",
    )
    assert_error(await client.delete(url, headers=world.staff_a.headers), 404, "guardian_not_found")
    still = await client.get(f"{PATIENTS}/{world.a1['id']}", headers=world.p1.headers)
    assert still.status_code == 200
