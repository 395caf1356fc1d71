"""Request and response models of the milestones feature."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from app.features.milestones.models import MilestoneObservation, ObservationSource
from app.features.milestones.rules import AgeUsed, ConcernKind, MilestoneItem, Status
from app.shared.schemas import IdStr, IsoDate, ReadModel, RequestModel
from app.shared.text import MultiLine


class CatalogItemRead(ReadModel):
    """A milestone; WHO motor milestones (source "WHO MGRS 2006") carry their window."""

    code: str
    domain: str
    text: str
    source: str
    revision: str
    window_start_months: float | None = Field(
        None, description="WHO only: 1st percentile age of achievement, in months"
    )
    window_end_months: float | None = Field(
        None, description="WHO only: 99th percentile age; not achieved after it is a concern"
    )
    criterion: str | None = Field(None, description="WHO only: the performance criterion")


class CatalogGroupRead(ReadModel):
    """The milestones of one age: a CDC checklist and the WHO windows closing by then."""

    age_months: int
    items: list[CatalogItemRead]


class ObserveRequest(RequestModel):
    """An observation of one milestone."""

    status: Status
    observed_on: IsoDate
    notes: Annotated[str, Field(max_length=1000), MultiLine] | None = None


class ObservationRead(ReadModel):
    """One recorded observation; `source` says whether the clinic or a parent recorded it."""

    id: IdStr
    code: str
    status: Status
    observed_on: date
    notes: str | None
    source: ObservationSource
    recorded_by: IdStr | None
    recorded_at: datetime


def observation_seen(observation: MilestoneObservation, parent: bool) -> ObservationRead:
    """An observation as the viewer may see it: a parent never gets the clinic's notes."""
    read = ObservationRead.model_validate(observation)
    if parent and read.source == "clinic":
        return read.model_copy(update={"notes": None})
    return read


class ItemStatusRead(CatalogItemRead):
    """A milestone with the child's latest observation of it (null when never observed)."""

    status: Status | None
    observation: ObservationRead | None

    @classmethod
    def of(
        cls, item: MilestoneItem, latest: MilestoneObservation | None, parent: bool = False
    ) -> "ItemStatusRead":
        """A catalog item with the child's latest observation of it, if any."""
        return cls.model_validate(
            {
                **CatalogItemRead.model_validate(item).model_dump(),
                "status": latest.status if latest else None,
                "observation": observation_seen(latest, parent) if latest else None,
            }
        )


class ObserveResponse(ItemStatusRead):
    """The item after an observation: its latest observation, and the one just recorded."""

    recorded: ObservationRead


class ChecklistStatusRead(BaseModel):
    """One due checklist with the child's status for each item."""

    age_months: int
    items: list[ItemStatusRead]


class AgeRead(BaseModel):
    """An age in completed months and days."""

    months: int
    days: int


class ConcernRead(ReadModel):
    """A milestone that needs attention, and since when."""

    kind: ConcernKind
    code: str
    text: str
    since: date


class PatientMilestonesRead(BaseModel):
    """A child's due checklists, WHO motor windows, and concerns at `as_of`."""

    patient_id: str
    as_of: date
    date_of_birth: date
    age_used: AgeUsed
    age: AgeRead = Field(description="The age used for the assessment")
    chronological_age: AgeRead
    checklists: list[ChecklistStatusRead] = Field(
        description="CDC checklists whose age the child has reached"
    )
    motor_milestones: list[ItemStatusRead] = Field(
        description="WHO motor milestones whose window has opened"
    )
    concerns: list[ConcernRead] = Field(description="Most urgent first")


class ConcernRowRead(ReadModel):
    """A child of the clinic with concerns."""

    patient_id: IdStr
    first_name: str
    last_name: str
    date_of_birth: date
    concerns: list[ConcernRead]
