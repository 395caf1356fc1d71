"""HTTP routes for a clinic's staff (`/api/v1/clinic/staff`), served by the auth feature."""

from fastapi import APIRouter, status

from app.core.errors import NotFound
from app.dependencies import AdminUser, ClinicUser, Pagination, actor
from app.features.auth import staff_service
from app.features.auth.exceptions import UserNotFound
from app.features.auth.router import user_read
from app.features.auth.schemas import (
    StaffInvitationRead,
    StaffInvitationRequest,
    StaffUpdate,
    UserRead,
)
from app.shared.ids import parse_id
from app.shared.schemas import Page, error_responses

router = APIRouter(
    prefix="/clinic/staff",
    tags=["clinic"],
    responses=error_responses(401, 403, 422),
)


@router.get("")
async def list_staff(user: ClinicUser, pagination: Pagination) -> Page[UserRead]:
    """The clinic's admins and staff, by name."""
    assert user.clinic_id is not None
    users, total = await staff_service.list_staff(
        clinic_id=user.clinic_id, page=pagination.page, size=pagination.size
    )
    return Page.of([user_read(u) for u in users], total, pagination)


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409),
)
async def invite_staff(body: StaffInvitationRequest, admin: AdminUser) -> StaffInvitationRead:
    """Invite a person to the clinic as admin or staff; the emailed link is valid 7 days."""
    assert admin.clinic_id is not None
    invitation = await staff_service.invite_staff(
        clinic_id=admin.clinic_id,
        email=body.email,
        name=body.name,
        role=body.role,
        actor=actor(admin),
    )
    return StaffInvitationRead(
        email=body.email, name=body.name, role=body.role, expires_at=invitation.expires_at
    )


@router.patch("/{user_id}", responses=error_responses(404, 409))
async def update_staff(user_id: str, body: StaffUpdate, admin: AdminUser) -> UserRead:
    """Change a staff member's role or activation; the last active admin is protected."""
    assert admin.clinic_id is not None
    try:
        object_id = parse_id(user_id, "user")
    except NotFound:
        # A malformed id answers exactly like an unknown one (same code and message).
        raise UserNotFound() from None
    updated = await staff_service.update_staff(
        clinic_id=admin.clinic_id,
        user_id=object_id,
        role=body.role,
        is_active=body.is_active,
        actor=actor(admin),
    )
    return user_read(updated)
