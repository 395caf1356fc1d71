"""Reading and writing patient documents: tenant scoping and lost-update protection."""

from typing import Any

from app.core import audit
from app.core.audit import Actor
from app.core.errors import NotFound
from app.features.patients.exceptions import PatientArchived, PatientNotFound
from app.features.patients.models import Patient
from app.shared.concurrency import save_versioned
from app.shared.ids import parse_id


def access_filter(viewer: Actor) -> dict[str, Any]:
    """What of the patients collection `viewer` may see: their clinic, or their own children."""
    if viewer.role == "parent":
        return {"guardians": {"$elemMatch": {"user_id": viewer.user_id, "unlinked_at": None}}}
    return {"clinic_id": viewer.clinic_id}


async def find_patient(viewer: Actor, patient_id: str) -> Patient:
    """The patient with this id if `viewer` may see it; PatientNotFound otherwise."""
    try:
        object_id = parse_id(patient_id, "patient")
    except NotFound:
        raise PatientNotFound() from None
    patient = await Patient.find_one({"_id": object_id, **access_filter(viewer)})
    if patient is None:
        raise PatientNotFound()
    return patient


async def find_writable_patient(viewer: Actor, patient_id: str) -> Patient:
    """The patient as `find_patient` finds it, refused with PatientArchived while archived.

    Every write to a child (profile, guardians, records, observations) goes through here, so
    an archived record is read-only everywhere until it is restored.
    """
    patient = await find_patient(viewer, patient_id)
    if patient.status == "archived":
        raise PatientArchived()
    return patient


async def commit(patient: Patient, *, expected_version: int | None = None) -> None:
    """Replace the stored patient if its version is still the one read; 412 otherwise."""
    await save_versioned(patient, expected_version=expected_version)


async def audit_patient(
    actor: Actor, action: str, patient: Patient, fields: list[str] | None = None
) -> None:
    """Record an event on this child's record (reads included) in the child's clinic."""
    await audit.record(
        action,
        actor=actor,
        clinic_id=patient.clinic_id,
        target_type="patient",
        target_id=patient.id,
        fields=fields,
    )
