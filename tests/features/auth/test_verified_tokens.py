"""A token verified once is not verified again, yet expiry, logout and deactivation still count."""

from datetime import UTC, datetime

import time_machine
from jose import jwt

from app.config import get_settings
from app.features.auth import dependencies
from tests.factories import assert_error, create_clinic_admin, create_staff, login

ME = "/api/v1/auth/me"


async def test_a_token_seen_before_is_refused_the_second_it_expires(client) -> None:
    admin = await create_clinic_admin(client)
    assert (await client.get(ME, headers=admin.headers)).status_code == 200
    expires = jwt.get_unverified_claims(admin.access_token)["exp"]
    # The last second of its life (python-jose's rule: valid until `exp` has passed)...
    with time_machine.travel(datetime.fromtimestamp(expires, UTC), tick=False):
        assert (await client.get(ME, headers=admin.headers)).status_code == 200
    # ...and the next one, though it was verified before.
    with time_machine.travel(datetime.fromtimestamp(expires + 1, UTC), tick=False):
        assert_error(await client.get(ME, headers=admin.headers), 401, "invalid_token")


async def test_logout_refuses_a_token_verified_a_moment_before(client) -> None:
    admin = await create_clinic_admin(client)
    for _ in range(2):
        assert (await client.get(ME, headers=admin.headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=admin.headers)).status_code == 204
    assert_error(await client.get(ME, headers=admin.headers), 401)


async def test_deactivation_refuses_a_token_verified_a_moment_before(client, mailbox) -> None:
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    for _ in range(2):
        assert (await client.get(ME, headers=staff.headers)).status_code == 200
    patched = await client.patch(
        f"/api/v1/clinic/staff/{staff.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert patched.status_code == 200, patched.text
    assert_error(await client.get(ME, headers=staff.headers), 401)


async def test_another_secret_does_not_accept_a_token_verified_under_the_first(
    client, monkeypatch
) -> None:
    admin = await create_clinic_admin(client)
    assert dependencies.access_claims(admin.access_token) is not None
    rotated = get_settings().model_copy(update={"jwt_secret_key": "another-secret-" + "x" * 40})
    monkeypatch.setattr(dependencies, "get_settings", lambda: rotated)
    assert dependencies.access_claims(admin.access_token) is None


async def test_the_kept_tokens_are_bounded(client, monkeypatch) -> None:
    monkeypatch.setattr(dependencies, "VERIFIED_TOKENS_KEPT", 3)
    admin = await create_clinic_admin(client)
    tokens = [admin.access_token] + [
        (await login(client, admin.email)).access_token for _ in range(4)
    ]
    for token in tokens:
        assert dependencies.access_claims(token) is not None
        assert len(dependencies._VERIFIED) <= 3
    assert dependencies.access_claims("not.a.token") is None
