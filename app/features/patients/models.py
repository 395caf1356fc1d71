"""A child's profile and the guardians who look after the child."""

from datetime import date, datetime
from typing import Literal

import pymongo
from beanie import PydanticObjectId
from pydantic import BaseModel, Field

from app.shared.documents import ClinicOwnedDocument

Sex = Literal["female", "male", "other", "unknown"]
PatientStatus = Literal["active", "archived"]
Relationship = Literal["mother", "father", "guardian", "other"]


class Guardian(BaseModel):
    """A person who looks after the child; `user_id` is their portal account, if any."""

    id: PydanticObjectId = Field(default_factory=PydanticObjectId)
    name: str
    relationship: Relationship
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False
    user_id: PydanticObjectId | None = None
    invited_at: datetime | None = None
    # Unlinked guardians stay on record (health data is never hard-deleted) but lose access.
    unlinked_at: datetime | None = None

    @property
    def has_portal_access(self) -> bool:
        """Whether a parent account has accepted this entry's portal invitation."""
        return self.user_id is not None


class PatientCondition(BaseModel):
    """A condition on the child's record (a CDSi observation: history of disease, a
    contraindication, a risk); it holds from `recorded_on` until `ends_on`, and is never deleted."""

    id: PydanticObjectId = Field(default_factory=PydanticObjectId)
    code: str
    text: str
    recorded_on: date
    recorded_by: PydanticObjectId | None = None
    notes: str | None = None
    # The first day it no longer holds; set when ended (never after the day it was ended on).
    ends_on: date | None = None
    end_reason: str | None = None
    ended_by: PydanticObjectId | None = None

    @property
    def status(self) -> Literal["active", "ended"]:
        """`ended` once an end date is set, `active` before."""
        return "active" if self.ends_on is None else "ended"

    def holds_on(self, day: date) -> bool:
        """Whether the condition applies to an assessment on `day`."""
        return self.recorded_on <= day and (self.ends_on is None or day < self.ends_on)


class Patient(ClinicOwnedDocument):
    """A child under a clinic's care."""

    first_name: str
    last_name: str
    first_name_key: str
    last_name_key: str
    date_of_birth: date
    sex: Sex
    medical_record_number: str | None = None
    # "<clinic_id>:<mrn>", present only when there is an MRN: a sparse unique index on it
    # keeps MRNs unique per clinic on MongoDB and on the in-process engine alike.
    mrn_key: str | None = None
    gestational_age_weeks: int | None = None
    address: str | None = None
    notes: str | None = None
    status: PatientStatus = "active"
    archived_reason: str | None = None
    archived_at: datetime | None = None
    guardians: list[Guardian] = Field(default_factory=list)
    conditions: list[PatientCondition] = Field(default_factory=list)
    version: int = 1

    class Settings:
        name = "patients"
        keep_nulls = False
        indexes = [
            # The default list: a clinic's active children by name; its search filters (born
            # between, MRN) are read on the index's keys.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("status", pymongo.ASCENDING),
                ("last_name_key", pymongo.ASCENDING),
                ("first_name_key", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
                ("date_of_birth", pymongo.ASCENDING),
                ("medical_record_number", pymongo.ASCENDING),
            ],
            # A possible duplicate: same names and date of birth in the clinic.
            [
                ("clinic_id", pymongo.ASCENDING),
                ("last_name_key", pymongo.ASCENDING),
                ("first_name_key", pymongo.ASCENDING),
                ("date_of_birth", pymongo.ASCENDING),
            ],
            [("clinic_id", pymongo.ASCENDING), ("first_name_key", pymongo.ASCENDING)],
            [("clinic_id", pymongo.ASCENDING), ("date_of_birth", pymongo.ASCENDING)],
            # A birth cohort's active children (coverage); every child of a clinic in id order
            # (recomputing a clinic's forecasts after a schedule change).
            [
                ("clinic_id", pymongo.ASCENDING),
                ("status", pymongo.ASCENDING),
                ("date_of_birth", pymongo.ASCENDING),
            ],
            [("clinic_id", pymongo.ASCENDING), ("_id", pymongo.ASCENDING)],
            [("clinic_id", pymongo.ASCENDING), ("medical_record_number", pymongo.ASCENDING)],
            pymongo.IndexModel([("mrn_key", pymongo.ASCENDING)], unique=True, sparse=True),
            # A parent's children (portal list), by name.
            [
                ("guardians.user_id", pymongo.ASCENDING),
                ("guardians.unlinked_at", pymongo.ASCENDING),
                ("status", pymongo.ASCENDING),
                ("last_name_key", pymongo.ASCENDING),
                ("first_name_key", pymongo.ASCENDING),
                ("_id", pymongo.ASCENDING),
                ("medical_record_number", pymongo.ASCENDING),
            ],
        ]

    @property
    def active_guardians(self) -> list[Guardian]:
        """Guardians still linked to the child."""
        return [g for g in self.guardians if g.unlinked_at is None]

    def observations_on(self, day: date) -> frozenset[str]:
        """The codes of the child's conditions that apply on `day` (what the engine reads)."""
        return frozenset(c.code for c in self.conditions if c.holds_on(day))
