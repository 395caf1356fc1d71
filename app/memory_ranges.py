"""Range lookups for the in-process engine: a field's values in order, for `$gt`/`$lt` bounds.

Part of `app.memory_indexes` (see there why the in-process engine has lookups at all). A range
lookup keeps, per BSON type, the documents whose field holds a plain value of that type sorted by
value (then natural order). A bounded query (`{"day": {"$gte": a, "$lte": b}}`) then tests only
the documents in that slice, plus every document whose value is not such a plain value (null,
missing, an array, a tz-aware date...): a superset, which mongomock's own filter then decides.
MongoDB compares values of one type only (type bracketing), which is why one slice suffices.
"""

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator, Mapping
from datetime import datetime
from math import inf, isnan
from typing import Any

from bson import ObjectId

LOWER = ("$gt", "$gte")
UPPER = ("$lt", "$lte")

Entry = tuple[Any, int, Any]  # (value, position in natural order, store key)


def ordered_type(value: Any) -> int | None:
    """The BSON type order of a value kept sorted (mongomock's numbers), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and not isnan(value)):
        return 10
    if isinstance(value, str):
        return 15
    if isinstance(value, ObjectId):
        return 35
    if isinstance(value, datetime) and value.tzinfo is None:
        return 45  # stored dates are naive UTC; an aware one would not compare with them
    return None


class RangeLookup:
    """One field's values in order, per type, and the documents always tested."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.sorted: dict[int, list[Entry]] = {}
        self.others: dict[Any, None] = {}
        self.filed_as: dict[Any, tuple[int, Entry] | None] = {}

    def file(self, key: Any, position: int, document: Mapping[str, Any]) -> None:
        """(Re)file a stored document under its current value."""
        self.unfile(key)
        value = document.get(self.field)
        kind = ordered_type(value)
        if kind is None:
            self.others[key] = None
            self.filed_as[key] = None
            return
        entry = (value, position, key)
        insort(self.sorted.setdefault(kind, []), entry)
        self.filed_as[key] = (kind, entry)

    def unfile(self, key: Any) -> None:
        """Forget a document."""
        if key not in self.filed_as:
            return
        filed = self.filed_as.pop(key)
        if filed is None:
            del self.others[key]
            return
        kind, entry = filed
        entries = self.sorted[kind]
        del entries[bisect_left(entries, entry)]

    def _slice(self, kind: int | None, lower: Any, upper: Any) -> list[Entry]:
        entries = self.sorted.get(kind, []) if kind is not None else []
        start = 0 if lower is None else bisect_left(entries, (lower,))
        end = len(entries) if upper is None else bisect_right(entries, (upper, inf))
        return entries[start:end]

    def count(self, kind: int | None, lower: Any, upper: Any) -> int:
        """How many documents `ids_for` would return."""
        return len(self.others) + len(self._slice(kind, lower, upper))

    def ids_for(self, kind: int | None, lower: Any, upper: Any) -> list[Any]:
        """Ids of the documents whose value may lie within the bounds (both included)."""
        return [*self.others, *(key for _, _, key in self._slice(kind, lower, upper))]


def bounds(query: Mapping[str, Any]) -> Iterator[tuple[str, int | None, Any, Any]]:
    """(field, type, lower, upper) for the filter's top-level `$gt`/`$gte`/`$lt`/`$lte` bounds.

    The type is None when the bounds are of two types: no plain value lies between them.
    """
    for field, condition in query.items():
        if field == "$and" and isinstance(condition, list):
            for clause in condition:
                if isinstance(clause, Mapping):
                    yield from bounds(clause)
        elif isinstance(condition, Mapping) and not field.startswith("$") and "." not in field:
            lower = next((condition[op] for op in LOWER if op in condition), None)
            upper = next((condition[op] for op in UPPER if op in condition), None)
            given = [value for value in (lower, upper) if value is not None]
            kinds = {ordered_type(value) for value in given}
            if not given or None in kinds:
                continue  # no bound, or a bound no slice can answer (null, a list...)
            yield field, (kinds.pop() if len(kinds) == 1 else None), lower, upper
