"""Each child's forecast: computed by the engine, stored per vaccine group, summarised."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from beanie import PydanticObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError

from app.features.clinic import service as clinic_service
from app.features.clinic.events import ClinicChanged
from app.features.immunizations.models import ForecastEntry, GroupProgress, ImmunizationRecord
from app.features.immunizations.schemas import ForecastSummary
from app.features.patients.events import PatientChanged
from app.features.patients.models import Patient
from app.features.schedules import service as schedules_service
from app.features.schedules.engine.model import Schedule
from app.features.schedules.schemas import ForecastResponse
from app.shared.time import local_today

# Profile fields that change what the engine says about a child.
_FORECAST_INPUTS = frozenset({"created", "date_of_birth", "sex", "status"})
_CLINIC_INPUTS = frozenset({"schedule_code", "timezone"})
REFRESH_BATCH = 500


async def clinic_schedule(clinic_id: PydanticObjectId) -> tuple[Schedule, date]:
    """The clinic's schedule and today's date in its timezone."""
    clinic = await clinic_service.get_clinic(clinic_id=clinic_id)
    return schedules_service.get_schedule(clinic.schedule_code), local_today(clinic.timezone)


async def completed_records(
    patient_ids: list[PydanticObjectId],
) -> dict[PydanticObjectId, list[ImmunizationRecord]]:
    """The doses that count (completed records) of these children, oldest first, in one query."""
    records = (
        await ImmunizationRecord.find({"patient_id": {"$in": patient_ids}, "status": "completed"})
        .sort("+date_administered", "+_id")
        .to_list()
    )
    by_patient: dict[PydanticObjectId, list[ImmunizationRecord]] = defaultdict(list)
    for record in records:
        by_patient[record.patient_id].append(record)
    return by_patient


async def records_of(patient: Patient) -> list[ImmunizationRecord]:
    """The doses that count of one child, oldest first."""
    assert patient.id is not None
    return (await completed_records([patient.id])).get(patient.id, [])


def run_engine(
    schedule: Schedule, patient: Patient, records: list[ImmunizationRecord], as_of: date
) -> tuple[ForecastResponse, list[ImmunizationRecord]]:
    """The engine's answer for the child as of a date, and the records it evaluated."""
    # Doses later than `as_of`, before the (since corrected) date of birth, or of a vaccine the
    # schedule does not know (after a schedule change), are not part of this assessment.
    born = patient.date_of_birth
    counted = [r for r in records if r.cvx in schedule.cvx and born <= r.date_administered <= as_of]
    doses = [
        schedules_service.DoseInput(r.date_administered, r.cvx or "", r.mvx, r.expired)
        for r in counted
    ]
    response = schedules_service.forecast(
        schedule,
        date_of_birth=patient.date_of_birth,
        sex=patient.sex,
        assessment_date=as_of,
        doses=doses,
    )
    return response, counted


async def evaluate(
    patient: Patient, as_of: date | None = None
) -> tuple[ForecastResponse, list[ImmunizationRecord], date]:
    """The child's evaluation and forecast (as of today in the clinic by default)."""
    schedule, today = await clinic_schedule(patient.clinic_id)
    response, counted = run_engine(schedule, patient, await records_of(patient), as_of or today)
    return response, counted, today


def summarize(response: ForecastResponse, as_of: date) -> ForecastSummary:
    """up_to_date, due, overdue or complete as of a date, from the forecast dates alone."""
    pending = [
        g.forecast
        for g in response.vaccine_groups
        if g.forecast is not None
        and not (g.forecast.latest_date and g.forecast.latest_date < as_of)
    ]
    overdue = [
        g.vaccine_group
        for g in response.vaccine_groups
        if g.forecast is not None
        and g.forecast in pending
        and g.forecast.past_due_date is not None
        and g.forecast.past_due_date <= as_of
    ]
    recommended = [f.recommended_date for f in pending if f.recommended_date]
    status: Literal["up_to_date", "due", "overdue", "complete"]
    if not pending:
        status = "complete"
    elif overdue:
        status = "overdue"
    elif any(day <= as_of for day in recommended):
        status = "due"
    else:
        status = "up_to_date"
    return ForecastSummary(
        status=status,
        next_due_date=min(recommended, default=None),
        overdue_vaccine_groups=overdue,
    )


def _entries(
    patient: Patient, schedule: Schedule, response: ForecastResponse, today: date
) -> list[ForecastEntry]:
    assert patient.id is not None
    return [
        ForecastEntry(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            patient_active=patient.status == "active",
            schedule_code=schedule.code,
            vaccine_group=group.vaccine_group,
            dose_number=group.forecast.dose_number,
            earliest_date=group.forecast.earliest_date,
            recommended_date=group.forecast.recommended_date,
            past_due_date=group.forecast.past_due_date,
            latest_date=group.forecast.latest_date,
            overdue_sort_key=group.forecast.past_due_date or date.max,
            computed_on=today,
        )
        for group in response.vaccine_groups
        if group.forecast is not None
    ]


def _progress(
    patient: Patient, response: ForecastResponse, counted: list[ImmunizationRecord], today: date
) -> list[GroupProgress]:
    assert patient.id is not None
    valid_dates: dict[str, list[date]] = defaultdict(list)
    for record, dose in zip(counted, response.doses, strict=True):
        statuses: dict[str, set[str]] = defaultdict(set)
        for evaluation in dose.evaluations:
            statuses[evaluation.vaccine_group].add(evaluation.status)
        # A dose counts for a group when every antigen of the group found it valid.
        for group_name, seen in statuses.items():
            if seen == {"valid"}:
                valid_dates[group_name].append(record.date_administered)
    rows = []
    for group in response.vaccine_groups:
        dates = valid_dates.get(group.vaccine_group, [])
        if not dates and group.status == "not_recommended":
            continue
        first = min(dates, default=None)
        rows.append(
            GroupProgress(
                clinic_id=patient.clinic_id,
                patient_id=patient.id,
                patient_active=patient.status == "active",
                date_of_birth=patient.date_of_birth,
                vaccine_group=group.vaccine_group,
                status=group.status,
                valid_doses=len(dates),
                first_valid_date=first,
                birth_dose_timely=first is not None and (first - patient.date_of_birth).days <= 1,
                computed_on=today,
            )
        )
    return rows


def forecast_rows(
    schedule: Schedule, patient: Patient, history: list[ImmunizationRecord], today: date
) -> tuple[list[ForecastEntry], list[GroupProgress]]:
    """The rows `refresh_forecasts` stores for one child, from the child's completed records."""
    response, counted = run_engine(schedule, patient, history, today)
    return (
        _entries(patient, schedule, response, today),
        _progress(patient, response, counted, today),
    )


async def refresh_forecasts(patients: list[Patient]) -> None:
    """Recompute and store the forecast dates of these children (of one clinic)."""
    if not patients:
        return
    schedule, today = await clinic_schedule(patients[0].clinic_id)
    for start in range(0, len(patients), REFRESH_BATCH):
        batch = patients[start : start + REFRESH_BATCH]
        ids = [p.id for p in batch if p.id is not None]
        records = await completed_records(ids)
        entries: list[ForecastEntry] = []
        progress: list[GroupProgress] = []
        for patient in batch:
            history = records.get(patient.id, [])  # type: ignore[arg-type]
            child_entries, child_progress = forecast_rows(schedule, patient, history, today)
            entries += child_entries
            progress += child_progress
        await _replace_rows(ForecastEntry, ids, entries)
        await _replace_rows(GroupProgress, ids, progress)


async def _replace_rows(
    model: type[ForecastEntry] | type[GroupProgress],
    patient_ids: list[PydanticObjectId],
    rows: Sequence[ForecastEntry | GroupProgress],
) -> None:
    # Two round trips per batch (delete, insert) on MongoDB and the in-process engine alike.
    # A concurrent refresh of the same child trips the unique (patient, group) index: the
    # replacement is then run once more, so the last writer's complete set stands.
    for attempt in (1, 2):
        await model.find({"patient_id": {"$in": patient_ids}}).delete()
        try:
            if rows:
                await model.insert_many([row.model_copy() for row in rows])
            return
        except (BulkWriteError, DuplicateKeyError):
            if attempt == 2:
                raise


async def stored_entries(patient_id: PydanticObjectId) -> list[ForecastEntry]:
    """The stored forecast rows of one child, by vaccine group."""
    return await ForecastEntry.find({"patient_id": patient_id}).sort("+vaccine_group").to_list()


async def on_patient_changed(event: PatientChanged) -> None:
    """Recompute when the profile changed in a way the forecast depends on."""
    if event.fields & _FORECAST_INPUTS:
        await refresh_forecasts([event.patient])


async def on_clinic_changed(event: ClinicChanged) -> None:
    """Recompute every child of the clinic after a schedule or timezone change."""
    if not event.fields & _CLINIC_INPUTS:
        return
    last_id: PydanticObjectId | None = None
    while True:
        query: dict[str, Any] = {"clinic_id": event.clinic.id}
        if last_id is not None:
            query["_id"] = {"$gt": last_id}
        batch = await Patient.find(query).sort("+_id").limit(REFRESH_BATCH).to_list()
        if not batch:
            return
        await refresh_forecasts(batch)
        last_id = batch[-1].id
