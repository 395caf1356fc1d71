"""Single-use emailed tokens: created as a hash, consumed atomically."""

from datetime import datetime, timedelta
from typing import Any

from beanie import PydanticObjectId
from pymongo import ReturnDocument

from app.core.security import hash_opaque_token, new_opaque_token
from app.features.auth.exceptions import InvalidActionToken
from app.features.auth.models import ActionToken, TokenPurpose
from app.shared.time import utc_now


async def create(
    purpose: TokenPurpose,
    *,
    email: str,
    lifetime: timedelta,
    user_id: PydanticObjectId | None = None,
    clinic_id: PydanticObjectId | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[str, ActionToken]:
    """A new token: the secret to email, and its stored record (which holds only a hash)."""
    secret = new_opaque_token()
    record = ActionToken(
        purpose=purpose,
        token_hash=hash_opaque_token(secret),
        email=email,
        user_id=user_id,
        clinic_id=clinic_id,
        payload=payload or {},
        expires_at=utc_now() + lifetime,
    )
    await record.insert()
    return secret, record


async def peek(purpose: TokenPurpose, secret: str) -> ActionToken:
    """The unused, unexpired token for `secret`, without consuming it."""
    record = await ActionToken.find_one(
        {
            "purpose": purpose,
            "token_hash": hash_opaque_token(secret),
            "used_at": None,
            "expires_at": {"$gt": utc_now()},
        }
    )
    if record is None:
        raise InvalidActionToken()
    return record


async def consume(purpose: TokenPurpose, secret: str) -> ActionToken:
    """Mark the token used and return it; a second use fails."""
    return await _consume({"purpose": purpose, "token_hash": hash_opaque_token(secret)})


async def consume_record(record: ActionToken) -> ActionToken:
    """Mark a token found by other means used, unless it was used or expired meanwhile."""
    return await _consume({"_id": record.id, "purpose": record.purpose})


async def _consume(match: dict[str, Any]) -> ActionToken:
    # One atomic update: of two concurrent uses, exactly one finds the token unused.
    now = utc_now()
    raw = await ActionToken.get_motor_collection().find_one_and_update(
        {**match, "used_at": None, "expires_at": {"$gt": now}},
        {"$set": {"used_at": now}},
        return_document=ReturnDocument.AFTER,
    )
    if raw is None:
        raise InvalidActionToken()
    return ActionToken.model_validate(raw)


async def find_pending(purpose: TokenPurpose, **match: Any) -> list[ActionToken]:
    """Unused, unexpired tokens of this purpose matching `match` (dotted keys reach the payload)."""
    query = {"purpose": purpose, "used_at": None, "expires_at": {"$gt": utc_now()}, **match}
    return await ActionToken.find(query).sort("-created_at", "-_id").to_list()


async def spend_matching(purpose: TokenPurpose, **match: Any) -> None:
    """Mark every unused token of this purpose matching `match` used (withdrawn, superseded)."""
    await ActionToken.find({"purpose": purpose, "used_at": None, **match}).update(
        {"$set": {"used_at": utc_now()}}
    )


async def count_since(purpose: TokenPurpose, *, email: str, since: datetime) -> int:
    """How many tokens of this purpose were issued to `email` since `since`."""
    return await ActionToken.find(
        {"purpose": purpose, "email": email, "created_at": {"$gt": since}}
    ).count()
