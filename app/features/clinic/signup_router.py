"""`POST /api/v1/auth/signup`, served by the clinic feature: a signup opens a new clinic.

It lives here rather than in auth because auth is the lower feature: it creates the first
admin's account, and the clinic feature creates the clinic around it.
"""

from fastapi import APIRouter, status

from app.core.context import current_context
from app.features.auth.schemas import SignupRequest, SignupResponse
from app.features.clinic import service
from app.shared.schemas import error_responses

router = APIRouter(prefix="/auth", tags=["auth"], responses=error_responses(422))


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409, 429),
)
async def signup(body: SignupRequest) -> SignupResponse:
    """Create a clinic and its first admin; a verification link is emailed.

    At most 5 sign-ups an hour per email and 20 per client address (429 with `Retry-After`);
    a common password, or one equal to the email, is refused with 422.
    """
    issued = await service.open_clinic(**body.model_dump(), client_address=current_context().ip)
    return SignupResponse.of(issued)
