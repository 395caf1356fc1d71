"""The app's one clock (now in UTC, today in a clinic's timezone) and its calendar arithmetic.

Nothing else in the app reads the machine's clock: tests pin this one (with time-machine).
"""

from calendar import isleap
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


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


def _month_length(year: int, month0: int) -> int:
    """Days in the month (`month0` from 0 for January)."""
    return 29 if month0 == 1 and isleap(year) else _DAYS_IN_MONTH[month0]


def add_months(start: date, months: int) -> date:
    """`start` moved by whole months under the CDSi rule (CALCDT-5): a day the target month
    lacks rolls to the 1st of the month after (31 Jan + 1 month = 1 Mar).

    Every clinical age or interval in the app uses this rule, so that "9 months old" means
    the same day in the engine, the reports, the milestones and the reminders.
    """
    total = start.year * 12 + start.month - 1 + months
    year, month0 = divmod(total, 12)
    if start.day <= _month_length(year, month0):
        return date(year, month0 + 1, start.day)
    if month0 == 11:
        return date(year + 1, 1, 1)
    return date(year, month0 + 2, 1)


def latest_birth_date_at_age(on: date, months: int) -> date:
    """The latest birth date of a child who is at least `months` months old on `on`.

    This is the one place where clamping to the month's last day is right: with the CDSi
    rule above, a child born on `on` minus `months` months, clamped (31 Mar - 1 month =
    28 Feb), has reached the age by `on`, and a child born a day later has not.
    """
    total = on.year * 12 + on.month - 1 - months
    year, month0 = divmod(total, 12)
    return date(year, month0 + 1, min(on.day, _month_length(year, month0)))


def calendar_age(born: date, on: date) -> tuple[int, int, int]:
    """Completed years, months and days from `born` to `on` (zeros when `on` is earlier)."""
    if on < born:
        return 0, 0, 0
    months = (on.year - born.year) * 12 + on.month - born.month
    if on.day < born.day:
        months -= 1
    anchor = add_months(born, months)
    return months // 12, months % 12, (on - anchor).days
