"""The forecast rows a reminder run speaks of: a clinic's overdue doses and those coming up."""

from datetime import date, timedelta

from beanie import PydanticObjectId
from pydantic import BaseModel

from app.features.immunizations import due_rules
from app.features.immunizations.models import ForecastEntry


class ReminderRow(BaseModel):
    """The fields of a stored forecast row that a reminder needs (read as a projection)."""

    patient_id: PydanticObjectId
    vaccine_group: str
    dose_number: int | None = None
    recommended_date: date | None = None
    past_due_date: date | None = None
    latest_date: date | None = None


async def overdue_rows(*, clinic_id: PydanticObjectId, today: date) -> list[ReminderRow]:
    """The clinic's active children's doses overdue on `today` that can still be given."""
    query = {
        "clinic_id": clinic_id,
        "patient_active": True,
        **due_rules.overdue_on(today),
        **due_rules.still_givable(today),
    }
    return await ForecastEntry.find(query, projection_model=ReminderRow).to_list()


async def upcoming_rows(
    *, clinic_id: PydanticObjectId, today: date, until: date
) -> list[ReminderRow]:
    """Doses recommended after `today` and by `until`, not overdue and still givable."""
    query = {
        "clinic_id": clinic_id,
        "patient_active": True,
        **due_rules.due_between(today, until, since=today + timedelta(days=1)),
        **due_rules.still_givable(today),
    }
    return await ForecastEntry.find(query, projection_model=ReminderRow).to_list()
