"""Base documents: timestamps, and the tenant key for clinic-owned data."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from beanie import Document, PydanticObjectId, before_event
from beanie.odm.actions import Insert, Replace, Save, Update
from pydantic import Field

from app.shared.time import utc_now

D = TypeVar("D", bound=Document)


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


async def read_one(model: type[D], query: Mapping[str, Any]) -> D | None:
    """The first document matching a plain (already BSON-encoded) filter, as its model.

    For the reads every request makes (session, user, a child's record): Beanie's
    `get`/`find_one` build a query object, encode the filter and compute the model's
    projection on every call, which costs about as much as the read and validation.
    """
    raw = await model.get_motor_collection().find_one(query)
    return None if raw is None else model.model_validate(raw)
