"""Shared FastAPI dependencies: the signed-in user, role guards, pagination."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from fastapi.security import OAuth2PasswordBearer

from app.config import get_settings
from app.core.audit import Actor
from app.core.context import current_context
from app.core.errors import Forbidden, Unauthorized
from app.features.auth import sessions
from app.features.auth.models import Role, User
from app.features.auth.sessions import Principal

_bearer = OAuth2PasswordBearer(
    tokenUrl=f"{get_settings().api_v1_prefix}/auth/token", auto_error=False
)


async def get_principal(token: Annotated[str | None, Depends(_bearer)]) -> Principal:
    """The signed-in user and session behind the bearer token, or 401."""
    if not token:
        raise Unauthorized()
    principal = await sessions.authenticate(token)
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


def actor(user: User) -> Actor:
    """The audit actor for a signed-in user."""
    return sessions.actor_of(user)


@dataclass(frozen=True)
class PageParams:
    """`?page=` from 1 and `?size=` up to 100."""

    page: int
    size: int


def page_params(
    page: Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1")] = 1,
    size: Annotated[int, Query(ge=1, le=100, description="Items per page, at most 100")] = 20,
) -> PageParams:
    """Pagination parameters of a list endpoint."""
    return PageParams(page=page, size=size)


Pagination = Annotated[PageParams, Depends(page_params)]
