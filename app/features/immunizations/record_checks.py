"""Checks every new or corrected record passes, shared by single entry and bulk import."""

from datetime import date

from app.features.immunizations import repository
from app.features.immunizations.exceptions import DuplicateDose, DuplicateNotDone, InvalidRecordDate
from app.features.immunizations.models import ImmunizationRecord
from app.features.patients.models import Patient
from app.features.schedules.engine.model import Schedule
from app.features.schedules.exceptions import UnknownVaccine


def check_date(patient: Patient, day: date, today: date, field: str) -> None:
    """Refuse a date before the child's birth or after today."""
    if day < patient.date_of_birth:
        raise InvalidRecordDate(f"{field} is before the child's birth", details={"field": field})
    if day > today:
        raise InvalidRecordDate(f"{field} is in the future", details={"field": field})


def check_cvx(schedule: Schedule, cvx: str) -> None:
    """Refuse a vaccine the clinic's schedule does not know."""
    if cvx not in schedule.cvx:
        raise UnknownVaccine([cvx], sorted(schedule.cvx, key=lambda c: (len(c), c)))


async def refuse_duplicate(record: ImmunizationRecord) -> None:
    """Refuse a second record of one vaccine for one child on one day."""
    existing = await repository.same_dose(record)
    if existing is not None:
        raise DuplicateDose(str(existing.id))


async def refuse_duplicate_not_done(record: ImmunizationRecord) -> None:
    """Refuse a second identical not-done entry."""
    # The same check as for doses: an identical entry (child, group, day, reason) already stands.
    # Like it, a read before the write: two identical requests at the same instant can both
    # pass (a unique key would close that, at the cost of a unique index on every record).
    existing = await repository.same_not_done(record)
    if existing is not None:
        raise DuplicateNotDone(str(existing.id))
