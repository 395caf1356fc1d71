"""Milestone observations: an append-only history per child and catalog item."""

from datetime import date, datetime
from typing import Literal

import pymongo
from beanie import PydanticObjectId
from pydantic import Field

from app.features.milestones.rules import Status
from app.shared.documents import ClinicOwnedDocument
from app.shared.time import utc_now

ObservationSource = Literal["clinic", "parent"]


class MilestoneObservation(ClinicOwnedDocument):
    """One observation of one milestone of one child; never updated or deleted.

    The item's current status is its latest observation (by `observed_on`, then
    `recorded_at`); older ones stay as the history.
    """

    patient_id: PydanticObjectId
    code: str
    status: Status
    observed_on: date
    notes: str | None = None
    source: ObservationSource
    recorded_by: PydanticObjectId | None = None
    recorded_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "milestone_observations"
        keep_nulls = False
        indexes = [
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_id", pymongo.ASCENDING),
                ("code", pymongo.ASCENDING),
                ("observed_on", pymongo.DESCENDING),
                ("recorded_at", pymongo.DESCENDING),
            ],
        ]
