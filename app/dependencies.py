"""Shared FastAPI dependencies that belong to no feature: pagination.

The signed-in user, role guards and clinic members are the auth feature's
(`app.features.auth.dependencies`).
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query


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
