"""HTTP routes of the patients feature (`/api/v1/patients`)."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicAdmin, ClinicMember, CurrentUser, actor
from app.features.auth.models import User
from app.features.patients import guardians as guardians_service
from app.features.patients import service
from app.features.patients.models import Patient, PatientStatus
from app.features.patients.schemas import (
    ArchiveRequest,
    ClinicContactRead,
    GuardianCreate,
    GuardianRead,
    GuardianUpdate,
    PatientCreate,
    PatientRead,
    PatientUpdate,
    guardians_seen,
)
from app.shared.concurrency import etag
from app.shared.schemas import AuditEventRead, IsoDate, Page, error_responses
from app.shared.text import SingleLine

router = APIRouter(
    prefix="/patients", tags=["patients"], responses=error_responses(401, 403, 404, 422)
)


def parent_viewer(user: User) -> User | None:
    """The user when a parent (whose views leave out clinic notes and others' contacts)."""
    return user if user.role == "parent" else None


async def _with_etag(
    patient: Patient, response: Response, parent: User | None = None
) -> PatientRead:
    response.headers["ETag"] = etag(patient)
    return PatientRead.of(patient, await service.clinic_today(patient.clinic_id), parent)


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409))
async def create_patient(
    body: PatientCreate,
    member: ClinicMember,
    response: Response,
    allow_duplicate: Annotated[
        bool, Query(description="Create even if a probable duplicate exists")
    ] = False,
) -> PatientRead:
    """Register a child in the clinic, with guardians (optionally invited to the portal)."""
    fields = body.model_dump(exclude={"guardians"})
    patient = await service.create_patient(
        viewer=member,
        fields=fields,
        guardians=[g.model_dump() for g in body.guardians],
        allow_duplicate=allow_duplicate,
    )
    return await _with_etag(patient, response)


@router.get("")
async def list_patients(
    user: CurrentUser,
    pagination: Pagination,
    q: Annotated[
        str | None, Query(max_length=100, description="Name prefix or exact MRN"), SingleLine
    ] = None,
    status_: Annotated[PatientStatus, Query(alias="status")] = "active",
    born_from: Annotated[IsoDate | None, Query()] = None,
    born_to: Annotated[IsoDate | None, Query()] = None,
) -> Page[PatientRead]:
    """The clinic's children (staff) or one's own children (parents), by name."""
    patients, total = await service.list_patients(
        viewer=actor(user),
        q=q,
        status=status_,
        born_from=born_from,
        born_to=born_to,
        page=pagination.page,
        size=pagination.size,
    )
    todays = await service.todays_by_clinic(patients)
    items = [PatientRead.of(p, todays[p.clinic_id], parent_viewer(user)) for p in patients]
    return Page.of(items, total, pagination)


@router.get("/{patient_id}")
async def read_patient(patient_id: str, user: CurrentUser, response: Response) -> PatientRead:
    """A child's profile with guardians and age; the `ETag` header guards later edits."""
    patient = await service.read_patient(viewer=actor(user), patient_id=patient_id)
    return await _with_etag(patient, response, parent_viewer(user))


@router.get("/{patient_id}/clinic")
async def read_patient_clinic(patient_id: str, user: CurrentUser) -> ClinicContactRead:
    """The clinic caring for the child: name, contact, branding (staff and the child's parents)."""
    clinic = await service.clinic_of_patient(viewer=actor(user), patient_id=patient_id)
    return ClinicContactRead.model_validate(clinic)


@router.patch("/{patient_id}", responses=error_responses(409, 412))
async def update_patient(
    patient_id: str,
    body: PatientUpdate,
    member: ClinicMember,
    response: Response,
    if_match: Annotated[str | None, Header(description="The ETag last read")] = None,
) -> PatientRead:
    """Change a child's profile; a stale `If-Match` is refused with 412."""
    patient = await service.update_patient(
        viewer=member,
        patient_id=patient_id,
        changes=body.model_dump(exclude_unset=True),
        if_match=if_match,
    )
    return await _with_etag(patient, response)


@router.post("/{patient_id}/archive", responses=error_responses(409))
async def archive_patient(
    patient_id: str, body: ArchiveRequest, member: ClinicMember, response: Response
) -> PatientRead:
    """Archive a child's record (hidden from default lists, never deleted)."""
    patient = await service.set_archived(
        viewer=member, patient_id=patient_id, archived=True, reason=body.reason
    )
    return await _with_etag(patient, response)


@router.post("/{patient_id}/restore")
async def restore_patient(patient_id: str, member: ClinicMember, response: Response) -> PatientRead:
    """Bring an archived record back to the active list."""
    patient = await service.set_archived(viewer=member, patient_id=patient_id, archived=False)
    return await _with_etag(patient, response)


@router.get("/{patient_id}/audit-events")
async def list_patient_audit_events(
    patient_id: str, admin: ClinicAdmin, pagination: Pagination
) -> Page[AuditEventRead]:
    """Who read or changed this child's record, newest first (admin)."""
    events, total = await service.list_audit_events(
        viewer=admin, patient_id=patient_id, page=pagination.page, size=pagination.size
    )
    return Page.of([AuditEventRead.model_validate(e) for e in events], total, pagination)


@router.get("/{patient_id}/guardians")
async def list_guardians(patient_id: str, user: CurrentUser) -> list[GuardianRead]:
    """The child's guardians."""
    guardians = await guardians_service.list_guardians(viewer=actor(user), patient_id=patient_id)
    return guardians_seen(guardians, parent_viewer(user))


@router.post(
    "/{patient_id}/guardians", status_code=status.HTTP_201_CREATED, responses=error_responses(409)
)
async def add_guardian(patient_id: str, body: GuardianCreate, member: ClinicMember) -> GuardianRead:
    """Link a guardian; with `invite` and an email, they are invited to the portal."""
    guardian = await guardians_service.add_guardian(
        viewer=member, patient_id=patient_id, data=body.model_dump()
    )
    return GuardianRead.model_validate(guardian)


@router.patch("/{patient_id}/guardians/{guardian_id}", responses=error_responses(409))
async def update_guardian(
    patient_id: str, guardian_id: str, body: GuardianUpdate, member: ClinicMember
) -> GuardianRead:
    """Edit a guardian's contact details."""
    guardian = await guardians_service.update_guardian(
        viewer=member,
        patient_id=patient_id,
        guardian_id=guardian_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return GuardianRead.model_validate(guardian)


@router.delete(
    "/{patient_id}/guardians/{guardian_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(409),
)
async def remove_guardian(patient_id: str, guardian_id: str, member: ClinicMember) -> None:
    """Unlink a guardian; a parent account loses access to this child (kept on record)."""
    await guardians_service.remove_guardian(
        viewer=member, patient_id=patient_id, guardian_id=guardian_id
    )
