"""Loading the demo clinic in bulk: documents in their stored form, one insert per collection.

Beanie's `insert_many` encodes each document field by field in Python, which costs more than
the insert itself when the demo loads 2,000 children and their 200,000 records and
observations. `stored_form` gives the same dictionary (tests/test_seed_bulk.py compares the two)
from pydantic's compiled `model_dump`, and `insert_stored` inserts a batch of them at once.
Only the seed uses this: the app writes through its features' repositories.
"""

import gc
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from beanie import Document, PydanticObjectId
from bson import ObjectId

# Values Beanie stores as they are (checked by type first: most values are one of these).
_AS_IS = frozenset({str, int, float, bool, type(None), datetime, ObjectId, PydanticObjectId})


def stored_value(value: Any) -> Any:
    """A value as Beanie stores it: dates as midnight datetimes, sequences as lists."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    if kind is dict:
        return {key: stored_value(item) for key, item in value.items()}
    if kind in (list, tuple, set, frozenset):
        return [stored_value(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def stored_form(document: Document) -> dict[str, Any]:
    """The dictionary Beanie's insert would store for `document` (no links, no revisions)."""
    settings = document.get_settings()
    dumped = document.model_dump(by_alias=True, exclude_none=not settings.keep_nulls)
    if document.id is None:
        dumped.pop("_id", None)
    if not settings.use_revision:
        dumped.pop("revision_id", None)
    stored: dict[str, Any] = stored_value(dumped)
    return stored


async def insert_stored(model: type[Document], documents: Sequence[dict[str, Any]]) -> None:
    """Insert documents already in their stored form into `model`'s collection, in one call."""
    if documents:
        await model.get_motor_collection().insert_many(list(documents))


def freeze_loaded_objects() -> None:
    """Keep what start-up loaded out of the garbage collector's full passes (in-process engine).

    The in-process engine holds every document in this process's heap, and each full collection
    walks all of them: at 300 children a request paused about 150 ms every dozen requests
    (the milestone concerns' p95 went from 65 to 200 ms). Frozen objects are still freed by
    reference counting when dropped; only cycles among them would stay.
    """
    gc.collect()
    gc.freeze()
