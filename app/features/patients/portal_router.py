"""HTTP routes of the parent portal's invitations (`/api/v1/portal`)."""

from fastapi import APIRouter, Response

from app.dependencies import Pagination
from app.features.auth.dependencies import ParentUser
from app.features.auth.models import User
from app.features.patients import portal, service
from app.features.patients.models import Patient
from app.features.patients.schemas import (
    InvitationTokenRequest,
    PatientRead,
    PortalInvitationRead,
)
from app.shared.concurrency import etag
from app.shared.schemas import Page, error_responses

router = APIRouter(prefix="/portal", tags=["patients"], responses=error_responses(401, 403, 422))


async def _child(patient: Patient, response: Response, parent: User) -> PatientRead:
    response.headers["ETag"] = etag(patient)
    return PatientRead.of(patient, await service.clinic_today(patient.clinic_id), parent)


@router.get("/invitations")
async def list_invitations(user: ParentUser, pagination: Pagination) -> Page[PortalInvitationRead]:
    """Portal invitations addressed to the signed-in parent's email and not yet accepted."""
    pending = await portal.list_invitations(user=user)
    start = (pagination.page - 1) * pagination.size
    page = pending[start : start + pagination.size]
    items = [PortalInvitationRead.model_validate(p) for p in page]
    return Page.of(items, len(pending), pagination)


@router.post("/invitations/accept", responses=error_responses(400))
async def accept_invitation_link(
    body: InvitationTokenRequest, user: ParentUser, response: Response
) -> PatientRead:
    """Accept an emailed invitation while signed in; answers the child now in the portal.

    The link's token must be addressed to the signed-in parent's email (else 403). A new
    address instead creates its account with `POST /api/v1/auth/accept-invite`.
    """
    patient = await portal.accept_by_token(user=user, token=body.token)
    return await _child(patient, response, user)


@router.post("/invitations/{invitation_id}/accept", responses=error_responses(400, 404))
async def accept_listed_invitation(
    invitation_id: str, user: ParentUser, response: Response
) -> PatientRead:
    """Accept one of the signed-in parent's pending invitations; answers the child."""
    patient = await portal.accept_by_id(user=user, invitation_id=invitation_id)
    return await _child(patient, response, user)
