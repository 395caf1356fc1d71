"""Patient logic: create with duplicate checks, search, read, edit, archive, audit trail."""

from datetime import date
from typing import Any

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from app.core import audit
from app.core.audit import Actor, AuditEvent, ClinicActor
from app.core.errors import UnprocessableEntity
from app.features.clinic import service as clinic_service
from app.features.clinic.models import Clinic
from app.features.patients import events, repository
from app.features.patients import guardians as guardians_service
from app.features.patients.exceptions import (
    DuplicateMedicalRecordNumber,
    PatientArchived,
    ProbableDuplicatePatient,
)
from app.features.patients.models import Patient, PatientStatus

# Other features reach a child as `patients_service.find_patient`, `find_writable_patient`
# and record their reads and changes with `patients_service.audit_patient`.
from app.features.patients.repository import (
    audit_patient,
    commit,
    find_patient,
    find_writable_patient,
)
from app.shared.concurrency import check_version, version_from_if_match
from app.shared.text import normalise
from app.shared.time import local_today, utc_now


async def clinic_today(clinic_id: PydanticObjectId) -> date:
    """Today's date in the clinic's timezone."""
    return local_today(await clinic_service.clinic_timezone(clinic_id=clinic_id))


async def todays_by_clinic(patients: list[Patient]) -> dict[PydanticObjectId, date]:
    """Today's date for each clinic these patients belong to."""
    return {cid: await clinic_today(cid) for cid in {p.clinic_id for p in patients}}


def _check_birth_date(date_of_birth: date, today: date) -> None:
    if date_of_birth > today:
        raise UnprocessableEntity(
            "date_of_birth cannot be in the future",
            details=[{"loc": ["body", "date_of_birth"], "msg": "in the future"}],
        )


def _mrn_key(clinic_id: PydanticObjectId, mrn: str | None) -> str | None:
    return f"{clinic_id}:{mrn}" if mrn else None


async def _raise_mrn_conflict(clinic_id: PydanticObjectId, mrn: str) -> None:
    existing = await repository.with_mrn_key(_mrn_key(clinic_id, mrn))
    raise DuplicateMedicalRecordNumber(str(existing.id) if existing else None)


async def create_patient(
    *,
    viewer: ClinicActor,
    fields: dict[str, Any],
    guardians: list[dict[str, Any]],
    allow_duplicate: bool,
) -> Patient:
    """Create a child in the viewer's clinic; probable duplicates need `allow_duplicate`."""
    _check_birth_date(fields["date_of_birth"], await clinic_today(viewer.clinic_id))
    patient = Patient(
        clinic_id=viewer.clinic_id,
        first_name_key=normalise(fields["first_name"]),
        last_name_key=normalise(fields["last_name"]),
        mrn_key=_mrn_key(viewer.clinic_id, fields.get("medical_record_number")),
        guardians=guardians_service.build_guardians(guardians),
        **fields,
    )
    if not allow_duplicate:
        existing = await repository.same_name_and_birth(
            clinic_id=viewer.clinic_id,
            first_name_key=patient.first_name_key,
            last_name_key=patient.last_name_key,
            date_of_birth=patient.date_of_birth,
        )
        if existing:
            raise ProbableDuplicatePatient(str(existing.id))
    try:
        await patient.insert()
    except DuplicateKeyError:
        await _raise_mrn_conflict(viewer.clinic_id, fields["medical_record_number"])
    await audit_patient(viewer, "patient.create", patient)
    await events.patient_changed.emit(events.PatientChanged(patient, frozenset({"created"})))
    await guardians_service.send_invitations(patient, guardians, actor=viewer)
    return patient


async def list_patients(
    *,
    viewer: Actor,
    q: str | None,
    status: PatientStatus,
    born_from: date | None,
    born_to: date | None,
    page: int,
    size: int,
) -> tuple[list[Patient], int]:
    """A page of the children the viewer may see, by last then first name; audited once."""
    patients, total = await repository.search(
        viewer=viewer,
        q=q,
        status=status,
        born_from=born_from,
        born_to=born_to,
        page=page,
        size=size,
    )
    await audit.record_bulk_read(
        "patients.list",
        actor=viewer,
        query={"q": q, "status": status, "born_from": born_from, "born_to": born_to},
    )
    return patients, total


async def visible_patient_ids(
    *, viewer: Actor, patient_ids: list[PydanticObjectId]
) -> list[PydanticObjectId]:
    """Which of these children the viewer may see now (a parent: still a linked guardian)."""
    return await repository.visible_ids(viewer=viewer, patient_ids=patient_ids)


async def children_of_clinic(
    *, clinic_id: PydanticObjectId, patient_ids: list[PydanticObjectId]
) -> list[Patient]:
    """These children of the clinic in one query (not audited: for system work like reminders)."""
    return await repository.children_of_clinic(clinic_id=clinic_id, patient_ids=patient_ids)


async def active_children_born_in(
    *, clinic_id: PydanticObjectId, periods: list[tuple[date, date]]
) -> list[Patient]:
    """The clinic's active children born in any of these (after, until] periods, in one query."""
    return await repository.active_children_born_in(clinic_id=clinic_id, periods=periods)


async def count_active_children(
    *, clinic_id: PydanticObjectId, born_from: date | None = None, born_to: date | None = None
) -> int:
    """How many active children the clinic has (born from `born_from` to `born_to` if given)."""
    return await repository.count_active_children(
        clinic_id=clinic_id, born_from=born_from, born_to=born_to
    )


async def children_after(
    *, clinic_id: PydanticObjectId, after: PydanticObjectId | None, limit: int
) -> list[Patient]:
    """The clinic's next `limit` children (any status) in id order: for system-wide refreshes."""
    return await repository.children_after(clinic_id=clinic_id, after=after, limit=limit)


async def read_patient(*, viewer: Actor, patient_id: str) -> Patient:
    """The child's record; the read is audited."""
    patient = await find_patient(viewer, patient_id)
    await audit_patient(viewer, "patient.read", patient)
    return patient


async def clinic_of_patient(*, viewer: Actor, patient_id: str) -> Clinic:
    """The clinic caring for a child the viewer may see (what a parent needs to reach it)."""
    patient = await find_patient(viewer, patient_id)
    return await clinic_service.get_clinic(clinic_id=patient.clinic_id)


async def update_patient(
    *, viewer: Actor, patient_id: str, changes: dict[str, Any], if_match: str | None
) -> Patient:
    """Apply a partial update unless the record changed since the `If-Match` ETag (412)."""
    patient = await find_writable_patient(viewer, patient_id)
    expected_version = version_from_if_match(if_match, patient)
    if "date_of_birth" in changes:
        _check_birth_date(changes["date_of_birth"], await clinic_today(patient.clinic_id))
    changed = [key for key, value in changes.items() if getattr(patient, key) != value]
    if not changed:
        check_version(patient, expected_version)
        return patient
    for key in changed:
        setattr(patient, key, changes[key])
    patient.first_name_key = normalise(patient.first_name)
    patient.last_name_key = normalise(patient.last_name)
    patient.mrn_key = _mrn_key(patient.clinic_id, patient.medical_record_number)
    try:
        await commit(patient, expected_version=expected_version)
    except DuplicateKeyError:
        assert patient.medical_record_number is not None
        await _raise_mrn_conflict(patient.clinic_id, patient.medical_record_number)
    await audit_patient(viewer, "patient.update", patient, fields=changed)
    await events.patient_changed.emit(events.PatientChanged(patient, frozenset(changed)))
    return patient


async def set_archived(
    *, viewer: Actor, patient_id: str, archived: bool, reason: str | None = None
) -> Patient:
    """Archive a child's record with a reason, or restore it; never deletes anything."""
    patient = await find_patient(viewer, patient_id)
    if archived:
        if patient.status == "archived":
            raise PatientArchived()
        patient.status, patient.archived_reason, patient.archived_at = "archived", reason, utc_now()
    else:
        if patient.status == "active":
            return patient
        patient.status, patient.archived_reason, patient.archived_at = "active", None, None
    await commit(patient)
    action = "patient.archive" if archived else "patient.restore"
    await audit_patient(viewer, action, patient, fields=["status"])
    await events.patient_changed.emit(events.PatientChanged(patient, frozenset({"status"})))
    return patient


async def list_audit_events(
    *, viewer: Actor, patient_id: str, page: int, size: int
) -> tuple[list[AuditEvent], int]:
    """Who read or changed this child's record, newest first."""
    patient = await find_patient(viewer, patient_id)
    return await audit.list_events(
        clinic_id=patient.clinic_id,
        target_type="patient",
        target_id=str(patient.id),
        page=page,
        size=size,
    )
