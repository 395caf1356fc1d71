"""Account logic: signup, login, passwords, email verification, invitations, profile."""

from dataclasses import dataclass
from datetime import timedelta

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from app.config import get_settings
from app.core import audit, rate_limit
from app.core.email import send_email_safely
from app.core.events import Hook
from app.core.security import hash_password, verify_password
from app.features.auth import action_tokens, emails, repository, sessions
from app.features.auth.exceptions import (
    EmailInUse,
    InvalidCredentials,
    LoginRateLimited,
    SignupRateLimited,
    WrongPassword,
)
from app.features.auth.models import ActionToken, User
from app.features.auth.password_policy import check_new_password
from app.features.auth.sessions import IssuedTokens, actor_of
from app.shared.time import utc_now

LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
RESET_EMAILS_PER_HOUR = 3
RESET_TOKEN_LIFETIME = timedelta(hours=1)
VERIFY_TOKEN_LIFETIME = timedelta(days=7)
# Sign-ups create a clinic and send mail: a person needs one, a script wants thousands.
SIGNUP_WINDOW = timedelta(hours=1)
SIGNUPS_PER_EMAIL = 5
SIGNUPS_PER_ADDRESS = 20


async def find_user_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return await repository.user_by_email(email)


async def signup(
    *,
    name: str,
    email: str,
    password: str,
    clinic_id: PydanticObjectId,
    client_address: str | None = None,
) -> IssuedTokens:
    """Create the first admin of a new clinic, email a verification link, and sign in.

    The clinic feature opens the clinic itself (`clinic.service.open_clinic`) once this
    account exists. Attempts are limited per email and per client address (`SIGNUPS_PER_*`
    an hour); one refused for its password is not counted.
    """
    limits = {f"signup:email:{email}": SIGNUPS_PER_EMAIL}
    if client_address:
        limits[f"signup:address:{client_address}"] = SIGNUPS_PER_ADDRESS
    waits = [
        await rate_limit.retry_after(key, limit=limit, window=SIGNUP_WINDOW)
        for key, limit in limits.items()
    ]
    if any(wait is not None for wait in waits):
        raise SignupRateLimited(max(wait for wait in waits if wait is not None))
    check_new_password(password, email=email, field="password")
    for key in limits:
        await rate_limit.add_hit(key, window=SIGNUP_WINDOW)
    if await find_user_by_email(email):
        raise EmailInUse()
    user = User(
        email=email,
        name=name,
        role="admin",
        clinic_id=clinic_id,
        password_hash=hash_password(password),
    )
    try:
        # The user goes in before the clinic: a concurrent signup with the same email leaves
        # no orphan clinic.
        await user.insert()
    except DuplicateKeyError:
        raise EmailInUse() from None
    await audit.record("auth.signup", actor=actor_of(user), target_type="user", target_id=user.id)
    await send_verification(user)
    return await sessions.start_session(user)


async def send_verification(user: User) -> None:
    """Email `user` a link that confirms their address."""
    token, _ = await action_tokens.create(
        "verify_email", email=user.email, user_id=user.id, lifetime=VERIFY_TOKEN_LIFETIME
    )
    await send_email_safely(
        get_settings(),
        emails.verification(user.email, user.name, token),
        kind="verify_email",
        clinic_id=user.clinic_id,
    )


async def login(*, email: str, password: str) -> IssuedTokens:
    """Check the password and open a session; failures are rate limited per email."""
    limit_key = f"login:{email}"
    wait = await rate_limit.retry_after(
        limit_key, limit=LOGIN_FAILURE_LIMIT, window=LOGIN_FAILURE_WINDOW
    )
    if wait is not None:
        raise LoginRateLimited(wait)
    user = await find_user_by_email(email)
    ok, upgraded_hash = verify_password(password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
        await rate_limit.add_hit(limit_key, window=LOGIN_FAILURE_WINDOW)
        await audit.record(
            "auth.login_failed",
            actor=actor_of(user) if user else audit.ANONYMOUS,
            target_type="user",
            target_id=user.id if user else None,
        )
        raise InvalidCredentials()
    if upgraded_hash:
        user.password_hash = upgraded_hash
        await user.save()
    await rate_limit.clear(limit_key)
    await audit.record("auth.login", actor=actor_of(user), target_type="user", target_id=user.id)
    return await sessions.start_session(user)


async def logout(*, user: User, session_id: PydanticObjectId) -> None:
    """End the caller's session."""
    await sessions.revoke_session(session_id, reason="logout")
    await audit.record(
        "auth.logout", actor=actor_of(user), target_type="session", target_id=session_id
    )


async def request_password_reset(*, email: str) -> None:
    """Email a reset link if the account exists and the hourly limit allows; silent otherwise."""
    user = await find_user_by_email(email)
    if user is None or not user.is_active:
        return
    hour_ago = utc_now() - timedelta(hours=1)
    sent = await action_tokens.count_since("reset_password", email=user.email, since=hour_ago)
    if sent >= RESET_EMAILS_PER_HOUR:
        return
    token, _ = await action_tokens.create(
        "reset_password", email=user.email, user_id=user.id, lifetime=RESET_TOKEN_LIFETIME
    )
    await send_email_safely(
        get_settings(),
        emails.password_reset(user.email, user.name, token),
        kind="password_reset",
        clinic_id=user.clinic_id,
    )
    await audit.record(
        "auth.password_reset_requested", actor=actor_of(user), target_type="user", target_id=user.id
    )


async def reset_password(*, token: str, new_password: str) -> None:
    """Set a new password from a reset link, end every session and send a notice."""
    # Checked before the link is spent, so a refused password leaves the link usable.
    pending = await action_tokens.peek("reset_password", token)
    check_new_password(new_password, email=pending.email, field="new_password")
    record = await action_tokens.consume("reset_password", token)
    user = await repository.user_by_id(record.user_id) if record.user_id else None
    if user is None or not user.is_active:
        raise InvalidCredentials()
    await _set_password(user, new_password)
    await sessions.revoke_user_sessions(user.id, reason="password_reset")  # type: ignore[arg-type]
    await audit.record(
        "auth.password_reset", actor=actor_of(user), target_type="user", target_id=user.id
    )
    await send_email_safely(
        get_settings(),
        emails.password_changed(user.email, user.name),
        kind="password_changed",
        clinic_id=user.clinic_id,
    )


async def change_password(
    *, user: User, session_id: PydanticObjectId, current_password: str, new_password: str
) -> None:
    """Change the password after checking the current one; other sessions end."""
    ok, _ = verify_password(current_password, user.password_hash)
    if not ok:
        raise WrongPassword()
    check_new_password(new_password, email=user.email, field="new_password")
    await _set_password(user, new_password)
    await sessions.revoke_user_sessions(user.id, reason="password_change", keep=session_id)  # type: ignore[arg-type]
    await audit.record(
        "auth.password_change", actor=actor_of(user), target_type="user", target_id=user.id
    )
    await send_email_safely(
        get_settings(),
        emails.password_changed(user.email, user.name),
        kind="password_changed",
        clinic_id=user.clinic_id,
    )


async def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    await user.save()
    # A reset link mailed earlier must not undo the new password.
    await action_tokens.spend_matching("reset_password", email=user.email)


async def verify_email(*, token: str) -> User:
    """Mark the address behind a verification link as confirmed."""
    record = await action_tokens.consume("verify_email", token)
    user = await repository.user_by_id(record.user_id) if record.user_id else None
    if user is None or user.email != record.email:
        raise InvalidCredentials()
    if not user.is_verified:
        user.is_verified = True
        await user.save()
        await audit.record(
            "auth.email_verified", actor=actor_of(user), target_type="user", target_id=user.id
        )
    return user


async def accept_invitation(*, token: str, name: str, password: str) -> IssuedTokens:
    """Create the invited account (its email is proven by the link) and sign it in."""
    pending = await action_tokens.peek("invite", token)
    check_new_password(password, email=pending.email, field="password")
    if await find_user_by_email(pending.email):
        raise EmailInUse()
    record = await action_tokens.consume("invite", token)
    role = record.payload["role"]
    user = User(
        email=record.email,
        name=name,
        role=role,
        # Parents belong to no clinic: they reach children through guardian links.
        clinic_id=None if role == "parent" else record.clinic_id,
        password_hash=hash_password(password),
        is_verified=True,
    )
    try:
        await user.insert()
    except DuplicateKeyError:
        raise EmailInUse() from None
    await audit.record(
        "auth.invitation_accepted",
        actor=actor_of(user),
        clinic_id=record.clinic_id,
        target_type="user",
        target_id=user.id,
    )
    await invitation_accepted.emit(InvitationAccepted(user=user, invitation=record))
    return await sessions.start_session(user)


@dataclass(frozen=True)
class InvitationAccepted:
    """A new account was created from an invitation."""

    user: User
    invitation: ActionToken


# Higher features subscribe, e.g. patients links a new parent to the invited guardian.
invitation_accepted: Hook[InvitationAccepted] = Hook()


async def update_me(*, user: User, changes: dict[str, object]) -> User:
    """Change the caller's own name or phone."""
    changed = [key for key, value in changes.items() if getattr(user, key) != value]
    if changed:
        for key in changed:
            setattr(user, key, changes[key])
        await user.save()
        await audit.record(
            "user.update",
            actor=actor_of(user),
            target_type="user",
            target_id=user.id,
            fields=changed,
        )
    return user
