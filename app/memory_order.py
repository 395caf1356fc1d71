"""BSON sort order for the in-process engine: mongomock's sort key as plain, native tuples.

Used by `app.memory_engine` (every sort) and `app.memory_sorted` (lookups kept in index order).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bson import ObjectId
from mongomock import filtering
from sentinels import NOTHING

# BSON's comparison order of the types Python compares natively (mongomock's own ranks).
NATIVE_RANKS: tuple[tuple[type | tuple[type, ...], int], ...] = (
    (bool, 40),  # before int: a bool is an int to Python
    ((int, float), 10),
    (str, 15),
    (datetime, 45),
    (ObjectId, 35),
)


PLAIN_TYPES = {bool, int, float, str, datetime, ObjectId}
# The rank of a value of exactly one of those types (subclasses go through NATIVE_RANKS).
NATIVE_RANK_OF: dict[type, int] = {
    bool: 40,
    int: 10,
    float: 10,
    str: 15,
    datetime: 45,
    ObjectId: 35,
}


def native_sort_key(key: str, document: Mapping[str, Any]) -> tuple[Any, ...]:
    """mongomock's `resolve_sort_key`, as a tuple that orders the same way natively."""
    if type(document) is dict and "." not in key:
        value = document.get(key, NOTHING)  # what `resolve_key` finds for a top-level field
    else:
        value = filtering.resolve_key(key, document)
    if isinstance(value, list | tuple):
        if not value:
            return (0, 5, 0)  # an empty array sorts before everything
        value = value[0]  # an array sorts by its first element, as mongomock does
    if value is None or value is NOTHING:
        return (1, 5, 0)  # null and missing sort together, first among values
    rank = NATIVE_RANK_OF.get(type(value))
    if rank is not None:
        return (1, rank, value)
    for types, rank in NATIVE_RANKS:
        if isinstance(value, types):
            return (1, rank, value)
    return (1, filtering._get_compare_type(value), filtering.BsonComparable(value))
