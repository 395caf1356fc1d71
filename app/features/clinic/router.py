"""HTTP routes of the clinic feature (`/api/v1/clinic`)."""

from typing import Annotated

from beanie import PydanticObjectId
from fastapi import APIRouter, Query

from app.core import audit
from app.dependencies import AdminUser, ClinicUser, Pagination, actor
from app.features.clinic import service
from app.features.clinic.models import Clinic
from app.features.clinic.schemas import ClinicRead, ClinicUpdate
from app.shared.schemas import AuditEventRead, Page, error_responses
from app.shared.text import SingleLine

router = APIRouter(
    prefix="/clinic",
    tags=["clinic"],
    responses=error_responses(401, 403, 422),
)


def clinic_read(clinic: Clinic) -> ClinicRead:
    """The API view of a clinic."""
    return ClinicRead(id=str(clinic.id), **clinic.model_dump(exclude={"id", "name_key"}))


@router.get("")
async def read_clinic(user: ClinicUser) -> ClinicRead:
    """The caller's clinic and its settings."""
    assert user.clinic_id is not None
    return clinic_read(await service.get_clinic(clinic_id=user.clinic_id))


@router.patch("")
async def update_clinic(body: ClinicUpdate, admin: AdminUser) -> ClinicRead:
    """Change the clinic's settings (admin)."""
    assert admin.clinic_id is not None
    clinic = await service.update_clinic(
        clinic_id=admin.clinic_id,
        changes=body.model_dump(exclude_unset=True, mode="json"),
        actor=actor(admin),
    )
    return clinic_read(clinic)


@router.get("/audit-events")
async def list_audit_events(
    admin: AdminUser,
    pagination: Pagination,
    action: Annotated[str | None, Query(max_length=100), SingleLine] = None,
    actor_id: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{24}$")] = None,
) -> Page[AuditEventRead]:
    """The clinic's audit trail, newest first; filter by `action` or `actor_id`."""
    assert admin.clinic_id is not None
    events, total = await audit.list_events(
        clinic_id=admin.clinic_id,
        action=action,
        actor_id=PydanticObjectId(actor_id) if actor_id else None,
        page=pagination.page,
        size=pagination.size,
    )
    return Page.of([AuditEventRead.of(e) for e in events], total, pagination)
