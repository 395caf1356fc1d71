"""Forgotten and changed passwords: reset links, their limits, and what they sign out."""

import hashlib
from datetime import timedelta

import pytest

from app.features.auth.models import ActionToken
from app.shared.time import utc_now
from tests.factories import (
    PASSWORD,
    SignedIn,
    assert_error,
    create_clinic_admin,
    login,
    unique_email,
)

FORGOT = "/api/v1/auth/forgot-password"
RESET = "/api/v1/auth/reset-password"
CHANGE = "/api/v1/auth/change-password"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "a brand new passphrase"


def reset_mails(mailbox, email: str) -> list:
    return [m for m in mailbox.to(email) if "/reset-password?token=" in m.text]


async def test_forgot_password_answers_the_same_for_known_and_unknown(client, mailbox):
    admin = await create_clinic_admin(client)
    known = await client.post(FORGOT, json={"email": admin.email})
    unknown_email = unique_email("nobody")
    unknown = await client.post(FORGOT, json={"email": unknown_email})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert set(known.json()) == {"message"}
    assert mailbox.to(unknown_email) == []
    mails = reset_mails(mailbox, admin.email)
    assert len(mails) == 1
    assert "http://app.test/reset-password?token=" in mails[0].text


async def test_forgot_password_matches_the_email_in_any_case(client, mailbox):
    admin = await create_clinic_admin(client)
    assert (await client.post(FORGOT, json={"email": admin.email.upper()})).status_code == 202
    assert len(reset_mails(mailbox, admin.email)) == 1


async def test_at_most_three_reset_emails_per_hour(client, mailbox):
    admin = await create_clinic_admin(client)
    for _ in range(4):
        response = await client.post(FORGOT, json={"email": admin.email})
        assert response.status_code == 202
    assert len(reset_mails(mailbox, admin.email)) == 3
    # The limit is per address: another account still gets its link.
    other = await create_clinic_admin(client)
    await client.post(FORGOT, json={"email": other.email})
    assert len(reset_mails(mailbox, other.email)) == 1


async def test_reset_limit_frees_up_after_an_hour(client, mailbox):
    admin = await create_clinic_admin(client)
    for _ in range(3):
        await client.post(FORGOT, json={"email": admin.email})
    for record in await ActionToken.find(ActionToken.purpose == "reset_password").to_list():
        await record.set({ActionToken.created_at: record.created_at - timedelta(minutes=61)})
    await client.post(FORGOT, json={"email": admin.email})
    assert len(reset_mails(mailbox, admin.email)) == 4


async def request_reset(client, mailbox, user: SignedIn) -> str:
    response = await client.post(FORGOT, json={"email": user.email})
    assert response.status_code == 202
    return mailbox.token(user.email, "reset-password")


async def test_reset_password_sets_the_new_password_once(client, mailbox):
    admin = await create_clinic_admin(client)
    token = await request_reset(client, mailbox, admin)
    before = len(mailbox.to(admin.email))

    response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"message"}

    old = await client.post(LOGIN, json={"email": admin.email, "password": PASSWORD})
    assert_error(old, 401)
    await login(client, admin.email, NEW_PASSWORD)

    again = await client.post(RESET, json={"token": token, "new_password": "yet another one!"})
    assert_error(again, 400, "invalid_or_expired_token")
    await login(client, admin.email, NEW_PASSWORD)

    notices = mailbox.to(admin.email)[before:]
    assert [m.subject for m in notices] == ["Your password was changed"]
    assert "/reset-password" not in notices[0].text


async def test_reset_password_signs_out_every_session(client, mailbox):
    admin = await create_clinic_admin(client)
    second = await login(client, admin.email)
    rotated = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": second.refresh_token})
    ).json()
    token = await request_reset(client, mailbox, admin)
    response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.text

    for access in (admin.access_token, second.access_token, rotated["access_token"]):
        assert_error(await client.get(ME, headers={"Authorization": f"Bearer {access}"}), 401)
    for refresh_token in (admin.refresh_token, rotated["refresh_token"]):
        refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
        assert_error(refreshed, 401)


async def test_a_new_password_spends_every_outstanding_reset_link(client, mailbox):
    admin = await create_clinic_admin(client)
    await client.post(FORGOT, json={"email": admin.email})
    first = mailbox.token(admin.email, "reset-password")
    second = await request_reset(client, mailbox, admin)
    third = await request_reset(client, mailbox, admin)
    assert len({first, second, third}) == 3
    used = await client.post(RESET, json={"token": second, "new_password": NEW_PASSWORD})
    assert used.status_code == 200
    # A link mailed earlier (perhaps read by someone else) must not undo the new password.
    for stale in (first, third):
        response = await client.post(RESET, json={"token": stale, "new_password": "attacker pass"})
        assert_error(response, 400, "invalid_or_expired_token")
    await login(client, admin.email, NEW_PASSWORD)


async def test_changing_the_password_spends_outstanding_reset_links(client, mailbox):
    admin = await create_clinic_admin(client)
    token = await request_reset(client, mailbox, admin)
    changed = await client.post(
        CHANGE,
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=admin.headers,
    )
    assert changed.status_code == 200
    response = await client.post(RESET, json={"token": token, "new_password": "attacker pass"})
    assert_error(response, 400, "invalid_or_expired_token")
    await login(client, admin.email, NEW_PASSWORD)


async def test_only_a_hash_of_the_reset_token_is_stored(client, mailbox):
    admin = await create_clinic_admin(client)
    token = await request_reset(client, mailbox, admin)
    [record] = await ActionToken.find(ActionToken.purpose == "reset_password").to_list()
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert await ActionToken.find({"token_hash": token}).count() == 0
    assert token not in record.model_dump_json()


async def test_expired_reset_token_is_400(client, mailbox):
    admin = await create_clinic_admin(client)
    token = await request_reset(client, mailbox, admin)
    record = await ActionToken.find_one(ActionToken.purpose == "reset_password")
    assert record is not None
    await record.set({ActionToken.expires_at: utc_now() - timedelta(seconds=1)})
    response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
    assert_error(response, 400, "invalid_or_expired_token")
    await login(client, admin.email)


@pytest.mark.parametrize("token", ["nonsense", "x" * 4096])
async def test_unknown_reset_token_is_400(client, token):
    response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
    assert_error(response, 400)


async def test_reset_and_verify_tokens_are_not_interchangeable(client, mailbox):
    admin = await create_clinic_admin(client)
    verify_token = mailbox.token(admin.email, "verify-email")
    response = await client.post(RESET, json={"token": verify_token, "new_password": NEW_PASSWORD})
    assert_error(response, 400)
    await login(client, admin.email)


@pytest.mark.parametrize("length", [9, 129])
async def test_reset_password_length_is_checked(client, mailbox, length):
    admin = await create_clinic_admin(client)
    token = await request_reset(client, mailbox, admin)
    response = await client.post(RESET, json={"token": token, "new_password": "n" * length})
    assert_error(response, 422, "validation_error")
    # The rejected request did not spend the link.
    ok = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
    assert ok.status_code == 200


async def test_change_password_with_a_wrong_current_password_is_400(client, mailbox):
    admin = await create_clinic_admin(client)
    other = await login(client, admin.email)
    response = await client.post(
        CHANGE,
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
        headers=admin.headers,
    )
    assert_error(response, 400, "wrong_password")
    await login(client, admin.email)
    assert (await client.get(ME, headers=other.headers)).status_code == 200


async def test_change_password_keeps_this_session_and_ends_the_others(client, mailbox):
    admin = await create_clinic_admin(client)
    other = await login(client, admin.email)
    before = len(mailbox.to(admin.email))
    response = await client.post(
        CHANGE,
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text

    assert (await client.get(ME, headers=admin.headers)).status_code == 200
    kept = await client.post("/api/v1/auth/refresh", json={"refresh_token": admin.refresh_token})
    assert kept.status_code == 200
    assert_error(await client.get(ME, headers=other.headers), 401)
    ended = await client.post("/api/v1/auth/refresh", json={"refresh_token": other.refresh_token})
    assert_error(ended, 401)

    assert_error(await client.post(LOGIN, json={"email": admin.email, "password": PASSWORD}), 401)
    await login(client, admin.email, NEW_PASSWORD)
    assert [m.subject for m in mailbox.to(admin.email)[before:]] == ["Your password was changed"]


@pytest.mark.parametrize("length", [9, 129])
async def test_change_password_length_is_checked(client, length):
    admin = await create_clinic_admin(client)
    response = await client.post(
        CHANGE,
        json={"current_password": PASSWORD, "new_password": "n" * length},
        headers=admin.headers,
    )
    assert_error(response, 422)
    await login(client, admin.email)


async def test_change_password_needs_a_token(client):
    response = await client.post(
        CHANGE, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert_error(response, 401)
