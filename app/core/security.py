"""Password hashing (argon2id, bcrypt upgraded on login), JWTs and one-time tokens."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from jose import JWTError, jwt
from passlib.context import CryptContext

from app.config import Settings

TokenType = Literal["access", "refresh"]

# OWASP's argon2id baseline (19 MiB, 2 passes): strong, yet quick enough for a login path.
_passwords = CryptContext(
    schemes=["argon2", "bcrypt"],
    deprecated=["bcrypt"],
    argon2__type="ID",
    argon2__memory_cost=19456,
    argon2__rounds=2,
    argon2__parallelism=1,
)
# Verified against when the email is unknown, so both failures take about the same time.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))
_BCRYPT_MAX_BYTES = 72


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash when the stored one is outdated."""
    if password_hash is None:
        _passwords.verify(password, _DUMMY_HASH)
        return False, None
    try:
        if _passwords.identify(password_hash) == "bcrypt":
            # bcrypt reads 72 bytes: older libraries cut longer passwords silently when
            # hashing, bcrypt 5 refuses them. The upgrade hashes the whole password.
            ok = _passwords.verify(password.encode()[:_BCRYPT_MAX_BYTES], password_hash)
            return ok, hash_password(password) if ok else None
        return _passwords.verify_and_update(password, password_hash)
    except (ValueError, TypeError):
        return False, None


def new_opaque_token() -> str:
    """A URL-safe single-use secret for emailed links."""
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> str:
    """The stored form of an opaque token: only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TokenClaims:
    """The verified claims of one of our JWTs."""

    subject: str
    token_type: TokenType
    jti: str
    session_id: str
    expires_at: datetime


def create_token(
    settings: Settings,
    *,
    subject: str,
    token_type: TokenType,
    session_id: str,
    now: datetime,
    jti: str | None = None,
) -> tuple[str, TokenClaims]:
    """A signed JWT of the given type, and its claims."""
    lifetime = (
        timedelta(minutes=settings.access_token_expire_minutes)
        if token_type == "access"
        else timedelta(days=settings.refresh_token_expire_days)
    )
    claims = TokenClaims(
        subject=subject,
        token_type=token_type,
        jti=jti or uuid.uuid4().hex,
        session_id=session_id,
        expires_at=now + lifetime,
    )
    payload: dict[str, Any] = {
        "sub": subject,
        "type": token_type,
        "jti": claims.jti,
        "sid": session_id,
        "iat": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    token = jwt.encode(payload, settings.jwt_secret_key, algorithm=settings.jwt_algorithm)
    return token, claims


def decode_token(settings: Settings, token: str, expected_type: TokenType) -> TokenClaims | None:
    """The claims of a valid token of the expected type, or None for anything else."""
    try:
        header = jwt.get_unverified_header(token)
        # An explicit allow-list: `none` and every other algorithm are refused.
        if header.get("alg") != settings.jwt_algorithm:
            return None
        payload = jwt.decode(
            token,
            settings.jwt_secret_key,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={
                "require_exp": True,
                "require_iat": True,
                "require_sub": True,
                "require_jti": True,
                "require_aud": True,
                "require_iss": True,
            },
        )
    except (JWTError, ValueError, TypeError, KeyError):
        return None
    if payload.get("type") != expected_type or not isinstance(payload.get("sid"), str):
        return None
    return TokenClaims(
        subject=str(payload["sub"]),
        token_type=expected_type,
        jti=str(payload["jti"]),
        session_id=payload["sid"],
        expires_at=datetime.fromtimestamp(payload["exp"]).astimezone(),
    )
