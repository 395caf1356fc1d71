"""Access tokens against forgery, refresh rotation with reuse detection, and logout."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jose import jwt

from app.config import get_settings
from tests.factories import (
    SignedIn,
    assert_error,
    bearer,
    create_clinic_admin,
    create_staff,
    login,
)

ME = "/api/v1/auth/me"
REFRESH = "/api/v1/auth/refresh"


def claims_of(token: str) -> dict[str, Any]:
    return jwt.get_unverified_claims(token)


def sign(claims: dict[str, Any], *, secret: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret or get_settings().jwt_secret_key, algorithm=algorithm)


def b64url(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unsigned(token: str) -> str:
    """The token's payload under an `alg: none` header, with an empty signature."""
    payload = token.split(".")[1]
    return f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{payload}."


async def me_status(client, token: str) -> int:
    return (await client.get(ME, headers=bearer(token))).status_code


async def refresh(client, token: str):
    return await client.post(REFRESH, json={"refresh_token": token})


async def test_resigning_the_same_claims_correctly_is_accepted(client):
    # The control for the forgeries below: the crafting itself yields a valid token.
    admin = await create_clinic_admin(client)
    assert await me_status(client, sign(claims_of(admin.access_token))) == 200


def _expired(claims: dict[str, Any]) -> dict[str, Any]:
    past = datetime.now(UTC) - timedelta(minutes=5)
    return {
        **claims,
        "iat": int((past - timedelta(minutes=30)).timestamp()),
        "exp": int(past.timestamp()),
    }


FORGERIES = {
    "garbage": lambda token: "not.a.jwt",
    "random text": lambda token: "garbage",
    "other secret": lambda token: sign(claims_of(token), secret="another-secret-" + "x" * 32),
    "alg none": unsigned,
    "alg none, no dot": lambda token: unsigned(token).rstrip("."),
    "HS512": lambda token: sign(claims_of(token), algorithm="HS512"),
    "HS384": lambda token: sign(claims_of(token), algorithm="HS384"),
    "expired": lambda token: sign(_expired(claims_of(token))),
    "wrong iss": lambda token: sign({**claims_of(token), "iss": "someone-else"}),
    "wrong aud": lambda token: sign({**claims_of(token), "aud": "another-api"}),
    "no exp": lambda token: sign({k: v for k, v in claims_of(token).items() if k != "exp"}),
    "no aud": lambda token: sign({k: v for k, v in claims_of(token).items() if k != "aud"}),
    "no type": lambda token: sign({k: v for k, v in claims_of(token).items() if k != "type"}),
    "other user": lambda token: sign({**claims_of(token), "sub": "0" * 24}),
    "unknown session": lambda token: sign({**claims_of(token), "sid": "0" * 24}),
    "malformed session id": lambda token: sign({**claims_of(token), "sid": "not-an-id"}),
    "malformed subject": lambda token: sign({**claims_of(token), "sub": "not-an-id"}),
    "tampered payload": lambda token: ".".join(
        [token.split(".")[0], b64url({**claims_of(token), "sub": "0" * 24}), token.split(".")[2]]
    ),
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
async def test_forged_access_tokens_are_401(client, forge):
    admin = await create_clinic_admin(client)
    response = await client.get(ME, headers=bearer(forge(admin.access_token)))
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"
    # The real token still works: the rejection was about the forgery.
    assert await me_status(client, admin.access_token) == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": ""}, {"Authorization": "Bearer "}, {"Authorization": "Basic x"}],
)
async def test_missing_token_is_401(client, headers):
    assert_error(await client.get(ME, headers=headers), 401, "unauthorized")


async def test_refresh_token_is_not_an_access_token(client):
    admin = await create_clinic_admin(client)
    assert_error(await client.get(ME, headers=bearer(admin.refresh_token)), 401)


async def test_access_token_is_not_a_refresh_token(client):
    admin = await create_clinic_admin(client)
    assert_error(await refresh(client, admin.access_token), 401)
    # The failed attempt did not harm the session.
    assert (await refresh(client, admin.refresh_token)).status_code == 200


@pytest.mark.parametrize("forge", ["alg none", "HS512", "other secret", "expired", "wrong aud"])
async def test_forged_refresh_tokens_are_401(client, forge):
    admin = await create_clinic_admin(client)
    assert_error(await refresh(client, FORGERIES[forge](admin.refresh_token)), 401)


async def test_deactivated_users_tokens_stop_working(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    assert await me_status(client, staff.access_token) == 200
    patched = await client.patch(
        f"/api/v1/clinic/staff/{staff.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["is_active"] is False
    assert_error(await client.get(ME, headers=staff.headers), 401)
    assert_error(await refresh(client, staff.refresh_token), 401)
    # Reactivation does not bring the old session back.
    await client.patch(
        f"/api/v1/clinic/staff/{staff.user_id}", json={"is_active": True}, headers=admin.headers
    )
    assert_error(await client.get(ME, headers=staff.headers), 401)
    assert await me_status(client, (await login(client, staff.email)).access_token) == 200


async def test_refresh_returns_a_new_working_pair(client):
    admin = await create_clinic_admin(client)
    response = await refresh(client, admin.refresh_token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert body["user"]["id"] == admin.user_id
    assert body["refresh_token"] != admin.refresh_token
    assert body["access_token"] != admin.access_token
    assert await me_status(client, body["access_token"]) == 200
    # Same session: the earlier access token keeps working until it expires.
    assert await me_status(client, admin.access_token) == 200
    assert (await refresh(client, body["refresh_token"])).status_code == 200


async def test_reusing_a_refresh_token_revokes_the_whole_family(client):
    admin = await create_clinic_admin(client)
    other_session = await login(client, admin.email)
    first = (await refresh(client, admin.refresh_token)).json()
    second = (await refresh(client, first["refresh_token"])).json()

    reuse = await refresh(client, admin.refresh_token)
    assert_error(reuse, 401)

    assert_error(await refresh(client, second["refresh_token"]), 401)
    for token in (admin.access_token, first["access_token"], second["access_token"]):
        assert_error(await client.get(ME, headers=bearer(token)), 401)
    # Another session of the same user is a different family.
    assert await me_status(client, other_session.access_token) == 200
    assert (await refresh(client, other_session.refresh_token)).status_code == 200


async def test_refresh_is_refused_for_garbage(client):
    assert_error(await refresh(client, "garbage"), 401)
    assert_error(await client.post(REFRESH, json={}), 422)
    assert_error(await client.post(REFRESH, json={"refresh_token": ""}), 422)


async def test_logout_ends_only_this_session(client):
    admin = await create_clinic_admin(client)
    other = await login(client, admin.email)
    response = await client.post("/api/v1/auth/logout", headers=admin.headers)
    assert response.status_code == 204
    assert response.content == b""
    assert_error(await client.get(ME, headers=admin.headers), 401)
    assert_error(await refresh(client, admin.refresh_token), 401)
    assert_error(await client.post("/api/v1/auth/logout", headers=admin.headers), 401)
    assert await me_status(client, other.access_token) == 200
    assert (await refresh(client, other.refresh_token)).status_code == 200


async def test_logout_needs_a_token(client):
    assert_error(await client.post("/api/v1/auth/logout"), 401)


async def test_tokens_carry_the_documented_claims(client):
    admin: SignedIn = await create_clinic_admin(client)
    settings = get_settings()
    for token, kind in ((admin.access_token, "access"), (admin.refresh_token, "refresh")):
        assert jwt.get_unverified_header(token)["alg"] == "HS256"
        claims = claims_of(token)
        assert claims["sub"] == admin.user_id
        assert claims["type"] == kind
        assert claims["iss"] == settings.jwt_issuer
        assert claims["aud"] == settings.jwt_audience
        assert claims["exp"] > claims["iat"]
        assert claims["jti"]
    lifetime = claims_of(admin.access_token)
    assert lifetime["exp"] - lifetime["iat"] == settings.access_token_expire_minutes * 60
