"""HTTP routes of the auth feature (`/api/v1/auth`)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, status
from fastapi.security import OAuth2PasswordRequestForm

from app.core.context import current_context
from app.dependencies import CurrentPrincipal, CurrentUser
from app.features.auth import service, sessions
from app.features.auth.models import User
from app.features.auth.schemas import (
    AcceptInviteRequest,
    AccessToken,
    ChangePasswordRequest,
    ForgotPasswordRequest,
    LoginRequest,
    MeUpdate,
    RefreshRequest,
    ResetPasswordRequest,
    SignupRequest,
    SignupResponse,
    TokenPair,
    UserRead,
    VerifyEmailRequest,
)
from app.shared.schemas import Message, error_responses

router = APIRouter(
    prefix="/auth",
    tags=["auth"],
    responses=error_responses(422),
)
_401 = error_responses(401)


def user_read(user: User) -> UserRead:
    """The API view of an account."""
    return UserRead(
        id=str(user.id),
        email=user.email,
        name=user.name,
        phone=user.phone,
        role=user.role,
        clinic_id=str(user.clinic_id) if user.clinic_id else None,
        is_active=user.is_active,
        is_verified=user.is_verified,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def token_pair(issued: sessions.IssuedTokens) -> TokenPair:
    """The API view of a freshly issued token pair."""
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        user=user_read(issued.user),
    )


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
    issued = await service.signup(**body.model_dump(), client_address=current_context().ip)
    pair = token_pair(issued)
    return SignupResponse(**pair.model_dump(), clinic_id=str(issued.user.clinic_id))


@router.post("/login", responses=error_responses(401, 429))
async def login(body: LoginRequest) -> TokenPair:
    """Sign in with email and password."""
    return token_pair(await service.login(email=body.email, password=body.password))


@router.post("/token", responses=error_responses(401, 429))
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> AccessToken:
    """OAuth2 password flow for Swagger's Authorize button (`username` is the email)."""
    issued = await service.login(email=form.username.strip().lower(), password=form.password)
    return AccessToken(access_token=issued.access_token)


@router.post("/refresh", responses=_401)
async def refresh(body: RefreshRequest) -> TokenPair:
    """Exchange a refresh token for a new pair; each refresh token works once."""
    return token_pair(await sessions.refresh(body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=_401)
async def logout(principal: CurrentPrincipal) -> None:
    """End this session: its access and refresh tokens stop working."""
    await service.logout(user=principal.user, session_id=principal.session_id)


@router.post("/forgot-password", status_code=status.HTTP_202_ACCEPTED)
async def forgot_password(body: ForgotPasswordRequest, background: BackgroundTasks) -> Message:
    """Email a reset link if the account exists; the answer is the same either way."""
    # Sent after the response, so the answer takes as long whether or not the account exists.
    background.add_task(service.request_password_reset, email=body.email)
    return Message(message="If an account exists for this address, a reset link is on its way.")


@router.post("/reset-password", responses=error_responses(400))
async def reset_password(body: ResetPasswordRequest) -> Message:
    """Set a new password with an emailed reset token; every session is signed out."""
    await service.reset_password(token=body.token, new_password=body.new_password)
    return Message(message="Password changed. Please sign in again.")


@router.post("/change-password", responses=error_responses(400, 401))
async def change_password(body: ChangePasswordRequest, principal: CurrentPrincipal) -> Message:
    """Change the password; other sessions are signed out."""
    await service.change_password(
        user=principal.user,
        session_id=principal.session_id,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    return Message(message="Password changed.")


@router.post("/verify-email", responses=error_responses(400))
async def verify_email(body: VerifyEmailRequest) -> UserRead:
    """Confirm an email address with the emailed token."""
    return user_read(await service.verify_email(token=body.token))


@router.post("/accept-invite", responses=error_responses(400, 409))
async def accept_invite(body: AcceptInviteRequest) -> TokenPair:
    """Complete an invitation: create the account and sign in.

    For an address that already has an account (409 `email_in_use`), a parent signs in and
    accepts a portal invitation with `POST /api/v1/portal/invitations/accept` instead.
    """
    issued = await service.accept_invitation(
        token=body.token, name=body.name, password=body.password
    )
    return token_pair(issued)


@router.get("/me", responses=_401)
async def read_me(user: CurrentUser) -> UserRead:
    """The signed-in user's account."""
    return user_read(user)


@router.patch("/me", responses=_401)
async def update_me(body: MeUpdate, user: CurrentUser) -> UserRead:
    """Change one's own name or phone."""
    changes = body.model_dump(exclude_unset=True)
    return user_read(await service.update_me(user=user, changes=changes))
