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


def calendar_age(born: date, on: date) -> tuple[int, int, int]:
    """Completed years, months and days from `born` to `on` (zeros when `on` is earlier)."""
    if on < born:
        return 0, 0, 0
    months = (on.year - born.year) * 12 + on.month - born.month
    if on.day < born.day:
        months -= 1
    anchor = add_months(born, months)
    return months // 12, months % 12, (on - anchor).days


def add_months(start: date, months: int) -> date:
    """`start` moved by whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    month_index = start.year * 12 + start.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise ValueError("unreachable")
