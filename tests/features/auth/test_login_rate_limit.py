"""Failed logins are limited per email: five in fifteen minutes, then 429 with Retry-After."""

from datetime import timedelta

from app.core import rate_limit
from app.core.rate_limit import RateLimitHit
from app.shared.time import utc_now
from tests.factories import PASSWORD, assert_error, create_clinic_admin, login, unique_email

LOGIN = "/api/v1/auth/login"
WRONG = "not the password"


async def fail_logins(client, email: str, times: int) -> None:
    for _ in range(times):
        response = await client.post(LOGIN, json={"email": email, "password": WRONG})
        assert_error(response, 401, "invalid_credentials")


async def move_hits_back(minutes: int) -> int:
    """Age every counted login failure as if `minutes` had passed; returns how many moved."""
    # Only `at` moves: an `expires_at` in the past would let a TTL index drop the hit.
    # Sign-ups are counted too (other keys); they are left alone.
    hits = await RateLimitHit.find({"key": {"$regex": "^login:"}}).to_list()
    for hit in hits:
        await hit.set({RateLimitHit.at: hit.at - timedelta(minutes=minutes)})
    return len(hits)


def assert_rate_limited(response) -> int:
    error = assert_error(response, 429, "rate_limited")
    retry_after = response.headers["Retry-After"]
    assert retry_after.isdigit(), retry_after
    seconds = int(retry_after)
    assert 0 < seconds <= 900
    assert error["details"] == {"retry_after_seconds": seconds}
    return seconds


async def test_sixth_attempt_is_429_even_with_the_right_password(client):
    admin = await create_clinic_admin(client)
    await fail_logins(client, admin.email, 5)
    right = await client.post(LOGIN, json={"email": admin.email, "password": PASSWORD})
    assert_rate_limited(right)
    wrong = await client.post(LOGIN, json={"email": admin.email, "password": WRONG})
    assert_rate_limited(wrong)


async def test_four_failures_do_not_lock_and_success_resets_the_count(client):
    admin = await create_clinic_admin(client)
    await fail_logins(client, admin.email, 4)
    await login(client, admin.email)
    # The success cleared the count: four more failures still leave the account open.
    await fail_logins(client, admin.email, 4)
    await login(client, admin.email)


async def test_the_limit_is_per_email_and_case_insensitive(client):
    locked = await create_clinic_admin(client)
    other = await create_clinic_admin(client)
    await fail_logins(client, locked.email.upper(), 5)
    response = await client.post(LOGIN, json={"email": locked.email, "password": PASSWORD})
    assert_rate_limited(response)
    await login(client, other.email)
    unknown = await client.post(LOGIN, json={"email": unique_email(), "password": WRONG})
    assert_error(unknown, 401)


async def test_the_oauth2_form_shares_the_limit(client):
    admin = await create_clinic_admin(client)
    await fail_logins(client, admin.email, 5)
    response = await client.post(
        "/api/v1/auth/token", data={"username": admin.email, "password": PASSWORD}
    )
    assert_rate_limited(response)


async def test_unknown_emails_are_limited_too(client):
    email = unique_email("ghost")
    await fail_logins(client, email, 5)
    assert_rate_limited(await client.post(LOGIN, json={"email": email, "password": WRONG}))


async def test_login_works_again_after_the_window(client):
    admin = await create_clinic_admin(client)
    await fail_logins(client, admin.email, 5)
    assert_rate_limited(await client.post(LOGIN, json={"email": admin.email, "password": PASSWORD}))
    # Fourteen minutes later the window still holds.
    assert await move_hits_back(14) == 5
    seconds = assert_rate_limited(
        await client.post(LOGIN, json={"email": admin.email, "password": PASSWORD})
    )
    assert seconds <= 60
    # Sixteen minutes after the failures the window has passed.
    await move_hits_back(2)
    await login(client, admin.email)


async def test_window_slides_with_the_oldest_failure(client):
    admin = await create_clinic_admin(client)
    await fail_logins(client, admin.email, 4)
    await move_hits_back(16)
    # The four old failures no longer count: five new ones are needed to lock again.
    await fail_logins(client, admin.email, 4)
    await login(client, admin.email)


async def test_retry_after_is_exactly_the_wait(client):
    """Retry-After never exceeds the window, and waiting that long is enough."""
    window = timedelta(minutes=15)
    first = utc_now()
    for second in range(5):
        await rate_limit.add_hit("exact", window=window, now=first + timedelta(seconds=second))
    for elapsed in (4, 4.5, 100, 899):
        now = first + timedelta(seconds=elapsed)
        wait = await rate_limit.retry_after("exact", limit=5, window=window, now=now)
        assert wait is not None and 0 < wait <= 900
        at_retry = now + timedelta(seconds=wait)
        assert await rate_limit.retry_after("exact", limit=5, window=window, now=at_retry) is None
        just_before = at_retry - timedelta(seconds=1)
        assert await rate_limit.retry_after("exact", limit=5, window=window, now=just_before)


async def test_retry_after_never_exceeds_the_window(client):
    window = timedelta(minutes=15)
    now = utc_now()
    for _ in range(5):
        await rate_limit.add_hit("burst", window=window, now=now)
    assert await rate_limit.retry_after("burst", limit=5, window=window, now=now) == 900
