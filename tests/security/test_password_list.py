"""New passwords are checked against a list of common ones (NIST SP 800-63B) and the account's
email, on signup, reset, change and invitation acceptance; signups are rate limited."""

import tomllib
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from tests.factories import (
    PASSWORD,
    assert_error,
    create_clinic_admin,
    login,
    unique_email,
)

SIGNUP = "/api/v1/auth/signup"
LOGIN = "/api/v1/auth/login"
FORGOT = "/api/v1/auth/forgot-password"
RESET = "/api/v1/auth/reset-password"
CHANGE = "/api/v1/auth/change-password"
ACCEPT = "/api/v1/auth/accept-invite"
INVITE = "/api/v1/clinic/staff/invitations"
# Long enough for the length rule, and among the most common passwords in any case.
COMMON = ["password123", "Password123", "1234567890", "QWERTYUIOP", " iloveyou12 "]


def signup_body(email: str, password: str) -> dict[str, str]:
    return {"name": "Ada Admin", "email": email, "password": password, "clinic_name": "Sunrise"}


def assert_refused(response, field: str, code: str = "password_too_common") -> None:
    error = assert_error(response, 422, code)
    assert error["details"] == [{"loc": ["body", field], "msg": error["message"], "type": code}]


def test_the_shipped_list_is_large_and_packaged():
    from app.features.auth.password_policy import common_passwords

    assert len(common_passwords()) >= 10_000
    assert {"password123", "1234567890", "qwertyuiop"} <= common_passwords()
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert "data/*.txt" in pyproject["tool"]["setuptools"]["package-data"]["*"]


@pytest.mark.parametrize("password", COMMON)
async def test_signup_refuses_a_common_password_and_writes_nothing(client, mailbox, password):
    email = unique_email("admin")
    assert_refused(await client.post(SIGNUP, json=signup_body(email, password)), "password")
    assert mailbox.to(email) == []
    assert (
        await client.post(LOGIN, json={"email": email, "password": password})
    ).status_code == 401


async def test_signup_refuses_the_email_or_its_local_part_as_password(client):
    email = unique_email("longlocalpart")
    local_part = email.split("@")[0]
    for password in (email, local_part.upper()):
        response = await client.post(SIGNUP, json=signup_body(email, password))
        assert_refused(response, "password", "password_matches_email")


async def test_a_strong_password_is_accepted(client):
    email = unique_email("admin")
    response = await client.post(SIGNUP, json=signup_body(email, "plum tractor violin 42"))
    assert response.status_code == 201, response.text
    await login(client, email, "plum tractor violin 42")


async def test_reset_refuses_a_common_password_and_keeps_the_link(client, mailbox):
    admin = await create_clinic_admin(client)
    assert (await client.post(FORGOT, json={"email": admin.email})).status_code == 202
    token = mailbox.token(admin.email, "reset-password")
    refused = await client.post(RESET, json={"token": token, "new_password": "password123"})
    assert_refused(refused, "new_password")
    await login(client, admin.email, PASSWORD)
    # Nothing was spent: the same link still sets an acceptable password.
    fine = await client.post(RESET, json={"token": token, "new_password": "a fresh passphrase"})
    assert fine.status_code == 200, fine.text
    await login(client, admin.email, "a fresh passphrase")


async def test_reset_refuses_the_accounts_email(client, mailbox):
    admin = await create_clinic_admin(client)
    await client.post(FORGOT, json={"email": admin.email})
    token = mailbox.token(admin.email, "reset-password")
    refused = await client.post(RESET, json={"token": token, "new_password": admin.email.upper()})
    assert_refused(refused, "new_password", "password_matches_email")


async def test_change_password_refuses_a_common_password(client):
    admin = await create_clinic_admin(client)
    response = await client.post(
        CHANGE,
        json={"current_password": PASSWORD, "new_password": "Qwertyuiop"},
        headers=admin.headers,
    )
    assert_refused(response, "new_password")
    await login(client, admin.email, PASSWORD)


async def test_accept_invite_refuses_a_common_password_and_keeps_the_invitation(client, mailbox):
    admin = await create_clinic_admin(client)
    email = unique_email("staff")
    invited = await client.post(
        INVITE, json={"email": email, "name": "Sam Staff", "role": "staff"}, headers=admin.headers
    )
    assert invited.status_code == 201, invited.text
    token = mailbox.token(email, "accept-invite")
    body = {"token": token, "name": "Sam Staff"}
    assert_refused(await client.post(ACCEPT, json={**body, "password": "1234567890"}), "password")
    accepted = await client.post(ACCEPT, json={**body, "password": "plum tractor violin 42"})
    assert accepted.status_code == 200, accepted.text


def assert_signup_limited(response) -> None:
    error = assert_error(response, 429, "rate_limited")
    seconds = int(response.headers["Retry-After"])
    assert 0 < seconds <= 3600
    assert error["details"] == {"retry_after_seconds": seconds}


async def test_signup_is_limited_to_five_an_hour_per_email(client):
    email = unique_email("admin")
    assert (await client.post(SIGNUP, json=signup_body(email, PASSWORD))).status_code == 201
    for _ in range(4):
        again = await client.post(SIGNUP, json=signup_body(email.upper(), PASSWORD))
        assert_error(again, 409, "email_in_use")
    assert_signup_limited(await client.post(SIGNUP, json=signup_body(email, PASSWORD)))
    # Another email from the same address is not held back by this one.
    await create_clinic_admin(client)


async def test_refused_passwords_do_not_count_towards_the_limit(client):
    email = unique_email("admin")
    for _ in range(6):
        response = await client.post(SIGNUP, json=signup_body(email, "password123"))
        assert_refused(response, "password")
    assert (await client.post(SIGNUP, json=signup_body(email, PASSWORD))).status_code == 201


async def test_signup_is_limited_to_twenty_an_hour_per_client_address(app, client):
    for _ in range(20):
        await create_clinic_admin(client)
    assert_signup_limited(await client.post(SIGNUP, json=signup_body(unique_email(), PASSWORD)))
    # Another address is not held back.
    transport = ASGITransport(app=app, client=("198.51.100.23", 40000))
    async with AsyncClient(transport=transport, base_url="http://testserver") as elsewhere:
        response = await elsewhere.post(SIGNUP, json=signup_body(unique_email(), PASSWORD))
    assert response.status_code == 201, response.text
