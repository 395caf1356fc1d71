"""Request and response models of the patients feature."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.features.auth.models import User
from app.features.patients.models import Guardian, Patient, PatientStatus, Relationship, Sex
from app.shared.schemas import IdStr, IsoDate, ReadModel, RequestModel
from app.shared.text import MultiLine, SingleLine
from app.shared.time import calendar_age

Name = Annotated[str, Field(min_length=1, max_length=100), SingleLine]
Phone = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[0-9+() .\-]+$"), SingleLine]
Mrn = Annotated[str, Field(min_length=1, max_length=64), SingleLine]
GestationalAge = Annotated[int, Field(ge=20, le=44)]
BirthDate = Annotated[IsoDate, Field(ge=date(1900, 1, 1))]
Reason = Annotated[str, Field(min_length=1, max_length=500), SingleLine]
Address = Annotated[str, Field(max_length=500), SingleLine]
Notes = Annotated[str, Field(max_length=2000), MultiLine]


def _reject_nulls(model: BaseModel, *keys: str) -> None:
    for key in keys:
        if key in model.model_fields_set and getattr(model, key) is None:
            raise ValueError(f"{key} cannot be null")


class GuardianCreate(RequestModel):
    """A guardian to link to a child; `invite` emails a portal invitation."""

    name: Name
    relationship: Relationship
    email: EmailStr | None = None
    phone: Phone | None = None
    is_primary: bool = False
    invite: bool = False

    @model_validator(mode="after")
    def _invite_needs_email(self) -> "GuardianCreate":
        if self.invite and not self.email:
            raise ValueError("invite needs an email")
        return self


class GuardianUpdate(RequestModel):
    """Changes to a guardian's contact details; a new email ends the old address's portal
    access, and `invite` emails a portal invitation to the (new or current) address."""

    name: Name | SkipJsonSchema[None] = None
    relationship: Relationship | SkipJsonSchema[None] = None
    email: EmailStr | None = None
    phone: Phone | None = None
    is_primary: bool | SkipJsonSchema[None] = None
    invite: bool = False

    @model_validator(mode="after")
    def _required_not_cleared(self) -> "GuardianUpdate":
        _reject_nulls(self, "name", "relationship", "is_primary")
        return self


class GuardianRead(ReadModel):
    """A guardian as staff and the child's parents see them."""

    id: IdStr
    name: str
    relationship: Relationship
    email: str | None
    phone: str | None
    is_primary: bool
    has_portal_access: bool
    invited_at: datetime | None


class PatientCreate(RequestModel):
    """A new child."""

    first_name: Name
    last_name: Name
    date_of_birth: BirthDate
    sex: Sex
    medical_record_number: Mrn | None = None
    gestational_age_weeks: GestationalAge | None = None
    address: Address | None = None
    notes: Notes | None = None
    guardians: Annotated[list[GuardianCreate], Field(max_length=10)] = []


class PatientUpdate(RequestModel):
    """A partial change to a child's profile; omitted fields stay as they are."""

    # SkipJsonSchema: these may be omitted but not cleared, and the API document says so.
    first_name: Name | SkipJsonSchema[None] = None
    last_name: Name | SkipJsonSchema[None] = None
    date_of_birth: BirthDate | SkipJsonSchema[None] = None
    sex: Sex | SkipJsonSchema[None] = None
    medical_record_number: Mrn | None = None
    gestational_age_weeks: GestationalAge | None = None
    address: Address | None = None
    notes: Notes | None = None

    @model_validator(mode="after")
    def _required_not_cleared(self) -> "PatientUpdate":
        _reject_nulls(self, "first_name", "last_name", "date_of_birth", "sex")
        return self


class ArchiveRequest(RequestModel):
    """Why a child's record is archived."""

    reason: Reason


class Age(BaseModel):
    """Completed years, months and days."""

    years: int
    months: int
    days: int


class PatientRead(ReadModel):
    """A child's profile with guardians and age."""

    id: IdStr
    clinic_id: IdStr
    first_name: str
    last_name: str
    date_of_birth: date
    sex: Sex
    medical_record_number: str | None
    gestational_age_weeks: int | None
    address: str | None
    notes: str | None
    status: PatientStatus
    archived_reason: str | None
    guardians: list[GuardianRead]
    age: Age
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, patient: Patient, today: date, parent: User | None = None) -> "PatientRead":
        """The API view of a child: linked guardians only, and age as of the clinic's today.

        Seen by a `parent`, the clinic's notes and the other guardians' contacts are left out.
        """
        years, months, days = calendar_age(patient.date_of_birth, today)
        stored = {name: getattr(patient, name) for name in _STORED_FIELDS}
        if parent is not None:
            stored.update(notes=None, archived_reason=None)
        return cls.model_validate(
            {
                **stored,
                "guardians": guardians_seen(patient.active_guardians, parent),
                "age": Age(years=years, months=months, days=days),
            }
        )


def guardians_seen(guardians: list[Guardian], parent: User | None) -> list[GuardianRead]:
    """Guardians as the viewer may see them: a parent sees only their own contact details."""
    reads = [GuardianRead.model_validate(g) for g in guardians]
    if parent is None:
        return reads
    return [
        read if g.user_id == parent.id else read.model_copy(update={"email": None, "phone": None})
        for g, read in zip(guardians, reads, strict=True)
    ]


# What PatientRead takes from the document as it is stored.
_STORED_FIELDS = set(PatientRead.model_fields) - {"guardians", "age"}


class ClinicContactRead(ReadModel):
    """How a child's family reaches the clinic, and the clinic's branding."""

    id: IdStr
    name: str
    phone: str | None
    email: str | None
    address: str | None
    logo_url: str | None
    primary_color: str
    timezone: str


class PortalInvitationRead(ReadModel):
    """An invitation waiting in a parent's portal: which child, from which clinic."""

    id: str
    patient_id: str
    child_first_name: str
    clinic_name: str
    guardian_name: str
    relationship: Relationship
    invited_at: datetime
    expires_at: datetime


class InvitationTokenRequest(RequestModel):
    """The token of an emailed portal invitation."""

    token: Annotated[str, Field(min_length=1, max_length=4096), SingleLine]


ObservationCode = Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[0-9]{1,4}$")]


class ConditionCreate(RequestModel):
    """A condition to record: an observation code the clinic's schedule defines."""

    code: ObservationCode
    recorded_on: IsoDate | None = Field(default=None, description="Default: today in the clinic")
    notes: Notes | None = None


class ConditionEnd(RequestModel):
    """When (default: today in the clinic) and why a condition stopped holding."""

    ends_on: IsoDate | None = None
    reason: Reason | None = None


class ConditionRead(ReadModel):
    """A condition on the child's record."""

    id: IdStr
    code: str
    text: str
    recorded_on: date
    ends_on: date | None
    recorded_by: IdStr | None
    notes: str | None
    status: Literal["active", "ended"]
    end_reason: str | None
