"""Reading and writing patient documents: tenant scoping and lost-update protection."""

from typing import Any

from beanie.odm.utils.encoder import Encoder

from app.core import audit
from app.core.audit import Actor
from app.core.errors import NotFound, PreconditionFailed
from app.features.patients.exceptions import PatientNotFound
from app.features.patients.models import Patient
from app.shared.ids import parse_id
from app.shared.time import utc_now


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


def check_version(patient: Patient, expected_version: int | None) -> None:
    """412 when the caller's `If-Match` version is not the stored one."""
    if expected_version is not None and expected_version != patient.version:
        raise PreconditionFailed("The patient was changed by someone else; reload and retry")


async def commit(patient: Patient, *, expected_version: int | None = None) -> None:
    """Replace the stored patient if its version is still the one read; 412 otherwise."""
    check_version(patient, expected_version)
    read_version = patient.version
    patient.version = read_version + 1
    patient.updated_at = utc_now()
    document = Encoder(to_db=True, keep_nulls=False).encode(patient)
    result = await Patient.get_motor_collection().replace_one(
        {"_id": patient.id, "version": read_version}, document
    )
    if result.matched_count == 0:
        patient.version = read_version
        raise PreconditionFailed("The patient was changed by someone else; reload and retry")


def etag(patient: Patient) -> str:
    """The strong ETag of the patient's current version."""
    return f'"{patient.id}.{patient.version}"'


def version_from_if_match(header: str | None, patient: Patient) -> int | None:
    """The version an `If-Match` header names; None when absent or `*`; 412 when foreign."""
    if header is None or header.strip() == "*":
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    owner, _, version = tag.rpartition(".")
    if owner != str(patient.id) or not version.isdigit():
        raise PreconditionFailed("If-Match does not name a version of this patient")
    return int(version)


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
