"""Errors of the auth feature."""

from app.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    UnprocessableEntity,
)


class InvalidCredentials(Unauthorized):
    """Unknown email or wrong password: one answer for both."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("Invalid email or password")


class InvalidToken(Unauthorized):
    """A JWT that is malformed, expired, revoked or of the wrong kind."""

    code = "invalid_token"

    def __init__(self, message: str = "Invalid or expired token") -> None:
        super().__init__(message)


class InvalidActionToken(BadRequest):
    """An emailed link's token that is unknown, used or expired."""

    code = "invalid_or_expired_token"

    def __init__(self) -> None:
        super().__init__("This link is invalid, already used or expired")


class EmailInUse(Conflict):
    """Another account already has this email."""

    code = "email_in_use"

    def __init__(self) -> None:
        super().__init__("An account with this email already exists")


class WrongPassword(BadRequest):
    """The current password given to change it is wrong."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("The current password is not correct")


class LoginRateLimited(TooManyRequests):
    """Too many failed logins for this email."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            "Too many failed logins; try again later",
            details={"retry_after_seconds": retry_after_seconds},
            headers={"Retry-After": str(retry_after_seconds)},
        )


class SignupRateLimited(TooManyRequests):
    """Too many sign-ups from this address or for this email."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            "Too many sign-ups; try again later",
            details={"retry_after_seconds": retry_after_seconds},
            headers={"Retry-After": str(retry_after_seconds)},
        )


class UnsafePassword(UnprocessableEntity):
    """A new password that is easily guessed; `details` names the field, as a 422 does."""

    def __init__(self, field: str, *, code: str, message: str) -> None:
        super().__init__(
            message,
            code=code,
            details=[{"loc": ["body", field], "msg": message, "type": code}],
        )


class UserNotFound(NotFound):
    """No such user in this clinic."""

    code = "user_not_found"

    def __init__(self) -> None:
        super().__init__("No such user")


class LastAdmin(Conflict):
    """The change would leave the clinic without an active admin."""

    code = "last_admin"

    def __init__(self) -> None:
        super().__init__("The clinic's last active admin cannot be demoted or deactivated")


class InvitationNotFound(NotFound):
    """No pending invitation with this id is addressed to the signed-in account."""

    code = "invitation_not_found"

    def __init__(self) -> None:
        super().__init__("No such invitation")


class InvitationForAnotherAccount(Forbidden):
    """The invitation is addressed to another email, or is not one this account can take."""

    code = "invitation_not_for_this_account"

    def __init__(self) -> None:
        super().__init__("This invitation cannot be accepted by the signed-in account")
