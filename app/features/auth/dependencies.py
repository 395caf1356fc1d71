"""FastAPI dependencies of every feature's routes: the signed-in user, role guards, members."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.config import get_settings
from app.core.audit import Actor, ClinicActor
from app.core.context import current_context
from app.core.errors import Forbidden, Unauthorized
from app.core.security import TokenClaims, decode_token
from app.features.auth import sessions
from app.features.auth.exceptions import InvalidToken
from app.features.auth.models import Role, User
from app.features.auth.sessions import Principal
from app.shared.time import utc_now

_bearer = OAuth2PasswordBearer(
    tokenUrl=f"{get_settings().api_v1_prefix}/auth/token", auto_error=False
)


# Verified access tokens' claims, by the token and the settings that verified it. Verifying a
# token (HMAC, JSON, seven claims) is a pure function of those, save expiry, which is checked
# again on every use; the session and the user are still read on every request, so a revoked
# session or a deactivated account is refused at once. Bounded: emptied when full.
_VERIFIED: dict[tuple[str, str, str, str, str], tuple[TokenClaims, int]] = {}
VERIFIED_TOKENS_KEPT = 10_000


def access_claims(token: str) -> TokenClaims | None:
    """The claims of a valid, unexpired access token (a token seen before is not re-verified)."""
    settings = get_settings()
    key = (
        token,
        settings.jwt_secret_key,
        settings.jwt_algorithm,
        settings.jwt_issuer,
        settings.jwt_audience,
    )
    # python-jose's rule: expired once the whole seconds of now pass `exp`.
    now = int(utc_now().timestamp())
    if (kept := _VERIFIED.get(key)) is not None:
        return kept[0] if now <= kept[1] else None
    verified = decode_token(settings, token, "access")
    if verified is not None:
        if len(_VERIFIED) >= VERIFIED_TOKENS_KEPT:
            _VERIFIED.clear()
        _VERIFIED[key] = (verified, int(verified.expires_at.timestamp()))
    return verified


async def get_principal(token: Annotated[str | None, Depends(_bearer)]) -> Principal:
    """The signed-in user and session behind the bearer token, or 401."""
    if not token:
        raise Unauthorized()
    claims = access_claims(token)
    if claims is None:
        raise InvalidToken()
    principal = await sessions.principal_of(claims)
    current_context().user_id = str(principal.user.id)
    return principal


async def get_current_user(principal: Annotated[Principal, Depends(get_principal)]) -> User:
    """The signed-in user."""
    return principal.user


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency that lets only the given roles through (403 for the rest)."""

    async def guard(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden("Your role may not do this")
        return user

    return guard


AdminUser = Annotated[User, Depends(require_roles("admin"))]
ClinicUser = Annotated[User, Depends(require_roles("admin", "staff"))]
ParentUser = Annotated[User, Depends(require_roles("parent"))]


def actor(user: User) -> Actor:
    """The audit actor for a signed-in user."""
    return sessions.actor_of(user)


def _member_of_clinic(user: User) -> ClinicActor:
    # Admins and staff always belong to a clinic; a record that lost its clinic may do nothing.
    if user.id is None or user.clinic_id is None:
        raise Forbidden("Your account belongs to no clinic")
    return ClinicActor(user_id=user.id, role=user.role, clinic_id=user.clinic_id)


async def get_clinic_member(user: ClinicUser) -> ClinicActor:
    """The signed-in admin or staff member, acting for their clinic (401, else 403)."""
    return _member_of_clinic(user)


async def get_clinic_admin(user: AdminUser) -> ClinicActor:
    """The signed-in admin, acting for their clinic (401, else 403)."""
    return _member_of_clinic(user)


ClinicMember = Annotated[ClinicActor, Depends(get_clinic_member)]
ClinicAdmin = Annotated[ClinicActor, Depends(get_clinic_admin)]
