"""Each child's forecast: computed by the engine, stored per vaccine group, summarised."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from beanie import PydanticObjectId

from app.features.clinic import service as clinic_service
from app.features.clinic.events import ClinicChanged
from app.features.clinic.models import DEFAULT_OVERDUE_AFTER_DAYS
from app.features.immunizations import due_rules, repository
from app.features.immunizations.models import ImmunizationRecord
from app.features.immunizations.schemas import ForecastSummary
from app.features.immunizations.stored_rows import ChildRows, child_rows
from app.features.patients import service as patients_service
from app.features.patients.events import PatientChanged
from app.features.patients.models import Patient
from app.features.schedules import service as schedules_service
from app.features.schedules.engine.model import Schedule
from app.features.schedules.schemas import ForecastResponse
from app.shared.time import local_today

# Profile fields that change what the engine says about a child.
_FORECAST_INPUTS = frozenset({"created", "date_of_birth", "sex", "status", "conditions"})
_CLINIC_INPUTS = frozenset({"schedule_code", "timezone", "overdue_after_days"})
REFRESH_BATCH = 500


@dataclass(frozen=True)
class ClinicForecasting:
    """What a clinic's forecasts depend on: its schedule, today there, its overdue rule."""

    schedule: Schedule
    today: date
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS


async def clinic_forecasting(clinic_id: PydanticObjectId) -> ClinicForecasting:
    """The clinic's schedule, today's date in its timezone and overdue rule (one read)."""
    clinic = await clinic_service.get_clinic(clinic_id=clinic_id)
    return ClinicForecasting(
        schedules_service.get_schedule(clinic.schedule_code),
        local_today(clinic.timezone),
        clinic.overdue_after_days,
    )


async def clinic_schedule(clinic_id: PydanticObjectId) -> tuple[Schedule, date]:
    """The clinic's schedule and today's date in its timezone (one read of the clinic)."""
    found = await clinic_forecasting(clinic_id)
    return found.schedule, found.today


@dataclass(frozen=True)
class Evaluation:
    """The engine's answer for one child, the records it evaluated, and the clinic's today."""

    response: ForecastResponse
    counted: list[ImmunizationRecord]
    schedule: Schedule
    today: date


def run_engine(
    schedule: Schedule,
    patient: Patient,
    records: list[ImmunizationRecord],
    as_of: date,
    *,
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS,
) -> tuple[ForecastResponse, list[ImmunizationRecord]]:
    """The engine's answer for the child as of a date, and the records it evaluated.

    The child's conditions that hold on `as_of` are the engine's observations (those the
    schedule defines: a condition recorded under an earlier schedule is left out).
    """
    # Doses later than `as_of`, before the (since corrected) date of birth, or of a vaccine the
    # schedule does not know (after a schedule change), are not part of this assessment.
    born = patient.date_of_birth
    counted = [
        r
        for r in records
        if r.status == "completed"
        and r.cvx in schedule.cvx
        and born <= r.date_administered <= as_of
    ]
    doses = [
        schedules_service.DoseInput(r.date_administered, r.cvx or "", r.mvx, r.expired)
        for r in counted
    ]
    observations: frozenset[str] = frozenset()
    if patient.conditions:
        defined = schedules_service.observation_catalog(schedule)
        observations = frozenset(c for c in patient.observations_on(as_of) if c in defined)
    response = schedules_service.forecast(
        schedule,
        date_of_birth=patient.date_of_birth,
        sex=patient.sex,
        assessment_date=as_of,
        doses=doses,
        observations=observations,
        overdue_after_days=overdue_after_days,
    )
    return response, counted


async def evaluate(
    patient: Patient,
    as_of: date | None = None,
    *,
    records: list[ImmunizationRecord] | None = None,
    clinic: ClinicForecasting | None = None,
    schedule: tuple[Schedule, date] | None = None,
) -> Evaluation:
    """The child's evaluation and forecast (as of today in the clinic by default).

    Callers that already hold the child's records or the clinic's settings (`clinic`) pass
    them, so that one request reads each once. `schedule` (the clinic's schedule and today,
    from `clinic_schedule`) is the older form: the clinic's overdue rule is then read again.
    """
    if clinic is None:
        clinic = await clinic_forecasting(patient.clinic_id)
        if schedule is not None:
            clinic = ClinicForecasting(*schedule, clinic.overdue_after_days)
    if records is None:
        records = await records_of(patient)
    response, counted = run_engine(
        clinic.schedule,
        patient,
        records,
        as_of or clinic.today,
        overdue_after_days=clinic.overdue_after_days,
    )
    return Evaluation(response, counted, clinic.schedule, clinic.today)


async def records_of(patient: Patient) -> list[ImmunizationRecord]:
    """The doses that count of one child, oldest first."""
    assert patient.id is not None
    found = await repository.completed_records(patient.clinic_id, [patient.id])
    return found.get(patient.id, [])


def summarize(response: ForecastResponse, as_of: date) -> ForecastSummary:
    """up_to_date, due, overdue or complete as of a date, from the forecast dates alone."""
    forecasts = [(g.vaccine_group, g.forecast) for g in response.vaccine_groups if g.forecast]
    pending = [(group, f) for group, f in forecasts if due_rules.is_givable(f, as_of)]
    statuses = {group: due_rules.dose_status(f, as_of, as_of) for group, f in pending}
    overdue = [group for group, status in statuses.items() if status == "overdue"]
    recommended = [f.recommended_date for _, f in pending if f.recommended_date]
    status: Literal["up_to_date", "due", "overdue", "complete"]
    if not pending:
        status = "complete"
    elif overdue:
        status = "overdue"
    elif "due" in statuses.values():
        status = "due"
    else:
        status = "up_to_date"
    return ForecastSummary(
        status=status,
        next_due_date=min(recommended, default=None),
        overdue_vaccine_groups=overdue,
        due_vaccine_groups=[group for group, status in statuses.items() if status == "due"],
    )


def forecast_rows(
    schedule: Schedule,
    patient: Patient,
    history: list[ImmunizationRecord],
    today: date,
    *,
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS,
) -> ChildRows:
    """The rows `refresh_forecasts` stores for one child, from the child's completed records."""
    response, counted = run_engine(
        schedule, patient, history, today, overdue_after_days=overdue_after_days
    )
    return child_rows(patient, schedule, response, counted, today)


async def store_evaluation(patient: Patient, evaluation: Evaluation) -> None:
    """Store the rows of one child from an evaluation as of the clinic's today (no second run)."""
    assert patient.id is not None
    rows = child_rows(
        patient, evaluation.schedule, evaluation.response, evaluation.counted, evaluation.today
    )
    await repository.replace_child_rows(
        patient.clinic_id, [patient.id], rows.entries, rows.progress, [rows.due_status]
    )


async def refresh_forecasts(patients: list[Patient]) -> None:
    """Recompute and store the forecast dates of these children (of one clinic)."""
    if not patients:
        return
    clinic_id = patients[0].clinic_id
    clinic = await clinic_forecasting(clinic_id)
    for start in range(0, len(patients), REFRESH_BATCH):
        batch = patients[start : start + REFRESH_BATCH]
        ids = [p.id for p in batch if p.id is not None]
        records = await repository.completed_records(clinic_id, ids)
        computed = [
            forecast_rows(
                clinic.schedule,
                patient,
                records.get(patient.id, []),  # type: ignore[arg-type]
                clinic.today,
                overdue_after_days=clinic.overdue_after_days,
            )
            for patient in batch
        ]
        await repository.replace_child_rows(
            clinic_id,
            ids,
            [entry for rows in computed for entry in rows.entries],
            [group for rows in computed for group in rows.progress],
            [rows.due_status for rows in computed],
        )


async def on_patient_changed(event: PatientChanged) -> None:
    """Recompute when the profile changed in a way the forecast depends on."""
    if event.fields & _FORECAST_INPUTS:
        await refresh_forecasts([event.patient])


async def on_clinic_changed(event: ClinicChanged) -> None:
    """Recompute every child of the clinic after a schedule, timezone or overdue rule change."""
    if not event.fields & _CLINIC_INPUTS or event.clinic.id is None:
        return
    only_overdue_rule = event.fields & _CLINIC_INPUTS == {"overdue_after_days"}
    if only_overdue_rule and event.clinic.schedule_code in schedules_service.SCHEDULE_PAST_DUE_ONLY:
        return  # the schedule gives every past-due date itself: nothing changes
    last_id: PydanticObjectId | None = None
    while True:
        batch = await patients_service.children_after(
            clinic_id=event.clinic.id, after=last_id, limit=REFRESH_BATCH
        )
        if not batch:
            return
        await refresh_forecasts(batch)
        last_id = batch[-1].id
