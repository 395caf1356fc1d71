"""Rate limits kept in the database, so they hold across workers and restarts."""

import math
from datetime import datetime, timedelta

import pymongo
from beanie import Document
from pydantic import Field

from app.shared.time import as_utc, utc_now


class RateLimitHit(Document):
    """One counted event under a key, e.g. a failed login for an email."""

    key: str
    at: datetime = Field(default_factory=utc_now)
    expires_at: datetime

    class Settings:
        name = "rate_limit_hits"
        indexes = [
            [("key", pymongo.ASCENDING), ("at", pymongo.ASCENDING)],
            pymongo.IndexModel([("expires_at", pymongo.ASCENDING)], expireAfterSeconds=0),
        ]


async def add_hit(key: str, *, window: timedelta, now: datetime | None = None) -> None:
    """Count one event under `key`."""
    at = now or utc_now()
    await RateLimitHit(key=key, at=at, expires_at=at + window).insert()


async def retry_after(
    key: str, *, limit: int, window: timedelta, now: datetime | None = None
) -> int | None:
    """Seconds until `key` is under its limit again, or None when it is under it now."""
    at = now or utc_now()
    hits = (
        await RateLimitHit.find(RateLimitHit.key == key, RateLimitHit.at > at - window)
        .sort("-at")
        .limit(limit)
        .to_list()
    )
    if len(hits) < limit:
        return None
    oldest_counted = as_utc(hits[-1].at)
    # Rounded up, not up-and-one: at exactly that instant the oldest hit leaves the window.
    return max(1, math.ceil((oldest_counted + window - at).total_seconds()))


async def clear(key: str) -> None:
    """Forget the events counted under `key` (e.g. after a successful login)."""
    await RateLimitHit.find(RateLimitHit.key == key).delete()
