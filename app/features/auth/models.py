"""Accounts, sign-in sessions and single-use emailed tokens."""

from datetime import datetime
from typing import Any, Literal

import pymongo
from beanie import Document, Indexed, PydanticObjectId
from pydantic import Field

from app.shared.documents import TimestampedDocument
from app.shared.time import utc_now

Role = Literal["admin", "staff", "parent"]
TokenPurpose = Literal["verify_email", "reset_password", "invite"]


class User(TimestampedDocument):
    """A person who signs in: clinic admin or staff, or a parent."""

    email: Indexed(str, unique=True)  # type: ignore[valid-type]
    name: str
    phone: str | None = None
    role: Role
    clinic_id: PydanticObjectId | None = None
    password_hash: str
    is_active: bool = True
    is_verified: bool = False

    class Settings:
        name = "users"
        indexes = [[("clinic_id", pymongo.ASCENDING), ("role", pymongo.ASCENDING)]]


class AuthSession(Document):
    """One sign-in: its access tokens and its rotating refresh token (a token family)."""

    user_id: Indexed(PydanticObjectId)  # type: ignore[valid-type]
    refresh_jti: str
    created_at: datetime = Field(default_factory=utc_now)
    last_used_at: datetime = Field(default_factory=utc_now)
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    class Settings:
        name = "auth_sessions"


class ActionToken(Document):
    """A single-use emailed token (verification, reset, invitation); only its hash is kept."""

    purpose: TokenPurpose
    token_hash: Indexed(str, unique=True)  # type: ignore[valid-type]
    email: str
    user_id: PydanticObjectId | None = None
    clinic_id: PydanticObjectId | None = None
    payload: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    used_at: datetime | None = None

    class Settings:
        name = "action_tokens"
        indexes = [[("purpose", pymongo.ASCENDING), ("email", pymongo.ASCENDING)]]
