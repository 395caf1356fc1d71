"""A child's conditions: CDSi observations on the record, read by the forecast; never deleted.

A condition holds from the day it was recorded until it is ended; both dates lie between the
child's birth and today in the clinic, so the stored forecast (computed as of today) stays
right as days pass, and every change recomputes it (`patients.patient_changed`, `conditions`).
"""

from datetime import date

from app.core.audit import Actor, ClinicActor
from app.core.errors import PreconditionFailed
from app.features.clinic import service as clinic_service
from app.features.patients import events
from app.features.patients.exceptions import (
    ConditionAlreadyActive,
    ConditionAlreadyEnded,
    ConditionNotFound,
    InvalidConditionDate,
)
from app.features.patients.models import Patient, PatientCondition
from app.features.patients.repository import (
    audit_patient,
    commit,
    find_patient,
    find_writable_patient,
)
from app.features.schedules import service as schedules_service
from app.features.schedules.exceptions import UnknownObservation
from app.shared.ids import parse_id
from app.shared.time import local_today

# A write re-reads the child and tries again when another write got in between (no If-Match
# is asked for: adding a condition does not overwrite anything the caller read).
WRITE_ATTEMPTS = 3


async def _clinic_rules(patient: Patient) -> tuple[dict[str, str], date]:
    """The observations the clinic's schedule defines (code -> text) and the clinic's today."""
    clinic = await clinic_service.get_clinic(clinic_id=patient.clinic_id)
    schedule = schedules_service.get_schedule(clinic.schedule_code)
    return schedules_service.observation_catalog(schedule), local_today(clinic.timezone)


def _check_day(patient: Patient, day: date, today: date, field: str) -> None:
    if day > today:
        raise InvalidConditionDate(f"{field} is in the future", field)
    if day < patient.date_of_birth:
        raise InvalidConditionDate(f"{field} is before the child's birth", field)


async def list_conditions(*, viewer: Actor, patient_id: str) -> list[PatientCondition]:
    """The child's conditions, ended ones included, oldest first; the read is audited."""
    patient = await find_patient(viewer, patient_id)
    await audit_patient(viewer, "conditions.read", patient)
    return sorted(patient.conditions, key=lambda c: (c.recorded_on, c.id))


async def add_condition(
    *, viewer: ClinicActor, patient_id: str, code: str, recorded_on: date | None, notes: str | None
) -> PatientCondition:
    """Record a condition the clinic's schedule defines; the same code active twice is a 409."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        patient = await find_writable_patient(viewer, patient_id)
        defined, today = await _clinic_rules(patient)
        if code not in defined:
            raise UnknownObservation([code])
        day = recorded_on or today
        _check_day(patient, day, today, "recorded_on")
        active = next((c for c in patient.conditions if c.code == code and not c.ends_on), None)
        if active is not None:
            raise ConditionAlreadyActive(str(active.id))
        condition = PatientCondition(
            code=code, text=defined[code], recorded_on=day, recorded_by=viewer.user_id, notes=notes
        )
        patient.conditions.append(condition)
        try:
            await commit(patient, expected_version=patient.version)
        except PreconditionFailed:
            if attempt == WRITE_ATTEMPTS:
                raise
            continue
        fields = ["code", "recorded_on", *(["notes"] if notes is not None else [])]
        await audit_patient(viewer, "condition.create", patient, fields=fields)
        await events.patient_changed.emit(events.PatientChanged(patient, frozenset({"conditions"})))
        return condition
    raise AssertionError("unreachable")  # pragma: no cover


async def end_condition(
    *,
    viewer: ClinicActor,
    patient_id: str,
    condition_id: str,
    ends_on: date | None,
    reason: str | None,
) -> PatientCondition:
    """End a condition from a day (default today); it stays on the record as `ended`."""
    wanted = parse_id(condition_id, ConditionNotFound)
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        patient = await find_writable_patient(viewer, patient_id)
        condition = next((c for c in patient.conditions if c.id == wanted), None)
        if condition is None:
            raise ConditionNotFound()
        if condition.ends_on is not None:
            raise ConditionAlreadyEnded()
        _, today = await _clinic_rules(patient)
        day = ends_on or today
        _check_day(patient, day, today, "ends_on")
        if day < condition.recorded_on:
            raise InvalidConditionDate("ends_on is before recorded_on", "ends_on")
        condition.ends_on, condition.end_reason, condition.ended_by = day, reason, viewer.user_id
        try:
            await commit(patient, expected_version=patient.version)
        except PreconditionFailed:
            if attempt == WRITE_ATTEMPTS:
                raise
            continue
        fields = ["ends_on", *(["end_reason"] if reason is not None else [])]
        await audit_patient(viewer, "condition.end", patient, fields=fields)
        await events.patient_changed.emit(events.PatientChanged(patient, frozenset({"conditions"})))
        return condition
    raise AssertionError("unreachable")  # pragma: no cover
