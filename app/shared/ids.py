"""Parsing of ids taken from URLs: a malformed id is as unknown as a missing one."""

from beanie import PydanticObjectId
from bson.errors import InvalidId

from app.core.errors import NotFound


def parse_id(raw: str, what: str = "resource") -> PydanticObjectId:
    """The ObjectId in `raw`, or NotFound when it cannot be one."""
    try:
        return PydanticObjectId(raw)
    except (InvalidId, TypeError, ValueError):
        raise NotFound(f"No such {what}") from None
