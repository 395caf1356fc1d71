"""Index-ordered reads for the in-process engine: a sorted page without sorting the clinic.

Part of `app.memory_indexes` (see there why the in-process engine has lookups at all). mongomock
answers `find(filter).sort(keys).limit(n)` by filtering every candidate and sorting them all, so
one page of a clinic's children sorts the whole clinic. MongoDB walks an index whose fields are
the filter's equalities followed by the sort keys, and stops after the page. An `OrderedLookup`
keeps a collection's documents in the order of such fields (mongomock's own sort key for each,
then natural order), so a query can do the same: find the slice holding its equality values,
walk it in sort order and stop when the cursor has its page. Results are exactly mongomock's:
within the slice the order is its stable sort, and its filter still decides every document.

Only documents whose values in those fields are plain scalars (or null/missing) can be placed:
an array matches an equality by any element but sorts by its first, so a lookup holding such a
document answers no query (`usable` is False) and the engine sorts as before.
"""

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator, Mapping
from itertools import groupby
from math import isnan
from typing import Any

from app.memory_order import NATIVE_RANK_OF, NATIVE_RANKS, native_sort_key

Entry = tuple[tuple[Any, ...], int, Any]  # (sort keys of the fields, natural position, store key)


def plain_key(field: str, document: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The field's sort key when its value is a plain scalar, null or missing; else None."""
    value = document.get(field)
    if value is not None:
        if isinstance(value, float) and isnan(value):
            return None  # NaN compares with nothing: it would break the order
        if type(value) not in NATIVE_RANK_OF and not any(
            isinstance(value, types) for types, _ in NATIVE_RANKS
        ):
            return None
    return native_sort_key(field, document)


class OrderedLookup:
    """A collection's documents in the order of some top-level fields, for sorted pages."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        if any("." in field for field in fields):
            raise ValueError(f"an ordered lookup holds top-level fields only: {fields}")
        self.fields = fields
        self.entries: list[Entry] = []
        self.filed_as: dict[Any, Entry] = {}
        self.unplaced: set[Any] = set()  # documents no order can hold (see the module)

    @property
    def usable(self) -> bool:
        """Whether every document is placed, so a slice holds all that can match."""
        return not self.unplaced

    def file(self, key: Any, position: int, document: Mapping[str, Any]) -> None:
        """(Re)file a stored document under its current values."""
        self.unfile(key)
        keys = tuple(plain_key(field, document) for field in self.fields)
        if any(part is None for part in keys):
            self.unplaced.add(key)
            return
        entry = (keys, position, key)
        insort(self.entries, entry)
        self.filed_as[key] = entry

    def unfile(self, key: Any) -> None:
        """Forget a document."""
        self.unplaced.discard(key)
        entry = self.filed_as.pop(key, None)
        if entry is not None:
            del self.entries[bisect_left(self.entries, entry)]

    def span(self, prefix: tuple[Any, ...]) -> tuple[int, int]:
        """Where the entries whose first fields have these sort keys start and end."""
        start = bisect_left(self.entries, (prefix,))
        # Every key tuple is (rank group, rank, value): (2,) sorts after any of them.
        end = bisect_right(self.entries, ((*prefix, (2,)),))
        return start, end

    def walk(self, start: int, end: int, descending: bool) -> Iterator[Any]:
        """Store keys from `start` to `end` in sort order; ties always in natural order."""
        entries = self.entries[start:end]
        if not descending:
            return (key for _, _, key in entries)
        return _descending(entries)


def _descending(entries: list[Entry]) -> Iterator[Any]:
    # mongomock's stable sort in reverse keeps ties in natural order: reverse the groups only.
    for _, tied in groupby(reversed(entries), key=lambda entry: entry[0]):
        yield from reversed([key for _, _, key in tied])


def sort_fields(sort: Any) -> tuple[tuple[str, ...], bool] | None:
    """A sort's top-level fields and whether it is descending, when all go one way."""
    pairs = list(sort.items() if isinstance(sort, Mapping) else sort)
    directions = {direction for _, direction in pairs}
    if not pairs or len(directions) != 1:
        return None
    if any(not isinstance(f, str) or f.startswith("$") or "." in f for f, _ in pairs):
        return None
    return tuple(field for field, _ in pairs), directions.pop() < 0


def equality_keys(query: Mapping[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The sort keys of the query's plain top-level equalities on `fields`, or None."""
    keys = []
    for field in fields:
        if field not in query:
            return None
        condition = query[field]
        if isinstance(condition, Mapping):
            if set(condition) != {"$eq"}:
                return None
            condition = condition["$eq"]
        if isinstance(condition, bool | int | float):
            return None  # equal across types (1 == 1.0 == True to Python): no one slice
        key = plain_key(field, {field: condition})
        if key is None:
            return None
        keys.append(key)
    return tuple(keys)
