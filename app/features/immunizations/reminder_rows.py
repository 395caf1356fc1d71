"""The forecast rows a reminder run speaks of: a clinic's overdue doses and those coming up."""

from datetime import date, timedelta

from beanie import PydanticObjectId
from pydantic import BaseModel

from app.features.immunizations import due_rules, repository


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
    overdue = {**due_rules.overdue_on(today), **due_rules.still_givable(today)}
    return await repository.active_entries(clinic_id, overdue, ReminderRow)


async def upcoming_rows(
    *, clinic_id: PydanticObjectId, today: date, until: date
) -> list[ReminderRow]:
    """Doses recommended after `today` and by `until`, not overdue and still givable."""
    upcoming = {
        **due_rules.due_between(today, until, since=today + timedelta(days=1)),
        **due_rules.still_givable(today),
    }
    return await repository.active_entries(clinic_id, upcoming, ReminderRow)


async def due_rows(*, clinic_id: PydanticObjectId, today: date, until: date) -> list[ReminderRow]:
    """Doses recommended by `until` (today's included), not overdue and still givable."""
    # Unlike `upcoming_rows`, doses whose recommended date has passed are in: a child registered
    # after that date is due now and has had no reminder yet (the claim key says so).
    due = {**due_rules.due_between(today, until), **due_rules.still_givable(today)}
    return await repository.active_entries(clinic_id, due, ReminderRow)
