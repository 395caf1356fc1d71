"""Immunization records and each child's stored forecast dates."""

from datetime import date, datetime
from typing import Any, Literal

import pymongo
from beanie import PydanticObjectId
from pydantic import BaseModel, Field

from app.features.immunizations.due_rules import DoseStatus
from app.shared.documents import ClinicOwnedDocument

RecordStatus = Literal["completed", "entered_in_error", "not_done"]
RecordSource = Literal["administered", "historical", "reported"]
Site = Literal["left_arm", "right_arm", "left_thigh", "right_thigh", "oral", "nasal", "other"]
Route = Literal["intramuscular", "subcutaneous", "intradermal", "oral", "intranasal"]
NotDoneReason = Literal["refusal", "contraindication", "out_of_stock", "illness", "other"]


class Revision(BaseModel):
    """The values a correction replaced, kept so that nothing is silently overwritten."""

    version: int
    changed_at: datetime
    changed_by: PydanticObjectId | None
    previous: dict[str, Any]


class ImmunizationRecord(ClinicOwnedDocument):
    """A dose a child received (or that was not given, and why); never deleted."""

    patient_id: PydanticObjectId
    status: RecordStatus = "completed"
    cvx: str | None = None
    date_administered: date
    mvx: str | None = None
    lot_number: str | None = None
    expiration_date: date | None = None
    site: Site | None = None
    route: Route | None = None
    dose_volume_ml: float | None = None
    source: RecordSource = "administered"
    performer_name: str | None = None
    notes: str | None = None
    recorded_by: PydanticObjectId | None = None
    # The clinic schedule's groups of this vaccine when recorded (reports count by group).
    vaccine_groups: list[str] = Field(default_factory=list)
    vaccine_group: str | None = None  # for not-done records
    not_done_reason: NotDoneReason | None = None
    entered_in_error_reason: str | None = None
    entered_in_error_at: datetime | None = None
    revisions: list[Revision] = Field(default_factory=list)
    version: int = 1
    # Identifiers the record carried elsewhere ("system|value", from a FHIR import): an import
    # that names one of them again finds the record instead of adding a second.
    identifiers: list[str] = Field(default_factory=list)

    @property
    def expired(self) -> bool:
        """Given after the vaccine's expiration date: recorded, but not a valid dose."""
        return self.expiration_date is not None and self.expiration_date < self.date_administered

    class Settings:
        name = "immunization_records"
        indexes = [
            # A child's records in order; a batch of children's (patient_id $in); one day's.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_id", pymongo.ASCENDING),
                ("date_administered", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
            ],
            # Doses given at the clinic in a date range (reports).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("source", pymongo.ASCENDING),
                ("status", pymongo.ASCENDING),
                ("date_administered", pymongo.ASCENDING),
            ],
            # A child's records by an identifier they carried elsewhere (idempotent imports).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_id", pymongo.ASCENDING),
                ("identifiers", pymongo.ASCENDING),
            ],
        ]


# The due list's order: most overdue first, then the soonest no longer givable, then the
# soonest recommended. The three dates of the due rules come first, so that the list's page,
# its total and the reminder run's reads are all served by one index.
DUE_LIST_ORDER = [
    ("overdue_sort_key", pymongo.ASCENDING),
    ("latest_date", pymongo.ASCENDING),
    ("recommended_date", pymongo.ASCENDING),
    ("_id", pymongo.ASCENDING),
]


class ForecastEntry(ClinicOwnedDocument):
    """A child's next dose of one vaccine group, as last computed; the worklists read these."""

    patient_id: PydanticObjectId
    patient_active: bool = True
    schedule_code: str
    vaccine_group: str
    dose_number: int | None = None
    earliest_date: date | None = None
    recommended_date: date | None = None
    past_due_date: date | None = None
    latest_date: date | None = None
    # past_due_date, or 9999-12-31 when there is none: sorts "most overdue first" without
    # the nulls that MongoDB would put ahead of every date.
    overdue_sort_key: date = date.max
    computed_on: date

    class Settings:
        name = "forecast_entries"
        indexes = [
            pymongo.IndexModel(
                [
                    ("clinic_id", pymongo.ASCENDING),
                    ("patient_id", pymongo.ASCENDING),
                    ("vaccine_group", pymongo.ASCENDING),
                ],
                unique=True,
            ),
            # The due list in its order, every due rule's field in the index: a page reads
            # about a page of index entries, and its total is counted from the index alone.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_active", pymongo.ASCENDING),
                *DUE_LIST_ORDER,
            ],
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_active", pymongo.ASCENDING),
                ("vaccine_group", pymongo.ASCENDING),
                *DUE_LIST_ORDER,
            ],
        ]


class GroupProgress(ClinicOwnedDocument):
    """How far a child is through one vaccine group (valid doses only); coverage reads these."""

    patient_id: PydanticObjectId
    patient_active: bool = True
    date_of_birth: date
    vaccine_group: str
    status: str
    valid_doses: int = 0
    first_valid_date: date | None = None
    # The first valid dose was given within a day of birth (WHO's timely birth dose).
    birth_dose_timely: bool = False
    computed_on: date

    class Settings:
        name = "group_progress"
        indexes = [
            pymongo.IndexModel(
                [
                    ("clinic_id", pymongo.ASCENDING),
                    ("patient_id", pymongo.ASCENDING),
                    ("vaccine_group", pymongo.ASCENDING),
                ],
                unique=True,
            ),
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_active", pymongo.ASCENDING),
                ("date_of_birth", pymongo.ASCENDING),
            ],
        ]


class StatusSpan(BaseModel):
    """Days (both ends included) on which a child counts as overdue, or as due within 30 days."""

    status: DoseStatus
    starts: date
    ends: date  # 9999-12-31 when it lasts until the next change


class ChildDueStatus(ClinicOwnedDocument):
    """A child's due and overdue days, from its stored forecast rows; the summary counts these.

    Keyed by the child's id (one per child, no second unique index). The spans of one child never
    overlap, so "children overdue on a day" is one indexed count, whatever the day asked.
    """

    patient_active: bool = True
    spans: list[StatusSpan] = Field(default_factory=list)
    computed_on: date

    class Settings:
        name = "child_due_status"
        indexes = [
            [
                ("clinic_id", pymongo.ASCENDING),
                ("patient_active", pymongo.ASCENDING),
                ("spans.status", pymongo.ASCENDING),
                ("spans.starts", pymongo.ASCENDING),
                ("spans.ends", pymongo.ASCENDING),
            ],
        ]
