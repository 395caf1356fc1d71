"""Clock helpers: instants are always timezone-aware UTC."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """The current instant in UTC, at millisecond precision as MongoDB stores it."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def as_utc(value: datetime) -> datetime:
    """Read a stored datetime as UTC (drivers may return naive UTC values)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def local_today(timezone: str, now: datetime | None = None) -> date:
    """Today's date in the given IANA timezone."""
    return (now or utc_now()).astimezone(ZoneInfo(timezone)).date()
