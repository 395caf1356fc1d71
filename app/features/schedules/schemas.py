"""Request and response models of the schedules feature."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.shared.schemas import IsoDate, RequestModel
from app.shared.text import SingleLine

Cvx = Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[0-9]{1,4}$")]
# A CDSi observation code ("024": history of varicella); the schedule's list names the valid ones.
ObservationCode = Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[0-9]{1,4}$")]
PastDueRule = Literal["schedule", "clinic_overdue_after_days"]


class ScheduleSummary(BaseModel):
    """A schedule the product ships."""

    code: str
    name: str
    source: str
    version: str
    vaccine_groups: list[str]


class DoseRule(BaseModel):
    """One target dose in readable form."""

    dose_number: int
    absolute_minimum_age: str | None
    minimum_age: str | None
    earliest_recommended_age: str | None
    latest_recommended_age: str | None
    maximum_age: str | None
    intervals: list[str]
    preferable_vaccines: list[str]
    allowable_vaccines: list[str]
    recurring: bool


class SeriesRule(BaseModel):
    """An antigen series: its kind, how it is chosen, and its doses."""

    name: str
    type: str
    default: bool
    doses: list[DoseRule]


class AntigenRules(BaseModel):
    """An antigen and its series."""

    name: str
    series: list[SeriesRule]


class VaccineGroupRules(BaseModel):
    """A vaccine group and its antigens."""

    name: str
    antigens: list[AntigenRules]


class ScheduleDetail(ScheduleSummary):
    """A schedule's vaccine groups, antigens, series and dose rules."""

    vaccine_groups: list[VaccineGroupRules]  # type: ignore[assignment]


class VaccineRead(BaseModel):
    """A vaccine (CVX) the schedule knows."""

    cvx: str
    name: str
    antigens: list[str]
    vaccine_group: str | None
    vaccine_groups: list[str]


class DoseGiven(RequestModel):
    """One dose of the child's history."""

    date_administered: IsoDate
    cvx: Cvx
    mvx: Annotated[str, Field(max_length=8), SingleLine] | None = None


class ForecastRequest(RequestModel):
    """A child and their history, to evaluate and forecast as of a date."""

    date_of_birth: IsoDate
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    assessment_date: IsoDate
    doses: Annotated[list[DoseGiven], Field(max_length=200)] = []
    observations: Annotated[
        list[ObservationCode],
        Field(max_length=50, description="The child's conditions (observation codes)"),
    ] = []


class ObservationRead(BaseModel):
    """An observation (a condition, a history of disease, ...) that a schedule defines."""

    code: str
    text: str


class AntigenEvaluation(BaseModel):
    """What one dose means for one antigen."""

    antigen: str
    vaccine_group: str
    status: Literal["valid", "not_valid", "extraneous", "sub_standard"]
    reason: str | None
    dose_number: int | None
    series: str | None


class DoseResult(BaseModel):
    """One dose of the history and its evaluations."""

    index: int
    date_administered: date
    cvx: str
    evaluations: list[AntigenEvaluation]


class NextDose(BaseModel):
    """The next dose of a vaccine group."""

    dose_number: int | None
    earliest_date: date | None
    recommended_date: date | None
    past_due_date: date | None
    latest_date: date | None
    past_due_rule: PastDueRule = Field(
        description="`schedule`: the schedule's own past-due age (or none); "
        "`clinic_overdue_after_days`: the recommended date plus the clinic's setting"
    )


class VaccineGroupForecast(BaseModel):
    """A vaccine group's status and next dose (null when none is due)."""

    vaccine_group: str
    status: Literal[
        "not_complete", "complete", "aged_out", "immune", "contraindicated", "not_recommended"
    ]
    forecast: NextDose | None
    conditions: list[str] = Field(
        default_factory=list,
        description="Observation codes of the child's conditions that changed this group's "
        "status or series",
    )


class ForecastResponse(BaseModel):
    """The evaluation of every dose and the forecast of every vaccine group."""

    schedule: str
    assessment_date: IsoDate
    doses: list[DoseResult]
    vaccine_groups: list[VaccineGroupForecast]
