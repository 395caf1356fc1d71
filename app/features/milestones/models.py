"""Milestone observations: an append-only history per child and catalog item."""

from datetime import date, datetime
from typing import Literal

import pymongo
from beanie import PydanticObjectId
from pydantic import Field

from app.features.milestones.rules import ConcernKind, Status
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
                ("_id", pymongo.DESCENDING),
            ],
        ]


class StoredConcernPeriod(ClinicOwnedDocument):
    """One period of a child's concern state, stored so the clinic's list is an indexed page.

    A read model computed by `periods.concern_periods` whenever the child's observations or
    profile change (`concerns.py`): from `starts_on` until the day before `ends_on` the child's
    most urgent concern is (`kind`, `code`, `since`). `statuses` and `lost_on` (each observed
    item's latest status, and the skills lost) let a row of the list show all of the child's
    concerns without reading the observations. Only active children have periods, and periods
    already over everywhere are not kept. `revision` tells the newest computation of a child
    from an older one that finished later (see `repository.replace_periods`).
    """

    patient_id: PydanticObjectId
    revision: PydanticObjectId
    first_name: str
    last_name: str
    date_of_birth: date
    gestational_age_weeks: int | None = None
    starts_on: date
    ends_on: date
    kind_rank: int
    kind: ConcernKind
    code: str
    since: date
    statuses: dict[str, Status] = Field(default_factory=dict)
    lost_on: dict[str, date] = Field(default_factory=dict)

    class Settings:
        name = "milestone_concern_periods"
        keep_nulls = False
        indexes = [
            # The list: the clinic's periods in urgency order, then by name; today's are
            # picked from the index entries (starts_on <= today < ends_on).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("kind_rank", pymongo.ASCENDING),
                ("since", pymongo.ASCENDING),
                ("code", pymongo.ASCENDING),
                ("last_name", pymongo.ASCENDING),
                ("first_name", pymongo.ASCENDING),
                ("patient_id", pymongo.ASCENDING),
                ("starts_on", pymongo.ASCENDING),
                ("ends_on", pymongo.ASCENDING),
            ],
            # The count: periods not yet over that have started.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("ends_on", pymongo.ASCENDING),
                ("starts_on", pymongo.ASCENDING),
            ],
            # Replacing one child's (or a batch's) periods.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_id", pymongo.ASCENDING),
                ("revision", pymongo.ASCENDING),
            ],
        ]
