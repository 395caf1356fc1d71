"""Signup, email verification, login, the OAuth2 form, password rules and bcrypt upgrade."""

import re

import bcrypt
import pytest

from app.features.auth.models import User
from tests.factories import (
    PASSWORD,
    assert_error,
    bearer,
    create_clinic_admin,
    create_staff,
    login,
    unique_email,
)
from tests.features.auth.conftest import assert_no_secrets

SIGNUP = "/api/v1/auth/signup"
LOGIN = "/api/v1/auth/login"


def signup_body(email: str, password: str = PASSWORD) -> dict[str, str]:
    return {"name": "Ada Admin", "email": email, "password": password, "clinic_name": "Sunrise"}


async def test_signup_returns_tokens_user_and_clinic(client):
    email = unique_email()
    response = await client.post(SIGNUP, json=signup_body(email))
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "user", "clinic_id"}
    assert body["token_type"] == "bearer"
    assert body["access_token"] and body["refresh_token"]
    assert body["access_token"] != body["refresh_token"]
    user = body["user"]
    assert user["email"] == email
    assert user["role"] == "admin"
    assert user["clinic_id"] == body["clinic_id"]
    assert user["is_active"] is True and user["is_verified"] is False

    me = await client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["id"] == user["id"]
    clinic = await client.get("/api/v1/clinic", headers=bearer(body["access_token"]))
    assert clinic.status_code == 200
    assert clinic.json()["id"] == body["clinic_id"]


async def test_email_is_stored_lower_cased(client):
    response = await client.post(SIGNUP, json=signup_body("Mixed@Example.org"))
    assert response.status_code == 201, response.text
    assert response.json()["user"]["email"] == "mixed@example.org"
    signed_in = await login(client, "mixed@example.org")
    assert signed_in.email == "mixed@example.org"
    stored = await User.find_one(User.email == "mixed@example.org")
    assert stored is not None


@pytest.mark.parametrize("second", ["dup@example.org", "DUP@example.org", "Dup@EXAMPLE.ORG"])
async def test_duplicate_email_in_any_case_is_409(client, second):
    assert (await client.post(SIGNUP, json=signup_body("dup@example.org"))).status_code == 201
    response = await client.post(SIGNUP, json=signup_body(second))
    assert_error(response, 409, "email_in_use")
    assert await User.find(User.email == "dup@example.org").count() == 1


async def test_verification_email_link_verifies_once(client, mailbox):
    email = unique_email()
    signed_up = await client.post(SIGNUP, json=signup_body(email))
    access = signed_up.json()["access_token"]
    mails = mailbox.to(email)
    assert len(mails) == 1
    assert "http://app.test/verify-email?token=" in mails[0].text
    token = mailbox.token(email, "verify-email")

    verified = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 200, verified.text
    assert verified.json()["is_verified"] is True
    me = await client.get("/api/v1/auth/me", headers=bearer(access))
    assert me.json()["is_verified"] is True

    again = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert_error(again, 400, "invalid_or_expired_token")


async def test_unknown_verification_token_is_400(client):
    response = await client.post("/api/v1/auth/verify-email", json={"token": "not-a-real-token"})
    assert_error(response, 400)


@pytest.mark.parametrize("length", [9, 129])
async def test_signup_password_length_is_checked(client, length):
    email = unique_email()
    response = await client.post(SIGNUP, json=signup_body(email, "p" * length))
    error = assert_error(response, 422, "validation_error")
    assert any(d["loc"][-1] == "password" for d in error["details"])
    assert await User.find(User.email == email).count() == 0


@pytest.mark.parametrize("length", [10, 128])
async def test_signup_password_length_bounds_are_accepted(client, length):
    email = unique_email()
    response = await client.post(SIGNUP, json=signup_body(email, "p" * length))
    assert response.status_code == 201, response.text
    await login(client, email, "p" * length)


async def test_passwords_are_kept_exactly_as_typed(client):
    email = unique_email()
    password = "  spaced password  "
    assert (await client.post(SIGNUP, json=signup_body(email, password))).status_code == 201
    await login(client, email, password)
    stripped = await client.post(LOGIN, json={"email": email, "password": password.strip()})
    assert_error(stripped, 401)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "a@example.org", "password": PASSWORD, "role": "admin"},
    ],
)
async def test_malformed_login_is_422_in_the_error_shape(client, body):
    error = assert_error(await client.post(LOGIN, json=body), 422, "validation_error")
    assert isinstance(error["details"], list) and error["details"]


async def test_signup_rejects_server_owned_fields(client):
    email = unique_email()
    body = {**signup_body(email), "role": "parent", "is_verified": True}
    assert_error(await client.post(SIGNUP, json=body), 422)
    assert await User.find(User.email == email).count() == 0


async def test_wrong_password_and_unknown_email_get_the_same_401(client):
    admin = await create_clinic_admin(client)
    wrong = await client.post(LOGIN, json={"email": admin.email, "password": "wrong password!"})
    unknown = await client.post(LOGIN, json={"email": unique_email("nobody"), "password": PASSWORD})
    assert_error(wrong, 401, "invalid_credentials")
    assert_error(unknown, 401, "invalid_credentials")
    assert wrong.json() == unknown.json()


async def test_login_is_case_insensitive_and_opens_a_new_session(client):
    admin = await create_clinic_admin(client)
    again = await login(client, admin.email.upper())
    assert again.user_id == admin.user_id
    assert again.access_token != admin.access_token
    for token in (admin.access_token, again.access_token):
        assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 200


async def test_oauth2_token_form(client):
    admin = await create_clinic_admin(client)
    response = await client.post(
        "/api/v1/auth/token", data={"username": admin.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    me = await client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.json()["email"] == admin.email

    wrong = await client.post(
        "/api/v1/auth/token", data={"username": admin.email, "password": "wrong password!"}
    )
    assert_error(wrong, 401, "invalid_credentials")


async def test_deactivated_user_cannot_log_in(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    patched = await client.patch(
        f"/api/v1/clinic/staff/{staff.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert patched.status_code == 200, patched.text
    response = await client.post(LOGIN, json={"email": staff.email, "password": PASSWORD})
    assert_error(response, 401, "invalid_credentials")


async def test_bcrypt_hash_is_upgraded_to_argon2id_on_login(client):
    admin = await create_clinic_admin(client)
    user = await User.find_one(User.email == admin.email)
    assert user is not None
    user.password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    await user.save()

    wrong = await client.post(LOGIN, json={"email": admin.email, "password": "wrong password!"})
    assert_error(wrong, 401)
    await login(client, admin.email)
    upgraded = await User.get(user.id)
    assert upgraded is not None
    assert upgraded.password_hash.startswith("$argon2id$")
    await login(client, admin.email)


async def test_legacy_bcrypt_hash_of_a_long_password_still_logs_in(client):
    # bcrypt reads 72 bytes; older libraries truncated longer passwords silently when hashing.
    admin = await create_clinic_admin(client)
    long_password = "L" * 100
    user = await User.find_one(User.email == admin.email)
    assert user is not None
    user.password_hash = bcrypt.hashpw(long_password.encode()[:72], bcrypt.gensalt(4)).decode()
    await user.save()

    await login(client, admin.email, long_password)
    upgraded = await User.get(user.id)
    assert upgraded is not None and upgraded.password_hash.startswith("$argon2id$")
    # The new hash covers every character, not just the first 72 bytes.
    await login(client, admin.email, long_password)
    cut = await client.post(LOGIN, json={"email": admin.email, "password": long_password[:72]})
    assert_error(cut, 401)


async def test_every_response_carries_a_request_id_of_our_own(client):
    generated = await client.get("/health")
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    other = await client.get("/health")
    assert other.headers["X-Request-ID"] != generated.headers["X-Request-ID"]
    # A caller's id is never echoed in place of ours (it is kept beside it in the audit trail).
    sent = await client.get("/health", headers={"X-Request-ID": "abc-123.XYZ_9"})
    assert re.fullmatch(r"[0-9a-f]{32}", sent.headers["X-Request-ID"])
    error = await client.get("/api/v1/auth/me", headers={"X-Request-ID": "req-401"})
    assert error.status_code == 401
    assert re.fullmatch(r"[0-9a-f]{32}", error.headers["X-Request-ID"])


async def test_the_secret_guard_catches_hashes():
    with pytest.raises(AssertionError):
        assert_no_secrets('{"password_hash": "x"}', set())
    with pytest.raises(AssertionError):
        assert_no_secrets('{"a": "$argon2id$v=19$m=1"}', set())
    with pytest.raises(AssertionError):
        assert_no_secrets('{"t": "' + "ab" * 32 + '"}', set())
    with pytest.raises(AssertionError):
        assert_no_secrets('{"t": "xyz-secret"}', {"xyz-secret"})
    assert_no_secrets('{"id": "' + "a" * 24 + '"}', {"other"})
    # The caller's own input may come back, e.g. a 422 naming the unknown field.
    assert_no_secrets('{"loc": ["password_hash"]}', set(), sent='{"password_hash": 1}')


@pytest.mark.parametrize("field", ["name", "clinic_name"])
async def test_blank_names_are_refused_at_signup(client, field):
    email = unique_email()
    response = await client.post(SIGNUP, json={**signup_body(email), field: "   "})
    assert_error(response, 422, "validation_error")
    assert await User.find(User.email == email).count() == 0


async def test_names_are_trimmed_at_signup_but_passwords_are_not(client):
    email = unique_email()
    body = {**signup_body(email, " padded password "), "name": "  Ada  ", "clinic_name": " Sun "}
    response = await client.post(SIGNUP, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["user"]["name"] == "Ada"
    clinic = await client.get("/api/v1/clinic", headers=bearer(response.json()["access_token"]))
    assert clinic.json()["name"] == "Sun"
    await login(client, email, " padded password ")
