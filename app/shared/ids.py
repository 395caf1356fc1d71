"""Parsing of ids taken from URLs and tokens: a malformed id is as unknown as a missing one."""

from collections.abc import Callable

from beanie import PydanticObjectId
from bson.errors import InvalidId

from app.core.errors import AppError


def parse_id(raw: str, not_found: AppError | Callable[[], AppError]) -> PydanticObjectId:
    """The ObjectId in `raw`; raises `not_found` (an error, or a class built without arguments).

    The caller names the error its missing resource raises, so a malformed id answers with
    exactly the same status, code and message as a well-formed id that matches nothing.
    """
    try:
        return PydanticObjectId(raw)
    except (InvalidId, TypeError, ValueError):
        raise (not_found if isinstance(not_found, AppError) else not_found()) from None
