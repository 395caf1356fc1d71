"""The one pagination query: a page of a filtered, sorted collection and the total."""

from collections.abc import Mapping
from typing import Any, TypeVar

from beanie import Document

D = TypeVar("D", bound=Document)


async def fetch_page(
    model: type[D], query: Mapping[str, Any], *, sort: tuple[str, ...], page: int, size: int
) -> tuple[list[D], int]:
    """Page `page` (from 1) of `size` documents matching `query` in `sort` order, and the total.

    `sort` should end with `+_id` or `-_id` so that pages never overlap or skip a document
    whose sort keys tie with another's.
    """
    total = await model.find(query).count()
    items = await model.find(query).sort(*sort).skip((page - 1) * size).limit(size).to_list()
    return items, total
