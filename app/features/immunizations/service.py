"""Immunization records: add, read, correct, mark entered in error, record not-done doses."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.audit import Actor
from app.features.immunizations import forecasts, repository
from app.features.immunizations.exceptions import (
    RecordNotCorrectable,
    RecordNotFound,
    UnknownVaccineGroup,
)
from app.features.immunizations.models import ImmunizationRecord, NotDoneReason, Revision
from app.features.immunizations.record_checks import (
    check_cvx,
    check_date,
    refuse_duplicate,
    refuse_duplicate_not_done,
)
from app.features.immunizations.schemas import ForecastSummary
from app.features.patients import service as patients_service
from app.features.patients.models import Patient
from app.features.schedules.schemas import AntigenEvaluation, ForecastResponse
from app.shared.concurrency import check_version, save_versioned, version_from_if_match
from app.shared.ids import parse_id
from app.shared.time import utc_now

# What a correction may change; the previous values are kept in the record's revisions.
CORRECTABLE = (
    "cvx",
    "date_administered",
    "mvx",
    "lot_number",
    "expiration_date",
    "site",
    "route",
    "dose_volume_ml",
    "source",
    "performer_name",
    "notes",
)


@dataclass(frozen=True)
class RecordView:
    """A record with what the engine says of it for this child today."""

    record: ImmunizationRecord
    vaccine_name: str | None
    vaccine_groups: list[str]
    evaluations: list[AntigenEvaluation]


async def _find_record(patient: Patient, record_id: str) -> ImmunizationRecord:
    assert patient.id is not None
    object_id = parse_id(record_id, RecordNotFound)
    record = await repository.find_record(patient.clinic_id, patient.id, object_id)
    if record is None:
        raise RecordNotFound()
    return record


async def add_record(
    *, viewer: Actor, patient_id: str, fields: dict[str, Any], allow_duplicate: bool
) -> RecordView:
    """Record a dose; the child's stored forecast is refreshed (one engine run in all)."""
    patient = await patients_service.find_writable_patient(viewer, patient_id)
    clinic = await forecasts.clinic_forecasting(patient.clinic_id)
    schedule, today = clinic.schedule, clinic.today
    check_cvx(schedule, fields["cvx"])
    check_date(patient, fields["date_administered"], today, "date_administered")
    record = ImmunizationRecord(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        recorded_by=viewer.user_id,
        vaccine_groups=list(schedule.cvx[fields["cvx"]].vaccine_groups),
        **fields,
    )
    if not allow_duplicate:
        await refuse_duplicate(record)
    await record.insert()
    await patients_service.audit_patient(
        viewer, "immunization.create", patient, fields=sorted(fields)
    )
    return await _refreshed_view(patient, record, clinic)


async def record_not_done(
    *,
    viewer: Actor,
    patient_id: str,
    vaccine_group: str,
    day: date,
    reason: NotDoneReason,
    notes: str | None,
) -> RecordView:
    """Record that a due dose was not given, and why (refusal, contraindication, ...)."""
    patient = await patients_service.find_writable_patient(viewer, patient_id)
    clinic = await forecasts.clinic_forecasting(patient.clinic_id)
    schedule, today = clinic.schedule, clinic.today
    if vaccine_group not in schedule.vaccine_groups:
        raise UnknownVaccineGroup(vaccine_group, list(schedule.vaccine_groups))
    check_date(patient, day, today, "date")
    record = ImmunizationRecord(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        status="not_done",
        date_administered=day,
        vaccine_group=vaccine_group,
        vaccine_groups=[vaccine_group],
        not_done_reason=reason,
        notes=notes,
        recorded_by=viewer.user_id,
    )
    await refuse_duplicate_not_done(record)
    await record.insert()
    await patients_service.audit_patient(
        viewer, "immunization.not_done", patient, fields=["not_done_reason"]
    )
    # A not-done record changes no forecast: the child's stored rows stand.
    return await _view(patient, record, clinic)


async def list_records(*, viewer: Actor, patient_id: str) -> list[RecordView]:
    """The child's records, oldest first, each with its evaluations; the read is audited."""
    patient = await patients_service.find_patient(viewer, patient_id)
    views, _ = await records_and_evaluation(viewer=viewer, patient=patient)
    return views


async def records_and_evaluation(
    *, viewer: Actor, patient: Patient
) -> tuple[list[RecordView], forecasts.Evaluation]:
    """A found child's records with their evaluations, and the one engine run behind them.

    The read is audited as `immunizations.read`.
    """
    assert patient.id is not None
    records = await repository.child_records(patient.clinic_id, patient.id)
    await patients_service.audit_patient(viewer, "immunizations.read", patient)
    # The engine reads the completed ones of the same list: one query for the records.
    evaluation = await forecasts.evaluate(patient, records=records)
    return _views(evaluation, records), evaluation


async def read_record(*, viewer: Actor, patient_id: str, record_id: str) -> RecordView:
    """One record with its evaluations; the read is audited."""
    patient = await patients_service.find_patient(viewer, patient_id)
    record = await _find_record(patient, record_id)
    await patients_service.audit_patient(viewer, "immunization.read", patient)
    return await _view(patient, record)


async def correct_record(
    *, viewer: Actor, patient_id: str, record_id: str, changes: dict[str, Any], if_match: str | None
) -> RecordView:
    """Correct a dose; a stale `If-Match` is refused (412) and old values are kept."""
    patient = await patients_service.find_writable_patient(viewer, patient_id)
    record = await _find_record(patient, record_id)
    expected = version_from_if_match(if_match, record)
    # Stale first: a correction made on an out-of-date read is refused even when it is a no-op.
    check_version(record, expected)
    if record.status != "completed":
        raise RecordNotCorrectable()
    clinic = await forecasts.clinic_forecasting(patient.clinic_id)
    schedule, today = clinic.schedule, clinic.today
    if "cvx" in changes:
        check_cvx(schedule, changes["cvx"])
    if "date_administered" in changes:
        check_date(patient, changes["date_administered"], today, "date_administered")
    changed = [k for k in CORRECTABLE if k in changes and getattr(record, k) != changes[k]]
    if not changed:
        return await _view(patient, record, clinic)
    previous = {key: getattr(record, key) for key in changed}
    for key in changed:
        setattr(record, key, changes[key])
    if "cvx" in changed:
        record.vaccine_groups = list(schedule.cvx[record.cvx or ""].vaccine_groups)
    if {"cvx", "date_administered"} & set(changed):
        await refuse_duplicate(record)
    record.revisions.append(
        Revision(
            version=record.version,
            changed_at=utc_now(),
            changed_by=viewer.user_id,
            previous=previous,
        )
    )
    await save_versioned(record, expected_version=expected)
    await patients_service.audit_patient(viewer, "immunization.update", patient, fields=changed)
    return await _refreshed_view(patient, record, clinic)


async def mark_entered_in_error(
    *, viewer: Actor, patient_id: str, record_id: str, reason: str
) -> RecordView:
    """Keep the record but stop counting it; the forecast is refreshed."""
    patient = await patients_service.find_writable_patient(viewer, patient_id)
    record = await _find_record(patient, record_id)
    if record.status != "completed":
        raise RecordNotCorrectable()
    record.status = "entered_in_error"
    record.entered_in_error_reason = reason
    record.entered_in_error_at = utc_now()
    await save_versioned(record)
    await patients_service.audit_patient(
        viewer, "immunization.entered_in_error", patient, fields=["status"]
    )
    return await _refreshed_view(patient, record)


async def read_forecast(
    *, viewer: Actor, patient_id: str, as_of: date | None
) -> tuple[ForecastResponse, ForecastSummary]:
    """The child's evaluation and forecast (today in the clinic by default); the read is audited."""
    patient = await patients_service.find_patient(viewer, patient_id)
    evaluation = await forecasts.evaluate(patient, as_of)
    await patients_service.audit_patient(viewer, "forecast.read", patient)
    return evaluation.response, forecasts.summarize(evaluation.response, as_of or evaluation.today)


async def _view(
    patient: Patient,
    record: ImmunizationRecord,
    clinic: forecasts.ClinicForecasting | None = None,
) -> RecordView:
    return _views(await forecasts.evaluate(patient, clinic=clinic), [record])[0]


async def _refreshed_view(
    patient: Patient,
    record: ImmunizationRecord,
    clinic: forecasts.ClinicForecasting | None = None,
) -> RecordView:
    # One engine run as of today serves both the stored rows and the record's evaluations.
    evaluation = await forecasts.evaluate(patient, clinic=clinic)
    await forecasts.store_evaluation(patient, evaluation)
    return _views(evaluation, [record])[0]


def _views(evaluation: forecasts.Evaluation, records: list[ImmunizationRecord]) -> list[RecordView]:
    by_record = {
        record.id: dose.evaluations
        for record, dose in zip(evaluation.counted, evaluation.response.doses, strict=True)
    }
    views = []
    for record in records:
        vaccine = evaluation.schedule.cvx.get(record.cvx or "")
        views.append(
            RecordView(
                record=record,
                vaccine_name=vaccine.name if vaccine else None,
                vaccine_groups=list(vaccine.vaccine_groups)
                if vaccine
                else ([record.vaccine_group] if record.vaccine_group else []),
                evaluations=by_record.get(record.id, []),
            )
        )
    return views
