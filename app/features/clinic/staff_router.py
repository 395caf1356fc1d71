"""HTTP routes for a clinic's staff (`/api/v1/clinic/staff`); the accounts are auth's."""

from fastapi import APIRouter, status

from app.dependencies import Pagination
from app.features.auth import staff_service
from app.features.auth.dependencies import ClinicAdmin, ClinicMember
from app.features.auth.exceptions import UserNotFound
from app.features.auth.schemas import (
    StaffInvitationRead,
    StaffInvitationRequest,
    StaffUpdate,
    UserRead,
)
from app.features.clinic import service
from app.shared.ids import parse_id
from app.shared.schemas import Page, error_responses

router = APIRouter(
    prefix="/clinic/staff",
    tags=["clinic"],
    responses=error_responses(401, 403, 422),
)


@router.get("")
async def list_staff(member: ClinicMember, pagination: Pagination) -> Page[UserRead]:
    """The clinic's admins and staff, by name."""
    users, total = await staff_service.list_staff(
        clinic_id=member.clinic_id, page=pagination.page, size=pagination.size
    )
    return Page.of([UserRead.model_validate(u) for u in users], total, pagination)


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409),
)
async def invite_staff(body: StaffInvitationRequest, admin: ClinicAdmin) -> StaffInvitationRead:
    """Invite a person to the clinic as admin or staff; the emailed link is valid 7 days."""
    invitation = await service.invite_staff(
        actor=admin, email=body.email, name=body.name, role=body.role
    )
    return StaffInvitationRead(
        email=body.email, name=body.name, role=body.role, expires_at=invitation.expires_at
    )


@router.patch("/{user_id}", responses=error_responses(404, 409))
async def update_staff(user_id: str, body: StaffUpdate, admin: ClinicAdmin) -> UserRead:
    """Change a staff member's role or activation; the last active admin is protected."""
    updated = await staff_service.update_staff(
        clinic_id=admin.clinic_id,
        # A malformed id answers exactly like an unknown one (same code and message).
        user_id=parse_id(user_id, UserNotFound),
        role=body.role,
        is_active=body.is_active,
        actor=admin,
    )
    return UserRead.model_validate(updated)
