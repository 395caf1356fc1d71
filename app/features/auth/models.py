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
        indexes = [
            # Whether another active admin is left (ids compared on the index).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("role", pymongo.ASCENDING),
                ("is_active", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
            ],
            # The clinic's staff list by name (the role filter read on the index).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("name", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
                ("role", pymongo.ASCENDING),
            ],
        ]


class AuthSession(Document):
    """One sign-in: its access tokens and its rotating refresh token (a token family)."""

    user_id: PydanticObjectId
    refresh_jti: str
    created_at: datetime = Field(default_factory=utc_now)
    last_used_at: datetime = Field(default_factory=utc_now)
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    class Settings:
        name = "auth_sessions"
        # A user's live sessions, revoked at once (all, or all but the current one).
        indexes = [
            [
                ("user_id", pymongo.ASCENDING),
                ("revoked_at", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
            ]
        ]


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
        indexes = [
            # An address's pending tokens of a kind, newest first (and how many were sent
            # lately); the token's own hash is unique.
            [
                ("purpose", pymongo.ASCENDING),
                ("email", pymongo.ASCENDING),
                ("used_at", pymongo.ASCENDING),
                ("payload.role", pymongo.ASCENDING),
                ("created_at", pymongo.DESCENDING),
                ("_id", pymongo.DESCENDING),
                ("expires_at", pymongo.ASCENDING),
            ],
            # A guardian entry's pending invitations (withdrawn when the entry changes).
            [
                ("purpose", pymongo.ASCENDING),
                ("payload.guardian_id", pymongo.ASCENDING),
                ("used_at", pymongo.ASCENDING),
            ],
        ]
