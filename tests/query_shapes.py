"""Query shapes and the ESR rule: which declared index would serve a query on MongoDB.

A shape is what an index needs to know of a query: its collection, the fields it matches by
equality, its sort, and the fields it bounds by a range (or `$in`, `$or`, `$ne`, `$exists`...).
On MongoDB a compound index serves a query without scanning when its first keys are the
query's equality fields (any order), the next ones its sort keys (in order, all directions as
declared or all reversed), and its range fields are among the keys after those: the
Equality-Sort-Range rule (`serves`). Pure logic; the pytest plugin that records shapes while
the suite runs is `tests/index_check.py`.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

IndexKey = tuple[tuple[str, int], ...]

# Top-level operators that no index serves (`$comment` is only a label).
OPAQUE_OPERATORS = {"$expr", "$where", "$text", "$jsonSchema", "$nor"}


@dataclass(frozen=True, order=True)
class QueryShape:
    """What a query asks of an index (values left out)."""

    collection: str
    operation: str
    equality: tuple[str, ...] = ()
    sort: tuple[tuple[str, int], ...] = ()
    ranges: tuple[str, ...] = ()
    opaque: tuple[str, ...] = ()
    bounded: bool = False  # reads at most one document whatever the filter (find_one, limit 1)

    def describe(self) -> str:
        """One line, e.g. `patients.find eq(clinic_id) sort(last_name_key+) range(archived)`."""
        parts = [f"{self.collection}.{self.operation}"]
        if self.equality:
            parts.append(f"eq({', '.join(self.equality)})")
        if self.sort:
            parts.append(f"sort({', '.join(f + ('+' if d > 0 else '-') for f, d in self.sort)})")
        if self.ranges:
            parts.append(f"range({', '.join(self.ranges)})")
        if self.opaque:
            parts.append(f"opaque({', '.join(self.opaque)})")
        if len(parts) == 1:
            parts.append("(every document)")
        if self.bounded:
            parts.append("limit 1")
        return " ".join(parts)


@dataclass(frozen=True)
class DeclaredIndex:
    """An index as `init_beanie` creates it for a document's collection."""

    collection: str
    name: str
    keys: IndexKey
    unique: bool = False
    sparse: bool = False
    ttl: bool = False

    def describe(self) -> str:
        """e.g. `forecast_entries (clinic_id+, patient_active+, overdue_sort_key+) unique`."""
        keys = ", ".join(f + ("+" if d > 0 else "-") for f, d in self.keys)
        flags = [flag for flag in ("unique", "sparse", "ttl") if getattr(self, flag)]
        return f"{self.collection} ({keys}){' ' + ' '.join(flags) if flags else ''}"


def _is_operator_document(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value) and all(str(k).startswith("$") for k in value)


def _field_condition(field: str, condition: Any, eq: set[str], ranges: set[str]) -> None:
    """File one `field: condition` pair as an equality or a range."""
    if not _is_operator_document(condition):
        eq.add(field)  # a literal, None, or a whole sub-document
        return
    operators = set(condition) - {"$options"}
    if operators == {"$eq"} or (field == "_id" and operators == {"$in"}):
        eq.add(field)  # `_id` $in: point lookups on the unique `_id` index
    elif operators == {"$in"} and len(condition["$in"]) == 1:
        eq.add(field)  # MongoDB plans a one-value $in as an equality
    elif operators == {"$elemMatch"} and not _is_operator_document(condition["$elemMatch"]):
        inner_eq, inner_ranges, _ = filter_fields(condition["$elemMatch"])
        eq.update(f"{field}.{name}" for name in inner_eq)
        ranges.update(f"{field}.{name}" for name in inner_ranges)
    else:
        ranges.add(field)


def filter_fields(query: Mapping[str, Any] | None) -> tuple[set[str], set[str], set[str]]:
    """(equality fields, range fields, opaque operators) of a MongoDB filter."""
    eq: set[str] = set()
    ranges: set[str] = set()
    opaque: set[str] = set()
    for key, condition in (query or {}).items():
        key = str(key)
        if key == "$and":
            for clause in condition:
                clause_eq, clause_ranges, clause_opaque = filter_fields(clause)
                eq |= clause_eq
                ranges |= clause_ranges
                opaque |= clause_opaque
        elif key == "$or":
            # Each branch is planned on its own; the fields count as bounds, not equalities.
            for clause in condition:
                clause_eq, clause_ranges, clause_opaque = filter_fields(clause)
                ranges |= clause_eq | clause_ranges
                opaque |= clause_opaque
        elif key == "$comment":
            continue
        elif key.startswith("$"):
            opaque.add(key)
        else:
            _field_condition(key, condition, eq, ranges)
    return eq, ranges - eq, opaque


def normalise_sort(sort: Any) -> tuple[tuple[str, int], ...]:
    """A sort spec (list of pairs, a mapping, a field name or None) as ((field, ±1), ...)."""
    if not sort:
        return ()
    if isinstance(sort, str):
        return ((sort, 1),)
    pairs: Iterable[Any] = sort.items() if isinstance(sort, Mapping) else sort
    normalised = []
    for pair in pairs:
        field, direction = (pair, 1) if isinstance(pair, str) else pair
        if field != "$natural" and isinstance(direction, int):
            normalised.append((str(field), 1 if direction >= 0 else -1))
    return tuple(normalised)


def shape_of(
    collection: str,
    operation: str,
    query: Mapping[str, Any] | None,
    sort: Any = None,
    *,
    bounded: bool = False,
) -> QueryShape:
    """The shape of one query."""
    eq, ranges, opaque = filter_fields(query)
    # A sort on a field matched by equality is already in order.
    sort_keys = tuple(pair for pair in normalise_sort(sort) if pair[0] not in eq)
    return QueryShape(
        collection=collection,
        operation=operation,
        equality=tuple(sorted(eq)),
        sort=sort_keys,
        ranges=tuple(sorted(ranges)),
        opaque=tuple(sorted(opaque)),
        bounded=bounded,
    )


def pipeline_shapes(collection: str, pipeline: Sequence[Mapping[str, Any]]) -> list[QueryShape]:
    """Shapes an aggregation sends: its leading $match (and the $sort right after it)."""
    stages = list(pipeline)
    match: Mapping[str, Any] | None = None
    if stages and "$match" in stages[0]:
        match = stages.pop(0)["$match"]
    sort = stages[0]["$sort"] if stages and "$sort" in stages[0] else None
    return [shape_of(collection, "aggregate", match, sort)]


def serves(index: DeclaredIndex, shape: QueryShape) -> bool:
    """Whether `index` serves `shape` by the Equality-Sort-Range rule.

    Its first keys are the equality fields (any order), the next ones the sort keys in order
    (directions as declared, or all reversed), and every range field is one of the keys after
    those: MongoDB then bounds the scan by the equalities, reads in sort order and filters the
    ranges on the index's keys, never reading a document it does not return. A unique index
    whose every key is matched by equality finds at most one document.
    """
    keys = index.keys
    fields = [field for field, _ in keys]
    if index.unique and not index.sparse and set(fields) <= set(shape.equality):
        return True
    eq_end = len(shape.equality)
    sort_end = eq_end + len(shape.sort)
    if len(fields) < sort_end:
        return False
    if set(fields[:eq_end]) != set(shape.equality):
        return False
    declared_sort = keys[eq_end:sort_end]
    if [field for field, _ in declared_sort] != [field for field, _ in shape.sort]:
        return False
    same = all(d == s for (_, d), (_, s) in zip(declared_sort, shape.sort, strict=True))
    reversed_ = all(d == -s for (_, d), (_, s) in zip(declared_sort, shape.sort, strict=True))
    if not (same or reversed_):
        return False
    # A range on a sort key is served by the sort part of the index.
    ranges = set(shape.ranges) - {field for field, _ in shape.sort}
    return ranges <= set(fields[sort_end:])


def always_served(shape: QueryShape) -> bool:
    """Shapes no index is needed for: a lookup by `_id`, or one document of an unfiltered read."""
    if shape.opaque:
        return False
    if "_id" in shape.equality:
        return True  # at most one document, found through the `_id` index
    unfiltered = not (shape.equality or shape.ranges or shape.sort)
    return unfiltered and shape.bounded


def serving_indexes(shape: QueryShape, indexes: Iterable[DeclaredIndex]) -> list[DeclaredIndex]:
    """The declared indexes of the shape's collection that serve it."""
    return [
        index for index in indexes if index.collection == shape.collection and serves(index, shape)
    ]
