"""The one pagination query: a page of a filtered, sorted collection and the total."""

from collections.abc import Mapping
from typing import Any, TypeVar

from beanie import Document

D = TypeVar("D", bound=Document)


def _direction(key: str) -> tuple[str, int]:
    """Beanie's sort notation ("-at", "+name" or "name") as a driver sort key."""
    if key.startswith("-"):
        return key[1:], -1
    return key.removeprefix("+"), 1


async def fetch_page(
    model: type[D], query: Mapping[str, Any], *, sort: tuple[str, ...], page: int, size: int
) -> tuple[list[D], int]:
    """Page `page` (from 1) of `size` documents matching `query` in `sort` order, and the total.

    `sort` should end with `+_id` or `-_id` so that pages never overlap or skip a document
    whose sort keys tie with another's. Beanie encodes the filter (dates, enums, ids); the
    page is then read straight through the driver and validated, as `read_one` does, because
    Beanie's cursor costs more than the reads themselves on a list of twenty.
    """
    encoded = model.find(query).get_filter_query()
    collection = model.get_motor_collection()
    total = await collection.count_documents(encoded)
    cursor = collection.find(
        encoded, sort=[_direction(key) for key in sort], skip=(page - 1) * size, limit=size
    )
    items = [model.model_validate(raw) for raw in await cursor.to_list(length=None)]
    return items, total
