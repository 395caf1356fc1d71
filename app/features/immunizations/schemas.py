"""Request and response models of the immunizations feature."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.features.immunizations.models import (
    ImmunizationRecord,
    NotDoneReason,
    RecordSource,
    RecordStatus,
    Route,
    Site,
)
from app.features.schedules.schemas import AntigenEvaluation, Cvx, ForecastResponse
from app.shared.schemas import IdStr, IsoDate, ReadModel, RequestModel
from app.shared.text import MultiLine, SingleLine

ShortText = Annotated[str, Field(min_length=1, max_length=100), SingleLine]
Mvx = Annotated[str, Field(min_length=1, max_length=8), SingleLine]
Notes = Annotated[str, Field(max_length=2000), MultiLine]
Volume = Annotated[float, Field(gt=0, le=10)]


class RecordCreate(RequestModel):
    """A dose given at the clinic, or a historical or reported one."""

    cvx: Cvx
    date_administered: IsoDate
    mvx: Mvx | None = None
    lot_number: ShortText | None = None
    expiration_date: IsoDate | None = None
    site: Site | None = None
    route: Route | None = None
    dose_volume_ml: Volume | None = None
    source: RecordSource
    performer_name: ShortText | None = None
    notes: Notes | None = None


class RecordUpdate(RequestModel):
    """A correction to a recorded dose; omitted fields stay as they are."""

    cvx: Cvx | SkipJsonSchema[None] = None
    date_administered: IsoDate | SkipJsonSchema[None] = None
    mvx: Mvx | None = None
    lot_number: ShortText | None = None
    expiration_date: IsoDate | None = None
    site: Site | None = None
    route: Route | None = None
    dose_volume_ml: Volume | None = None
    source: RecordSource | SkipJsonSchema[None] = None
    performer_name: ShortText | None = None
    notes: Notes | None = None

    @model_validator(mode="after")
    def _required_not_cleared(self) -> "RecordUpdate":
        for key in ("cvx", "date_administered", "source"):
            if key in self.model_fields_set and getattr(self, key) is None:
                raise ValueError(f"{key} cannot be null")
        return self


class EnteredInErrorRequest(RequestModel):
    """Why a record was wrong."""

    reason: Annotated[str, Field(min_length=1, max_length=500), SingleLine]


class NotDoneRequest(RequestModel):
    """A dose that was due but not given, and why."""

    vaccine_group: Annotated[str, Field(min_length=1, max_length=50), SingleLine]
    date: IsoDate
    reason: NotDoneReason
    notes: Notes | None = None


class RevisionRead(ReadModel):
    """The values one correction replaced."""

    version: int
    changed_at: datetime
    changed_by: IdStr | None
    previous: dict[str, object]


class RecordRead(ReadModel):
    """A recorded dose with what it means for the child (per antigen)."""

    id: IdStr
    patient_id: IdStr
    status: RecordStatus
    cvx: str | None
    vaccine_name: str | None
    vaccine_groups: list[str]
    date_administered: date
    mvx: str | None
    lot_number: str | None
    expiration_date: date | None
    expired: bool
    site: Site | None
    route: Route | None
    dose_volume_ml: float | None
    source: RecordSource
    performer_name: str | None
    notes: str | None
    not_done_reason: NotDoneReason | None
    entered_in_error_reason: str | None
    evaluations: list[AntigenEvaluation]
    revisions: list[RevisionRead]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls,
        record: ImmunizationRecord,
        *,
        vaccine_name: str | None,
        vaccine_groups: list[str],
        evaluations: list[AntigenEvaluation],
    ) -> "RecordRead":
        """The API view of a record, with what the engine says of it for the child today."""
        stored = {name: getattr(record, name) for name in _RECORD_STORED_FIELDS}
        return cls.model_validate(
            {
                **stored,
                "vaccine_name": vaccine_name,
                "vaccine_groups": vaccine_groups,
                "evaluations": evaluations,
            }
        )


def parent_record_view(read: RecordRead) -> RecordRead:
    """A record as a child's parent sees it: without the clinic's notes, now or replaced."""
    revisions = [
        r.model_copy(update={"previous": {k: v for k, v in r.previous.items() if k != "notes"}})
        for r in read.revisions
    ]
    return read.model_copy(update={"notes": None, "revisions": revisions})


# What RecordRead takes from the record as stored (`expired` is the record's own property).
_RECORD_STORED_FIELDS = set(RecordRead.model_fields) - {
    "vaccine_name",
    "vaccine_groups",
    "evaluations",
}


class ForecastSummary(BaseModel):
    """Where the child stands today."""

    status: Literal["up_to_date", "due", "overdue", "complete"]
    next_due_date: date | None
    overdue_vaccine_groups: list[str]
    due_vaccine_groups: list[str] = Field(
        default_factory=list, description="Groups due today and not yet overdue"
    )


class PatientForecast(ForecastResponse):
    """The engine's evaluation and forecast for the child, plus a summary."""

    summary: ForecastSummary


class DueChild(BaseModel):
    """The child on a worklist row."""

    model_config = ConfigDict(from_attributes=True)

    id: Annotated[str, BeforeValidator(str)]
    first_name: str
    last_name: str
    date_of_birth: date


class GuardianContact(BaseModel):
    """Who to call about the child."""

    model_config = ConfigDict(from_attributes=True)

    name: str | None
    phone: str | None
    email: str | None


class DueRow(BaseModel):
    """One child's next dose of one vaccine group on the due or overdue list."""

    model_config = ConfigDict(from_attributes=True)

    child: DueChild
    age_months: int
    vaccine_group: str
    dose_number: int | None
    recommended_date: date | None
    past_due_date: date | None
    days_overdue: int
    status: Literal["due", "overdue"]
    primary_guardian: GuardianContact

    def csv_line(self) -> list[object]:
        """The row as a line of the worklist CSV (columns: `DUE_CSV_COLUMNS`)."""
        child, guardian = self.child, self.primary_guardian
        return [
            child.id,
            child.first_name,
            child.last_name,
            child.date_of_birth,
            self.age_months,
            self.vaccine_group,
            self.dose_number,
            self.recommended_date,
            self.past_due_date,
            self.days_overdue,
            self.status,
            guardian.name,
            guardian.phone,
            guardian.email,
        ]


DUE_CSV_COLUMNS = (
    "patient_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "age_months",
    "vaccine_group",
    "dose_number",
    "recommended_date",
    "past_due_date",
    "days_overdue",
    "status",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
)
