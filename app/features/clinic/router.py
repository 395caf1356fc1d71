"""HTTP routes of the clinic feature (`/api/v1/clinic`): settings and the audit trail."""

from typing import Annotated

from beanie import PydanticObjectId
from fastapi import APIRouter, Query

from app.core import audit
from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicAdmin, ClinicMember
from app.features.clinic import service
from app.features.clinic.schemas import ClinicRead, ClinicUpdate
from app.shared.schemas import AuditEventRead, Page, error_responses
from app.shared.text import SingleLine

router = APIRouter(
    prefix="/clinic",
    tags=["clinic"],
    responses=error_responses(401, 403, 422),
)


@router.get("")
async def read_clinic(member: ClinicMember) -> ClinicRead:
    """The caller's clinic and its settings."""
    return ClinicRead.model_validate(await service.get_clinic(clinic_id=member.clinic_id))


@router.patch("")
async def update_clinic(body: ClinicUpdate, admin: ClinicAdmin) -> ClinicRead:
    """Change the clinic's settings (admin)."""
    clinic = await service.update_clinic(
        clinic_id=admin.clinic_id,
        changes=body.model_dump(exclude_unset=True, mode="json"),
        actor=admin,
    )
    return ClinicRead.model_validate(clinic)


@router.get("/audit-events")
async def list_audit_events(
    admin: ClinicAdmin,
    pagination: Pagination,
    action: Annotated[str | None, Query(max_length=100), SingleLine] = None,
    actor_id: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{24}$")] = None,
) -> Page[AuditEventRead]:
    """The clinic's audit trail, newest first; filter by `action` or `actor_id`."""
    events, total = await audit.list_events(
        clinic_id=admin.clinic_id,
        action=action,
        actor_id=PydanticObjectId(actor_id) if actor_id else None,
        page=pagination.page,
        size=pagination.size,
    )
    return Page.of([AuditEventRead.model_validate(e) for e in events], total, pagination)
