"""The clinic: the tenant that owns staff, children and their records."""

from beanie import Indexed

from app.shared.documents import TimestampedDocument
from app.shared.schedule_codes import DEFAULT_SCHEDULE_CODE

DEFAULT_OVERDUE_AFTER_DAYS = 28


class Clinic(TimestampedDocument):
    """A clinic and its settings (branding, timezone, schedule, reminders)."""

    name: str
    name_key: Indexed(str)  # type: ignore[valid-type]
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    timezone: str = "UTC"
    logo_url: str | None = None
    primary_color: str = "#1F6FEB"
    schedule_code: str = DEFAULT_SCHEDULE_CODE
    reminder_days_before: int = 7
    # Days after a dose's recommended date from which it counts as overdue, where the schedule
    # gives no past-due age of its own (the WHO data): 28, the four weeks used for defaulters.
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS

    class Settings:
        name = "clinics"
