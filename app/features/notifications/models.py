"""In-app notifications, reminder claims (exactly-once keys) and email preferences."""

from datetime import date, datetime

import pymongo
from beanie import Document, Indexed, PydanticObjectId
from pydantic import Field

from app.shared.time import utc_now


class Notification(Document):
    """One item of a user's in-app inbox."""

    user_id: PydanticObjectId
    clinic_id: PydanticObjectId | None = None
    patient_id: PydanticObjectId | None = None
    kind: str
    title: str
    body: str
    created_at: datetime = Field(default_factory=utc_now)
    read_at: datetime | None = None

    class Settings:
        name = "notifications"
        # The inbox newest first, whole or unread; which children it is about is read on the
        # index's keys.
        indexes = [
            [
                ("user_id", pymongo.ASCENDING),
                ("created_at", pymongo.DESCENDING),
                ("_id", pymongo.DESCENDING),
                ("patient_id", pymongo.ASCENDING),
            ],
            [
                ("user_id", pymongo.ASCENDING),
                ("read_at", pymongo.ASCENDING),
                ("created_at", pymongo.DESCENDING),
                ("_id", pymongo.DESCENDING),
                ("patient_id", pymongo.ASCENDING),
            ],
        ]


class ReminderClaim(Document):
    """A reminder that has been claimed for sending; its unique key makes it happen once."""

    key: Indexed(str, unique=True)  # type: ignore[valid-type]
    clinic_id: PydanticObjectId
    patient_id: PydanticObjectId
    kind: str
    on_day: date
    claimed_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "reminder_claims"


class EmailPreference(Document):
    """What reminder mail an address accepts; an absent record means everything."""

    email: Indexed(str, unique=True)  # type: ignore[valid-type]
    email_dose_reminders: bool = True
    email_milestone_reminders: bool = True
    updated_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "email_preferences"
