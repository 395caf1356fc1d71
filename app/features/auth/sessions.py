"""Sign-in sessions: token issue, access checks, refresh rotation with reuse detection."""

import uuid
from dataclasses import dataclass

from beanie import PydanticObjectId
from pymongo import ReturnDocument

from app.config import get_settings
from app.core import audit
from app.core.security import TokenClaims, create_token, decode_token
from app.features.auth import repository
from app.features.auth.exceptions import InvalidToken
from app.features.auth.models import AuthSession, User
from app.shared.documents import read_one
from app.shared.ids import parse_id
from app.shared.time import utc_now


@dataclass(frozen=True)
class IssuedTokens:
    """An access and refresh token for one session."""

    access_token: str
    refresh_token: str
    user: User


@dataclass(frozen=True)
class Principal:
    """The user behind a valid access token, and the session it belongs to."""

    user: User
    session_id: PydanticObjectId


def actor_of(user: User) -> audit.Actor:
    """The audit actor for a user."""
    return audit.Actor(user_id=user.id, role=user.role, clinic_id=user.clinic_id)


def _issue(user: User, session_id: PydanticObjectId, refresh_jti: str) -> IssuedTokens:
    settings, now = get_settings(), utc_now()
    access, _ = create_token(
        settings, subject=str(user.id), token_type="access", session_id=str(session_id), now=now
    )
    refresh, _ = create_token(
        settings,
        subject=str(user.id),
        token_type="refresh",
        session_id=str(session_id),
        now=now,
        jti=refresh_jti,
    )
    return IssuedTokens(access_token=access, refresh_token=refresh, user=user)


async def start_session(user: User) -> IssuedTokens:
    """Open a new session for `user` and issue its first token pair."""
    assert user.id is not None
    session = AuthSession(user_id=user.id, refresh_jti=uuid.uuid4().hex)
    await session.insert()
    assert session.id is not None
    return _issue(user, session.id, session.refresh_jti)


def _token_id(raw: str) -> PydanticObjectId:
    """An id from a signed token; a malformed one makes the token invalid, not a 404."""
    return parse_id(raw, InvalidToken)


async def _active_user(user_id: str) -> User:
    user = await repository.user_by_id(_token_id(user_id))
    if user is None or not user.is_active:
        raise InvalidToken()
    return user


async def authenticate(access_token: str) -> Principal:
    """The principal behind an access token, or InvalidToken."""
    claims = decode_token(get_settings(), access_token, "access")
    if claims is None:
        raise InvalidToken()
    return await principal_of(claims)


async def principal_of(claims: TokenClaims) -> Principal:
    """The principal behind verified access-token claims: its session still open, its user
    still active (both read now, so a revoked session or a deactivated user is refused at once)."""
    session = await read_one(AuthSession, {"_id": _token_id(claims.session_id)})
    if session is None or session.revoked_at is not None or str(session.user_id) != claims.subject:
        raise InvalidToken()
    assert session.id is not None
    return Principal(user=await _active_user(claims.subject), session_id=session.id)


async def refresh(refresh_token: str) -> IssuedTokens:
    """Rotate a refresh token; a reused one revokes its whole session (token family)."""
    claims = decode_token(get_settings(), refresh_token, "refresh")
    if claims is None:
        raise InvalidToken()
    session_id = _token_id(claims.session_id)
    new_jti = uuid.uuid4().hex
    # One atomic compare-and-set, so two concurrent refreshes cannot both succeed.
    rotated = await AuthSession.get_motor_collection().find_one_and_update(
        {"_id": session_id, "refresh_jti": claims.jti, "revoked_at": None},
        {"$set": {"refresh_jti": new_jti, "last_used_at": utc_now()}},
        return_document=ReturnDocument.AFTER,
    )
    if rotated is None:
        session = await AuthSession.get(session_id)
        if session is not None and session.revoked_at is None:
            await revoke_session(session_id, reason="refresh_token_reuse")
            user = await repository.user_by_id(session.user_id)
            if user is not None:
                await audit.record(
                    "auth.refresh_reuse_detected",
                    actor=actor_of(user),
                    target_type="session",
                    target_id=session_id,
                )
        raise InvalidToken("Refresh token is no longer valid")
    user = await _active_user(claims.subject)
    return _issue(user, session_id, new_jti)


async def revoke_session(session_id: PydanticObjectId, *, reason: str) -> None:
    """End one session: its access and refresh tokens stop working at once."""
    await AuthSession.find(AuthSession.id == session_id, AuthSession.revoked_at == None).update(  # noqa: E711
        {"$set": {"revoked_at": utc_now(), "revoked_reason": reason}}
    )


async def revoke_user_sessions(
    user_id: PydanticObjectId, *, reason: str, keep: PydanticObjectId | None = None
) -> None:
    """End every session of a user, except `keep` when given."""
    query: dict[str, object] = {"user_id": user_id, "revoked_at": None}
    if keep is not None:
        query["_id"] = {"$ne": keep}
    await AuthSession.find(query).update(
        {"$set": {"revoked_at": utc_now(), "revoked_reason": reason}}
    )
