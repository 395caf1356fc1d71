"""Staff invitations and one's own account (`/me`)."""

import pytest

from tests.factories import (
    PASSWORD,
    assert_error,
    bearer,
    create_clinic_admin,
    create_staff,
    login,
    unique_email,
)

INVITE = "/api/v1/clinic/staff/invitations"
ACCEPT = "/api/v1/auth/accept-invite"
ME = "/api/v1/auth/me"
USER_FIELDS = {
    "id",
    "email",
    "name",
    "phone",
    "role",
    "clinic_id",
    "is_active",
    "is_verified",
    "created_at",
    "updated_at",
}


@pytest.mark.parametrize("role", ["staff", "admin"])
async def test_accepting_an_invitation_creates_the_account(client, mailbox, role):
    admin = await create_clinic_admin(client)
    email = unique_email("invitee")
    invited = await client.post(
        INVITE,
        json={"email": email.upper(), "name": "Ivy Invitee", "role": role},
        headers=admin.headers,
    )
    assert invited.status_code == 201, invited.text
    assert invited.json()["email"] == email
    assert invited.json()["role"] == role
    mails = mailbox.to(email)
    assert len(mails) == 1
    assert "http://app.test/accept-invite?token=" in mails[0].text
    token = mailbox.token(email, "accept-invite")

    accepted = await client.post(
        ACCEPT, json={"token": token, "name": "Ivy Chosen", "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["token_type"] == "bearer"
    user = body["user"]
    assert user["email"] == email
    assert user["name"] == "Ivy Chosen"
    assert user["role"] == role
    assert user["clinic_id"] == admin.clinic_id
    assert user["is_verified"] is True and user["is_active"] is True
    me = await client.get(ME, headers=bearer(body["access_token"]))
    assert me.json() == user
    await login(client, email)

    again = await client.post(
        ACCEPT, json={"token": token, "name": "Someone Else", "password": "another password"}
    )
    assert_error(again, 400, "invalid_or_expired_token")
    await login(client, email)


async def test_inviting_an_email_in_use_is_409(client, mailbox):
    admin = await create_clinic_admin(client)
    other_clinic = await create_clinic_admin(client)
    for email in (admin.email, other_clinic.email.upper()):
        response = await client.post(
            INVITE, json={"email": email, "name": "Dup", "role": "staff"}, headers=admin.headers
        )
        assert_error(response, 409, "email_in_use")
    for email in (admin.email, other_clinic.email):
        assert not any("accept-invite" in m.text for m in mailbox.to(email))


async def test_invitation_for_an_email_taken_meanwhile_is_409(client, mailbox):
    admin = await create_clinic_admin(client)
    email = unique_email("raced")
    await client.post(
        INVITE, json={"email": email, "name": "Rae", "role": "staff"}, headers=admin.headers
    )
    token = mailbox.token(email, "accept-invite")
    await create_clinic_admin(client, email=email)
    response = await client.post(ACCEPT, json={"token": token, "name": "Rae", "password": PASSWORD})
    assert_error(response, 409, "email_in_use")


async def test_only_admins_invite(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    body = {"email": unique_email(), "name": "Nope", "role": "admin"}
    assert_error(await client.post(INVITE, json=body, headers=staff.headers), 403)
    assert_error(await client.post(INVITE, json=body), 401)
    assert_error(
        await client.post(INVITE, json={**body, "role": "parent"}, headers=admin.headers), 422
    )


@pytest.mark.parametrize("length", [9, 129])
async def test_accept_invite_password_length_is_checked(client, mailbox, length):
    admin = await create_clinic_admin(client)
    email = unique_email()
    await client.post(
        INVITE, json={"email": email, "name": "Len", "role": "staff"}, headers=admin.headers
    )
    token = mailbox.token(email, "accept-invite")
    response = await client.post(
        ACCEPT, json={"token": token, "name": "Len", "password": "p" * length}
    )
    assert_error(response, 422)
    # The rejected attempt did not spend the invitation.
    ok = await client.post(ACCEPT, json={"token": token, "name": "Len", "password": PASSWORD})
    assert ok.status_code == 200


async def test_accept_invite_rejects_unknown_tokens_and_extra_fields(client, mailbox):
    assert_error(
        await client.post(ACCEPT, json={"token": "nope", "name": "X", "password": PASSWORD}), 400
    )
    admin = await create_clinic_admin(client)
    email = unique_email()
    await client.post(
        INVITE, json={"email": email, "name": "Ex", "role": "staff"}, headers=admin.headers
    )
    token = mailbox.token(email, "accept-invite")
    sneaky = {"token": token, "name": "Ex", "password": PASSWORD, "role": "admin"}
    assert_error(await client.post(ACCEPT, json=sneaky), 422)
    accepted = await client.post(ACCEPT, json={"token": token, "name": "Ex", "password": PASSWORD})
    assert accepted.json()["user"]["role"] == "staff"


async def test_me_shows_the_account_without_secrets(client):
    admin = await create_clinic_admin(client)
    response = await client.get(ME, headers=admin.headers)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == USER_FIELDS
    assert body["id"] == admin.user_id
    assert body["email"] == admin.email
    assert body["name"] == "Ada Admin"
    assert body["phone"] is None
    assert body["role"] == "admin"
    assert body["clinic_id"] == admin.clinic_id
    assert body["created_at"].endswith("Z") and body["updated_at"].endswith("Z")
    assert "password" not in response.text


async def test_patch_me_changes_name_and_phone(client):
    admin = await create_clinic_admin(client)
    response = await client.patch(
        ME, json={"name": "  Ada Lovelace ", "phone": "+44 20 7946 0000"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Ada Lovelace"
    assert response.json()["phone"] == "+44 20 7946 0000"
    me = (await client.get(ME, headers=admin.headers)).json()
    assert (me["name"], me["phone"]) == ("Ada Lovelace", "+44 20 7946 0000")
    assert me["updated_at"] >= me["created_at"]

    cleared = await client.patch(ME, json={"phone": None}, headers=admin.headers)
    assert cleared.status_code == 200
    assert cleared.json()["phone"] is None
    assert cleared.json()["name"] == "Ada Lovelace"


@pytest.mark.parametrize(
    "change",
    [
        {"role": "parent"},
        {"clinic_id": "0" * 24},
        {"is_active": False},
        {"password_hash": "$argon2id$v=19$m=1,t=1,p=1$x$y"},
        {"email": "taken-over@example.org"},
        {"is_verified": True},
        {"id": "0" * 24},
        {"created_at": "2000-01-01T00:00:00Z"},
        {"name": "Sneaky", "role": "admin"},
        {"name": None},
        {"name": ""},
        {"name": "   "},
        {"phone": "call me maybe"},
    ],
)
async def test_patch_me_rejects_server_owned_and_invalid_fields(client, change):
    admin = await create_clinic_admin(client)
    before = (await client.get(ME, headers=admin.headers)).json()
    response = await client.patch(ME, json=change, headers=admin.headers)
    assert_error(response, 422, "validation_error")
    for value in change.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in response.text  # a rejected value is not echoed back
    after = (await client.get(ME, headers=admin.headers)).json()
    assert after == before
    await login(client, admin.email)


async def test_patch_me_needs_a_token(client):
    assert_error(await client.patch(ME, json={"name": "X"}), 401)


async def test_accept_invite_refuses_a_blank_name(client, mailbox):
    admin = await create_clinic_admin(client)
    email = unique_email()
    await client.post(
        INVITE, json={"email": email, "name": "Blank", "role": "staff"}, headers=admin.headers
    )
    token = mailbox.token(email, "accept-invite")
    blank = await client.post(ACCEPT, json={"token": token, "name": "  ", "password": PASSWORD})
    assert_error(blank, 422)
    ok = await client.post(ACCEPT, json={"token": token, "name": " Bea ", "password": PASSWORD})
    assert ok.json()["user"]["name"] == "Bea"
