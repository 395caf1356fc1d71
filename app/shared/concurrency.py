"""Lost-update protection: versioned documents, ETags and `If-Match`."""

from typing import Any, Protocol

from beanie import Document, PydanticObjectId
from beanie.odm.utils.encoder import Encoder

from app.core.errors import PreconditionFailed
from app.shared.time import utc_now

STALE = "The record was changed by someone else; reload and retry"


class Versioned(Protocol):
    """A document with an id and a version counter."""

    id: PydanticObjectId | None
    version: int


def etag(document: Versioned) -> str:
    """The strong ETag of the document's current version."""
    return f'"{document.id}.{document.version}"'


def version_from_if_match(header: str | None, document: Versioned) -> int | None:
    """The version an `If-Match` header names; None when absent or `*`; 412 when foreign."""
    if header is None or header.strip() == "*":
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    owner, _, version = tag.rpartition(".")
    if owner != str(document.id) or not version.isdigit():
        raise PreconditionFailed("If-Match does not name a version of this record")
    return int(version)


def check_version(document: Versioned, expected_version: int | None) -> None:
    """412 when the caller's `If-Match` version is not the stored one."""
    if expected_version is not None and expected_version != document.version:
        raise PreconditionFailed(STALE)


async def save_versioned(document: Any, *, expected_version: int | None = None) -> None:
    """Replace the stored document if its version is still the one read; 412 otherwise."""
    assert isinstance(document, Document)
    check_version(document, expected_version)
    read_version: int = document.version
    document.version = read_version + 1
    document.updated_at = utc_now()
    keep_nulls = document.get_settings().keep_nulls
    encoded = Encoder(to_db=True, keep_nulls=keep_nulls).encode(document)
    result = (
        await type(document)
        .get_motor_collection()
        .replace_one({"_id": document.id, "version": read_version}, encoded)
    )
    if result.matched_count == 0:
        document.version = read_version
        raise PreconditionFailed(STALE)
