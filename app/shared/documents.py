"""Base documents: timestamps, and the tenant key for clinic-owned data."""

from datetime import datetime

from beanie import Document, PydanticObjectId, before_event
from beanie.odm.actions import Insert, Replace, Save, Update
from pydantic import Field

from app.shared.time import utc_now


class TimestampedDocument(Document):
    """A document that records when it was created and last changed."""

    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)

    @before_event(Insert, Replace, Save, Update)
    def _touch(self) -> None:
        self.updated_at = utc_now()


class ClinicOwnedDocument(TimestampedDocument):
    """A document that belongs to one clinic; every query on it is scoped by `clinic_id`."""

    clinic_id: PydanticObjectId
