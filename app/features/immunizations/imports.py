"""Importing historical doses in bulk (records from another clinic or a registry), idempotently.

Each dose goes through the same checks as `service.add_record` (CVX of the clinic's schedule,
date within the child's life, no second record of one vaccine on one day); a dose that names
an identifier the child's records already carry is found, not added again; the child's stored
forecast is refreshed once for the whole import.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from app.core.audit import ClinicActor
from app.core.errors import AppError
from app.features.immunizations import forecasts, repository
from app.features.immunizations.models import ImmunizationRecord
from app.features.immunizations.record_checks import check_cvx, check_date, refuse_duplicate
from app.features.patients import service as patients_service
from app.features.patients.models import Patient
from app.features.schedules.engine.model import Schedule


@dataclass(frozen=True)
class ImportedDose:
    """One dose to import: `RecordCreate`'s fields (source aside) and its identifiers."""

    fields: dict[str, Any]
    identifiers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one dose: the record created or already present, or the error refusing it."""

    result: Literal["created", "present", "refused"]
    record: ImmunizationRecord | None = None
    error: AppError | None = None


async def import_historical(
    *, viewer: ClinicActor, patient_id: str, doses: list[ImportedDose]
) -> tuple[Patient, list[ImportOutcome]]:
    """Create a `historical` record per new dose; one outcome per dose, in order."""
    patient = await patients_service.find_writable_patient(viewer, patient_id)
    assert patient.id is not None
    schedule, today = await forecasts.clinic_schedule(patient.clinic_id)
    known: dict[str, ImmunizationRecord] = {}
    keys = [k for d in doses for k in d.identifiers]
    for record in await repository.records_with_identifiers(patient.clinic_id, patient.id, keys):
        known.update({key: record for key in record.identifiers})
    outcomes: list[ImportOutcome] = []
    for dose in doses:
        present = next((known[k] for k in dose.identifiers if k in known), None)
        if present is not None:
            outcomes.append(ImportOutcome("present", record=present))
            continue
        try:
            record = await _create(viewer, patient, schedule, today, dose)
        except AppError as error:
            outcomes.append(ImportOutcome("refused", error=error))
            continue
        known.update({key: record for key in record.identifiers})
        outcomes.append(ImportOutcome("created", record=record))
    if any(o.result == "created" for o in outcomes):
        evaluation = await forecasts.evaluate(patient, schedule=(schedule, today))
        await forecasts.store_evaluation(patient, evaluation)
    return patient, outcomes


async def _create(
    viewer: ClinicActor, patient: Patient, schedule: Schedule, today: date, dose: ImportedDose
) -> ImmunizationRecord:
    fields = dose.fields
    check_cvx(schedule, fields["cvx"])
    check_date(patient, fields["date_administered"], today, "date_administered")
    record = ImmunizationRecord(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        recorded_by=viewer.user_id,
        vaccine_groups=list(schedule.cvx[fields["cvx"]].vaccine_groups),
        identifiers=list(dict.fromkeys(dose.identifiers)),
        **{**fields, "source": "historical"},
    )
    await refuse_duplicate(record)
    await record.insert()
    await patients_service.audit_patient(
        viewer, "immunization.import", patient, fields=sorted(fields)
    )
    return record
