"""A clinic's staff: the list, invitations, role and activation changes."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import (
    PASSWORD,
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_staff,
    unique_email,
)

STAFF = "/api/v1/clinic/staff"
INVITATIONS = "/api/v1/clinic/staff/invitations"


async def invite(client, admin: SignedIn, **body):
    payload = {"email": unique_email("invitee"), "name": "Ines Invitee", "role": "staff", **body}
    return await client.post(INVITATIONS, json=payload, headers=admin.headers)


async def me(client, user: SignedIn):
    return await client.get("/api/v1/auth/me", headers=user.headers)


async def test_admin_and_staff_list_the_clinic_staff(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    for caller in (admin, staff):
        response = await client.get(STAFF, headers=caller.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "total", "page", "size"}
        assert (page["total"], page["page"], page["size"]) == (2, 1, 20)
        assert {u["id"] for u in page["items"]} == {admin.user_id, staff.user_id}
        assert [u["name"] for u in page["items"]] == ["Ada Admin", "Sam Staff"]
        assert all("password_hash" not in u for u in page["items"])


async def test_the_staff_list_pages(client, mailbox):
    admin = await create_clinic_admin(client)
    for _ in range(2):
        await create_staff(client, mailbox, admin)
    first = (await client.get(STAFF, params={"size": 2}, headers=admin.headers)).json()
    second = (await client.get(STAFF, params={"size": 2, "page": 2}, headers=admin.headers)).json()
    beyond = (await client.get(STAFF, params={"size": 2, "page": 3}, headers=admin.headers)).json()
    assert (first["total"], len(first["items"]), first["page"], first["size"]) == (3, 2, 1, 2)
    assert (second["total"], len(second["items"]), second["page"]) == (3, 1, 2)
    assert beyond["items"] == [] and beyond["total"] == 3
    ids = [u["id"] for u in first["items"] + second["items"]]
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    "params", [{"size": 101}, {"size": 0}, {"page": 0}, {"page": "two"}, {"size": -5}]
)
async def test_out_of_range_paging_is_refused(client, params):
    admin = await create_clinic_admin(client)
    response = await client.get(STAFF, params=params, headers=admin.headers)
    assert_error(response, 422, "validation_error")


async def test_size_100_is_the_largest_page(client):
    admin = await create_clinic_admin(client)
    response = await client.get(STAFF, params={"size": 100}, headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["size"] == 100


async def test_parents_cannot_list_staff(client):
    parent = await create_parent(client)
    assert_error(await client.get(STAFF, headers=parent.headers), 403, "forbidden")
    assert_error(await client.get(STAFF), 401)


async def test_an_invitation_is_emailed_with_an_accept_link(client, mailbox):
    admin = await create_clinic_admin(client, clinic_name="Meadow Clinic")
    email = unique_email("nurse")
    response = await invite(client, admin, email=email.upper(), name="Nia Nurse")
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"email", "name", "role", "expires_at"}
    assert (body["email"], body["name"], body["role"]) == (email, "Nia Nurse", "staff")
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=5)

    [mail] = mailbox.to(email)
    assert "Meadow Clinic" in mail.subject
    assert "http://app.test/accept-invite?token=" in mail.text
    token = mailbox.token(email, "accept-invite")
    accepted = await client.post(
        "/api/v1/auth/accept-invite", json={"token": token, "name": "Nia", "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["user"]["clinic_id"] == admin.clinic_id
    assert accepted.json()["user"]["role"] == "staff"


async def test_an_admin_invitation_makes_an_admin(client, mailbox):
    admin = await create_clinic_admin(client)
    second = await create_staff(client, mailbox, admin, role="admin")
    assert (await me(client, second)).json()["role"] == "admin"
    response = await client.patch("/api/v1/clinic", json={}, headers=second.headers)
    assert response.status_code == 200, response.text


async def test_invitations_are_audited_without_the_address(client):
    admin = await create_clinic_admin(client)
    email = unique_email("audited")
    assert (await invite(client, admin, email=email)).status_code == 201
    events = await client.get(
        "/api/v1/clinic/audit-events", params={"action": "staff.invite"}, headers=admin.headers
    )
    [event] = events.json()["items"]
    assert event["actor_id"] == admin.user_id and event["fields"] == ["role"]
    assert email not in str(event)


async def test_an_address_in_use_cannot_be_invited(client, mailbox):
    admin = await create_clinic_admin(client)
    other_clinic = await create_clinic_admin(client)
    for taken in (admin.email, other_clinic.email, other_clinic.email.upper()):
        mailbox.clear()
        response = await invite(client, admin, email=taken)
        assert_error(response, 409, "email_in_use")
        assert mailbox.messages == []


@pytest.mark.parametrize(
    "body",
    [
        {"role": "parent"},
        {"role": "owner"},
        {"role": None},
        {"email": "not-an-email"},
        {"name": ""},
        {"clinic_id": "65f000000000000000000000"},
        {"password_hash": "x"},
    ],
)
async def test_invalid_invitations_are_refused(client, mailbox, body):
    admin = await create_clinic_admin(client)
    mailbox.clear()
    assert_error(await invite(client, admin, **body), 422, "validation_error")
    assert mailbox.messages == []


async def test_staff_and_parents_cannot_invite(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    parent = await create_parent(client)
    mailbox.clear()
    for caller in (staff, parent):
        assert_error(await invite(client, caller), 403, "forbidden")
    assert mailbox.messages == []


async def test_admin_changes_a_role_and_it_is_audited(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    response = await client.patch(
        f"{STAFF}/{staff.user_id}", json={"role": "admin"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "admin" and response.json()["id"] == staff.user_id
    assert (await me(client, staff)).json()["role"] == "admin"
    events = await client.get(
        "/api/v1/clinic/audit-events",
        params={"action": "staff.role_change"},
        headers=admin.headers,
    )
    [event] = events.json()["items"]
    assert event["target_id"] == staff.user_id and event["fields"] == ["role"]


async def test_a_deactivated_member_is_signed_out_and_cannot_sign_in(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    response = await client.patch(
        f"{STAFF}/{staff.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False
    assert_error(await me(client, staff), 401)
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": staff.refresh_token}
    )
    assert_error(refreshed, 401)
    login = await client.post(
        "/api/v1/auth/login", json={"email": staff.email, "password": PASSWORD}
    )
    assert_error(login, 401)

    back = await client.patch(
        f"{STAFF}/{staff.user_id}", json={"is_active": True}, headers=admin.headers
    )
    assert back.status_code == 200 and back.json()["is_active"] is True
    login = await client.post(
        "/api/v1/auth/login", json={"email": staff.email, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text


async def test_the_last_active_admin_is_protected(client, mailbox):
    admin = await create_clinic_admin(client)
    own = f"{STAFF}/{admin.user_id}"
    for change in ({"role": "staff"}, {"is_active": False}, {"role": "staff", "is_active": False}):
        assert_error(await client.patch(own, json=change, headers=admin.headers), 409, "last_admin")
    assert (await me(client, admin)).json()["role"] == "admin"

    # An inactive second admin does not count.
    second = await create_staff(client, mailbox, admin, role="admin")
    await client.patch(
        f"{STAFF}/{second.user_id}", json={"is_active": False}, headers=admin.headers
    )
    response = await client.patch(own, json={"role": "staff"}, headers=admin.headers)
    assert_error(response, 409, "last_admin")

    await client.patch(f"{STAFF}/{second.user_id}", json={"is_active": True}, headers=admin.headers)
    response = await client.patch(own, json={"role": "staff"}, headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "staff"
    assert_error(await client.patch("/api/v1/clinic", json={}, headers=admin.headers), 403)


async def test_an_admin_may_step_down_by_deactivating_once_another_admin_exists(client, mailbox):
    admin = await create_clinic_admin(client)
    await create_staff(client, mailbox, admin, role="admin")
    response = await client.patch(
        f"{STAFF}/{admin.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert_error(await me(client, admin), 401)


@pytest.mark.parametrize(
    "bad_id", ["abc", "123", "abcdefghijkl", "65f00000000000000000000g", "0" * 25]
)
async def test_malformed_ids_answer_404_like_unknown_ones(client, bad_id):
    admin = await create_clinic_admin(client)
    unknown = await client.patch(
        f"{STAFF}/65f000000000000000000000", json={"role": "staff"}, headers=admin.headers
    )
    malformed = await client.patch(
        f"{STAFF}/{bad_id}", json={"role": "staff"}, headers=admin.headers
    )
    assert_error(unknown, 404)
    assert_error(malformed, 404)
    assert malformed.json() == unknown.json()


async def test_parents_are_not_staff_members(client):
    admin = await create_clinic_admin(client)
    parent = await create_parent(client)
    response = await client.patch(
        f"{STAFF}/{parent.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert_error(response, 404)
    assert (await me(client, parent)).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": "new@example.org"},
        {"clinic_id": "65f000000000000000000000"},
        {"password_hash": "x"},
        {"name": "Renamed"},
        {"role": "parent"},
        {"role": "owner"},
        {"is_active": "maybe"},
    ],
)
async def test_staff_changes_refuse_other_fields(client, mailbox, body):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    response = await client.patch(f"{STAFF}/{staff.user_id}", json=body, headers=admin.headers)
    assert_error(response, 422, "validation_error")
    assert (await me(client, staff)).json()["role"] == "staff"


async def test_staff_and_parents_cannot_change_members(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    parent = await create_parent(client)
    for caller in (staff, parent):
        response = await client.patch(
            f"{STAFF}/{admin.user_id}", json={"is_active": False}, headers=caller.headers
        )
        assert_error(response, 403, "forbidden")
    assert (await me(client, admin)).status_code == 200
