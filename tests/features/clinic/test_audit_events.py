"""The clinic's audit trail: newest first, filterable, admins only."""

import pytest

from tests.factories import assert_error, create_clinic_admin, create_parent, create_staff

EVENTS = "/api/v1/clinic/audit-events"
EVENT_FIELDS = {
    "id",
    "at",
    "actor_id",
    "role",
    "clinic_id",
    "action",
    "target_type",
    "target_id",
    "request_id",
    "client_request_id",
    "ip",
    "fields",
}


async def test_events_come_newest_first_in_the_documented_shape(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    await client.patch("/api/v1/clinic", json={"phone": "555 0101"}, headers=admin.headers)
    response = await client.get(EVENTS, headers=admin.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert set(page) == {"items", "total", "page", "size"}
    actions = [e["action"] for e in page["items"]]
    # signup, then the invitation, its acceptance, and the settings change.
    assert actions == [
        "clinic.update",
        "auth.invitation_accepted",
        "staff.invite",
        "auth.signup",
    ]
    assert page["total"] == 4
    for event in page["items"]:
        assert set(event) == EVENT_FIELDS
        assert event["clinic_id"] == admin.clinic_id
        assert event["at"].endswith("Z")
        assert event["ip"] == "203.0.113.7"
    ats = [e["at"] for e in page["items"]]
    assert ats == sorted(ats, reverse=True)
    assert page["items"][1]["actor_id"] == staff.user_id


async def test_a_request_id_given_by_the_caller_is_recorded_beside_ours(client):
    admin = await create_clinic_admin(client)
    updated = await client.patch(
        "/api/v1/clinic",
        json={"phone": "555 0102"},
        headers={**admin.headers, "X-Request-ID": "trace-abc.123"},
    )
    [event] = (
        await client.get(EVENTS, params={"action": "clinic.update"}, headers=admin.headers)
    ).json()["items"]
    assert event["client_request_id"] == "trace-abc.123"
    assert event["request_id"] == updated.headers["X-Request-ID"] != "trace-abc.123"


async def test_events_filter_by_action_and_actor(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    await client.patch("/api/v1/clinic", json={"phone": "555 0103"}, headers=admin.headers)

    by_action = await client.get(EVENTS, params={"action": "staff.invite"}, headers=admin.headers)
    assert [e["action"] for e in by_action.json()["items"]] == ["staff.invite"]
    assert by_action.json()["total"] == 1

    by_actor = await client.get(EVENTS, params={"actor_id": staff.user_id}, headers=admin.headers)
    assert by_actor.json()["total"] == 1
    assert {e["actor_id"] for e in by_actor.json()["items"]} == {staff.user_id}

    both = await client.get(
        EVENTS,
        params={"actor_id": admin.user_id, "action": "clinic.update"},
        headers=admin.headers,
    )
    assert [e["action"] for e in both.json()["items"]] == ["clinic.update"]

    nothing = await client.get(EVENTS, params={"action": "no.such"}, headers=admin.headers)
    assert nothing.json() == {"items": [], "total": 0, "page": 1, "size": 20}


async def test_events_page(client):
    admin = await create_clinic_admin(client)
    for n in range(3):
        await client.patch("/api/v1/clinic", json={"phone": f"555 01{n}0"}, headers=admin.headers)
    first = (await client.get(EVENTS, params={"size": 3}, headers=admin.headers)).json()
    second = (await client.get(EVENTS, params={"size": 3, "page": 2}, headers=admin.headers)).json()
    assert first["total"] == second["total"] == 4
    assert [e["action"] for e in second["items"]] == ["auth.signup"]
    assert {e["id"] for e in first["items"]}.isdisjoint({e["id"] for e in second["items"]})


@pytest.mark.parametrize(
    "params",
    [
        {"actor_id": "abc"},
        {"actor_id": "65f00000000000000000000g"},
        {"actor_id": "65f0000000000000000000000"},
        {"action": "x" * 101},
        {"size": 101},
        {"page": 0},
    ],
)
async def test_malformed_filters_are_refused(client, params):
    admin = await create_clinic_admin(client)
    assert_error(await client.get(EVENTS, params=params, headers=admin.headers), 422)


async def test_only_admins_read_the_trail(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    parent = await create_parent(client)
    for caller in (staff, parent):
        assert_error(await client.get(EVENTS, headers=caller.headers), 403, "forbidden")
    assert_error(await client.get(EVENTS), 401)
