"""HTTP routes of the auth feature (`/api/v1/auth`; signup is served by the clinic feature)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, status
from fastapi.security import OAuth2PasswordRequestForm

from app.features.auth import service, sessions
from app.features.auth.dependencies import CurrentPrincipal, CurrentUser
from app.features.auth.schemas import (
    AcceptInviteRequest,
    AccessToken,
    ChangePasswordRequest,
    ForgotPasswordRequest,
    LoginRequest,
    MeUpdate,
    RefreshRequest,
    ResetPasswordRequest,
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


@router.post("/login", responses=error_responses(401, 429))
async def login(body: LoginRequest) -> TokenPair:
    """Sign in with email and password."""
    return TokenPair.of(await service.login(email=body.email, password=body.password))


@router.post("/token", responses=error_responses(401, 429))
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> AccessToken:
    """OAuth2 password flow for Swagger's Authorize button (`username` is the email)."""
    issued = await service.login(email=form.username.strip().lower(), password=form.password)
    return AccessToken(access_token=issued.access_token)


@router.post("/refresh", responses=_401)
async def refresh(body: RefreshRequest) -> TokenPair:
    """Exchange a refresh token for a new pair; each refresh token works once."""
    return TokenPair.of(await sessions.refresh(body.refresh_token))


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
    return UserRead.model_validate(await service.verify_email(token=body.token))


@router.post("/accept-invite", responses=error_responses(400, 409))
async def accept_invite(body: AcceptInviteRequest) -> TokenPair:
    """Complete an invitation: create the account and sign in.

    For an address that already has an account (409 `email_in_use`), a parent signs in and
    accepts a portal invitation with `POST /api/v1/portal/invitations/accept` instead.
    """
    issued = await service.accept_invitation(
        token=body.token, name=body.name, password=body.password
    )
    return TokenPair.of(issued)


@router.get("/me", responses=_401)
async def read_me(user: CurrentUser) -> UserRead:
    """The signed-in user's account."""
    return UserRead.model_validate(user)


@router.patch("/me", responses=_401)
async def update_me(body: MeUpdate, user: CurrentUser) -> UserRead:
    """Change one's own name or phone."""
    changes = body.model_dump(exclude_unset=True)
    return UserRead.model_validate(await service.update_me(user=user, changes=changes))
