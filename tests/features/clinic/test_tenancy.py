"""Two clinics side by side: neither sees nor touches the other; roles hold on every endpoint."""

from dataclasses import dataclass

import pytest

from tests.factories import (
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_staff,
)


@dataclass
class Clinic:
    admin: SignedIn
    staff: SignedIn


@pytest.fixture
async def clinics(client, mailbox) -> tuple[Clinic, Clinic]:
    """Clinic A and clinic B, each signed up on its own, each with a staff member."""
    admin_a = await create_clinic_admin(client, clinic_name="Clinic A")
    admin_b = await create_clinic_admin(client, clinic_name="Clinic B")
    a = Clinic(admin=admin_a, staff=await create_staff(client, mailbox, admin_a))
    b = Clinic(admin=admin_b, staff=await create_staff(client, mailbox, admin_b))
    # Give B some activity of its own to leak.
    await client.patch("/api/v1/clinic", json={"phone": "555 0200"}, headers=admin_b.headers)
    return a, b


async def test_a_reads_its_own_clinic(client, clinics):
    a, b = clinics
    for caller, expected in ((a.admin, a), (a.staff, a), (b.admin, b)):
        response = await client.get("/api/v1/clinic", headers=caller.headers)
        assert response.json()["id"] == expected.admin.clinic_id
    assert a.admin.clinic_id != b.admin.clinic_id


async def test_another_clinics_member_is_as_unknown_as_a_missing_one(client, clinics):
    a, b = clinics
    missing = await client.patch(
        "/api/v1/clinic/staff/65f000000000000000000000",
        json={"is_active": False},
        headers=a.admin.headers,
    )
    for target in (b.staff, b.admin):
        foreign = await client.patch(
            f"/api/v1/clinic/staff/{target.user_id}",
            json={"is_active": False},
            headers=a.admin.headers,
        )
        assert_error(foreign, 404)
        assert foreign.json() == missing.json()
    # Nothing happened to B's people.
    for person in (b.staff, b.admin):
        assert (await client.get("/api/v1/auth/me", headers=person.headers)).status_code == 200


async def test_the_staff_list_holds_only_the_callers_clinic(client, clinics):
    a, _ = clinics
    for caller in (a.admin, a.staff):
        page = (
            await client.get("/api/v1/clinic/staff", params={"size": 100}, headers=caller.headers)
        ).json()
        assert page["total"] == 2
        assert {u["id"] for u in page["items"]} == {a.admin.user_id, a.staff.user_id}
        assert {u["clinic_id"] for u in page["items"]} == {a.admin.clinic_id}


async def test_the_audit_trail_holds_only_the_callers_clinic(client, clinics):
    a, b = clinics
    events = "/api/v1/clinic/audit-events"
    page = (await client.get(events, params={"size": 100}, headers=a.admin.headers)).json()
    assert page["total"] > 0
    assert {e["clinic_id"] for e in page["items"]} == {a.admin.clinic_id}
    assert not {e["actor_id"] for e in page["items"]} & {b.admin.user_id, b.staff.user_id}
    for b_person in (b.admin, b.staff):
        by_b = await client.get(
            events, params={"actor_id": b_person.user_id}, headers=a.admin.headers
        )
        assert by_b.status_code == 200
        assert by_b.json()["total"] == 0 and by_b.json()["items"] == []
    b_updates = await client.get(
        events, params={"action": "clinic.update"}, headers=a.admin.headers
    )
    assert b_updates.json()["total"] == 0
    # B's admin does see B's change.
    own = await client.get(events, params={"action": "clinic.update"}, headers=b.admin.headers)
    assert own.json()["total"] == 1


async def test_a_change_in_one_clinic_leaves_the_other_alone(client, clinics):
    a, b = clinics
    await client.patch("/api/v1/clinic", json={"name": "Renamed A"}, headers=a.admin.headers)
    b_clinic = (await client.get("/api/v1/clinic", headers=b.admin.headers)).json()
    assert b_clinic["name"] == "Clinic B"
    invited = await client.post(
        "/api/v1/clinic/staff/invitations",
        json={"email": b.staff.email, "name": "Poach", "role": "staff"},
        headers=a.admin.headers,
    )
    assert_error(invited, 409, "email_in_use")


ADMIN_ENDPOINTS = [
    ("PATCH", "/api/v1/clinic", {"name": "Mine now"}),
    ("GET", "/api/v1/clinic/audit-events", None),
    (
        "POST",
        "/api/v1/clinic/staff/invitations",
        {"email": "x@example.org", "name": "X", "role": "staff"},
    ),
    ("PATCH", "/api/v1/clinic/staff/{admin_id}", {"is_active": False}),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ENDPOINTS)
async def test_staff_and_parents_are_forbidden_on_every_admin_endpoint(
    client, clinics, method, path, body
):
    a, _ = clinics
    parent = await create_parent(client)
    url = path.format(admin_id=a.admin.user_id)
    for caller in (a.staff, parent):
        response = await client.request(method, url, json=body, headers=caller.headers)
        assert_error(response, 403, "forbidden")
        anonymous = await client.request(method, url, json=body)
        assert_error(anonymous, 401)


async def test_unknown_routes_answer_404_in_the_error_shape(client):
    assert_error(await client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(await client.get("/api/v1/clinic/staff/x/y"), 404, "not_found")


async def test_a_wrong_method_answers_405_and_lists_every_allowed_method(client):
    response = await client.delete("/api/v1/clinic")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, PATCH"
    response = await client.put("/api/v1/clinic/staff/65f000000000000000000000")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "PATCH"
    # A fixed path is its own resource, not a value of the `{user_id}` template beside it.
    response = await client.get("/api/v1/clinic/staff/invitations")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"
    response = await client.delete("/api/v1/auth/me")
    assert response.headers["allow"] == "GET, PATCH"


@pytest.mark.parametrize(
    "raw", [b'{"name": ', b"{name: 'x'}", b"\xff\xfe\x00", b'{"name": "A"} trailing']
)
async def test_a_malformed_body_answers_422_in_the_error_shape(client, raw):
    admin = await create_clinic_admin(client)
    headers = {**admin.headers, "Content-Type": "application/json"}
    response = await client.patch("/api/v1/clinic", content=raw, headers=headers)
    error = assert_error(response, 422, "validation_error")
    assert error["details"]
    assert (await client.get("/api/v1/clinic", headers=admin.headers)).json()["name"] != "A"


async def test_a_body_that_is_not_utf8_answers_422_not_400(client):
    admin = await create_clinic_admin(client)
    headers = {**admin.headers, "Content-Type": "application/json"}
    # Valid JSON punctuation around a byte that is not UTF-8: FastAPI reports 400 by itself.
    response = await client.post(
        "/api/v1/clinic/staff/invitations", content=b'{"name": "\xe9"}', headers=headers
    )
    assert_error(response, 422, "validation_error")
