"""Request and response models of the auth feature."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from app.features.auth.models import Role
from app.features.auth.sessions import IssuedTokens
from app.shared.schemas import IdStr, ReadModel, RequestModel
from app.shared.text import SingleLine


def _lower(value: str) -> str:
    return value.lower()


Email = Annotated[EmailStr, AfterValidator(_lower)]
# Passwords are not stripped: every character the user typed counts.
Password = Annotated[str, Field(min_length=10, max_length=128)]
# Trimmed here too, for the password-carrying bodies that do not strip their strings.
PersonName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), SingleLine
]
ClinicName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SingleLine
]
Phone = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[0-9+() .\-]+$"), SingleLine]
Token = Annotated[str, Field(min_length=1, max_length=4096), SingleLine]


class PasswordModel(RequestModel):
    """A request body that carries passwords, which are kept exactly as typed."""

    model_config = {**RequestModel.model_config, "str_strip_whitespace": False}


class UserRead(ReadModel):
    """An account as its owner and clinic admins see it."""

    id: IdStr
    email: str
    name: str
    phone: str | None
    role: Role
    clinic_id: IdStr | None
    is_active: bool
    is_verified: bool
    created_at: datetime
    updated_at: datetime


class SignupRequest(PasswordModel):
    """A new clinic and its first admin."""

    name: PersonName
    email: Email
    password: Password
    clinic_name: ClinicName


class LoginRequest(PasswordModel):
    """Email and password."""

    email: Email
    password: Annotated[str, Field(min_length=1, max_length=128)]


class TokenPair(BaseModel):
    """A fresh access token and refresh token for a signed-in user."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    user: UserRead

    @classmethod
    def of(cls, issued: IssuedTokens) -> "TokenPair":
        """The API view of a freshly issued token pair."""
        return cls(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            user=UserRead.model_validate(issued.user),
        )


class SignupResponse(TokenPair):
    """The tokens of the new admin and the id of the new clinic."""

    clinic_id: IdStr

    @classmethod
    def of(cls, issued: IssuedTokens) -> "SignupResponse":
        """The API view of a new clinic's first admin, signed in."""
        return cls(**dict(TokenPair.of(issued)), clinic_id=str(issued.user.clinic_id))


class AccessToken(BaseModel):
    """The OAuth2 password flow's answer."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"


class RefreshRequest(RequestModel):
    """A refresh token to exchange for a new pair."""

    refresh_token: Token


class ForgotPasswordRequest(RequestModel):
    """The address to send a reset link to."""

    email: Email


class ResetPasswordRequest(PasswordModel):
    """A reset link's token and the new password."""

    token: Token
    new_password: Password


class ChangePasswordRequest(PasswordModel):
    """The current password and the new one."""

    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Password


class VerifyEmailRequest(RequestModel):
    """A verification link's token."""

    token: Token


class AcceptInviteRequest(PasswordModel):
    """An invitation's token, and the new account's name and password."""

    token: Token
    name: PersonName
    password: Password


class MeUpdate(RequestModel):
    """What a user may change about themselves."""

    name: PersonName | SkipJsonSchema[None] = None
    phone: Phone | None = None

    @model_validator(mode="after")
    def _name_not_cleared(self) -> "MeUpdate":
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("name cannot be null")
        return self


class StaffInvitationRequest(RequestModel):
    """Who to invite to the clinic's staff, and as what."""

    email: Email
    name: PersonName
    role: Literal["admin", "staff"]


class StaffInvitationRead(BaseModel):
    """A sent staff invitation."""

    email: str
    name: str
    role: Literal["admin", "staff"]
    expires_at: datetime


class StaffUpdate(RequestModel):
    """An admin's change to a staff member's role or activation."""

    role: Literal["admin", "staff"] | None = None
    is_active: bool | None = None
