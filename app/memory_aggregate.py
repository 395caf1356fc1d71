"""The in-process engine's aggregations: copy only the documents, and fields, a pipeline reads.

Part of `app.memory_engine` (used only on MONGODB_URL=memory://). mongomock's
`Collection.aggregate` deep-copies every document of the collection, then runs the pipeline's
leading `$match` on the copies. `aggregate_matching_first` lets find() apply that `$match`
instead (the same filter on the same values: find() takes the collection's lookups) and, when
the pipeline folds documents into groups or a count, copies only the fields its stages name,
straight from the stored documents. A `$group` that only counts (`{"$sum": 1}`) by fields is
then counted here in one pass (`count_groups`): mongomock parses every expression again for
every document, which made a cohort's coverage cost half a second at 2,000 children.
"""

import copy
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from bson import ObjectId
from mongomock import filtering, helpers
from mongomock.aggregate import process_pipeline

# Stages that pass documents on unchanged or folded: what comes out depends only on the fields
# they and the stages after them name.
PASSING = {"$match", "$sort", "$limit", "$skip", "$unwind"}
FOLDING = {"$group", "$count"}


def _field(path: str) -> str:
    return path.split(".", 1)[0]


def _named_by_value(value: Any) -> Iterator[str]:
    """Fields named by `$field` expressions anywhere in a stage (`$$ROOT` yields `$$ROOT`)."""
    if isinstance(value, str) and value.startswith("$"):
        yield value if value.startswith("$$") else _field(value[1:])
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _named_by_value(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _named_by_value(item)


def _named_by_key(value: Any) -> Iterator[str]:
    """Fields named as keys (a `$match` filter's, a `$sort`'s), operators looked through."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not str(key).startswith("$"):
                yield _field(str(key))
            yield from _named_by_key(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _named_by_key(item)


def fields_read(stages: list[dict[str, Any]]) -> set[str] | None:
    """The top-level fields these stages read, when they fold documents; None when unknown."""
    fields: set[str] = set()
    folded = False
    for stage in stages:
        if len(stage) != 1:
            return None
        name, spec = next(iter(stage.items()))
        if not folded and name not in PASSING | FOLDING:
            return None  # a stage that could pass whole documents on to the result
        if name in ("$match", "$sort") and not folded:
            fields.update(_named_by_key(spec))  # their keys are the documents' fields
        fields.update(_named_by_value(spec))
        folded = folded or name in FOLDING
    if not folded or any(field.startswith("$$") for field in fields):
        return None
    return fields


def _selected(self: Any, match: Mapping[str, Any], fields: set[str]) -> list[dict[str, Any]]:
    """find(match, projection=fields) without mongomock's per-document projection machinery."""
    # The filter as find() patches it (naive UTC datetimes, millisecond precision).
    spec = helpers.patch_datetime_awareness_in_document(match)
    keys = ["_id", *sorted(fields - {"_id"})]
    selected = [
        {key: document[key] for key in keys if key in document}
        for document in self._iter_documents(spec)
    ]
    if self.codec_options.tz_aware:
        # Also copies lists and sub-documents: no stage can reach the stored ones.
        return [helpers.make_datetime_timezone_aware_in_document(doc) for doc in selected]
    return copy.deepcopy(selected)


# Group keys counted here: values whose equality and BSON order Python's agree with.
_KEY_TYPES = (str, int, bool, datetime, ObjectId, type(None))
_MISSING = object()


def _counting_group(spec: Mapping[str, Any]) -> tuple[Any, list[str]] | None:
    """(the `_id` spec, the output fields) of a `$group` that only counts by fields, else None."""
    key = spec.get("_id")
    outputs = [name for name in spec if name != "_id"]

    def is_field(path: Any) -> bool:
        return (
            isinstance(path, str)
            and path.startswith("$")
            and "." not in path[1:]
            and (not path.startswith("$$"))
        )

    if not outputs or not all(spec[name] == {"$sum": 1} for name in outputs):
        return None
    if any(type(spec[name]["$sum"]) is not int for name in outputs):
        return None  # {"$sum": True} and {"$sum": 1.0} are not counts
    if key is None or is_field(key):
        return key, outputs
    if (
        isinstance(key, dict)
        and key
        and all(not name.startswith("$") and is_field(path) for name, path in key.items())
    ):
        return key, outputs
    return None


def count_groups(documents: list[dict[str, Any]], spec: Mapping[str, Any]) -> list[Any] | None:
    """mongomock's `$group` output for a counting group, in its order; None if not one."""
    counting = _counting_group(spec)
    if counting is None:
        return None
    key_spec, outputs = counting
    if key_spec is None:  # one group of everything, even of nothing (mongomock's answer)
        return [{**dict.fromkeys(outputs, len(documents)), "_id": None}]
    paths = {key_spec: key_spec} if isinstance(key_spec, str) else key_spec
    counts: dict[tuple[Any, ...], int] = {}
    keys: dict[tuple[Any, ...], Any] = {}
    types_seen: dict[str, set[type]] = {name: set() for name in paths}
    # mongomock groups a missing field with null under one field's key, and leaves it out of a
    # key of several fields.
    absent = None if isinstance(key_spec, str) else _MISSING
    for document in documents:
        values = tuple(document.get(path[1:], absent) for path in paths.values())
        for name, value in zip(paths, values, strict=True):
            if value is not _MISSING:
                if not isinstance(value, _KEY_TYPES):
                    return None
                types_seen[name].add(type(value))
        hashed = tuple((type(v), v) for v in values)
        if hashed not in counts:
            counts[hashed] = 0
            if isinstance(key_spec, str):
                keys[hashed] = values[0]
            else:
                keys[hashed] = {
                    name: value
                    for name, value in zip(paths, values, strict=True)
                    if value is not _MISSING
                }
        counts[hashed] += 1
    if any(bool in seen and int in seen for seen in types_seen.values()):
        return None  # True == 1 in Python, not in BSON: leave it to mongomock
    ordered = sorted(keys, key=lambda hashed: filtering.BsonComparable(keys[hashed]))
    return [{**dict.fromkeys(outputs, counts[hashed]), "_id": keys[hashed]} for hashed in ordered]


def _run(documents: list[dict[str, Any]], database: Any, stages: list[dict[str, Any]]) -> Any:
    """mongomock's pipeline, counting a leading counting `$group` here when there is one."""
    for position, stage in enumerate(stages):
        if "$group" not in stage:
            continue
        before = documents
        if position:
            before = list(process_pipeline(documents, database, stages[:position], None))
        grouped = count_groups(before, stage["$group"]) if len(stage) == 1 else None
        if grouped is None:
            return process_pipeline(before, database, stages[position:], None)
        return process_pipeline(grouped, database, stages[position + 1 :], None)
    return process_pipeline(documents, database, stages, None)


def aggregate_matching_first(
    self: Any, pipeline: list[dict[str, Any]], session: Any = None, **unused_kwargs: Any
) -> Any:
    """mongomock's aggregate, copying only the documents (and fields) the pipeline reads."""
    leading_match = pipeline[0].get("$match") if pipeline and len(pipeline[0]) == 1 else None
    if session or not isinstance(leading_match, Mapping):
        return process_pipeline(list(self.find()), self.database, pipeline, session)
    rest = pipeline[1:]
    fields = fields_read(rest)
    if fields is None:
        # find() applies the stage's filter exactly as the stage would (same filter, same dates).
        selected = list(self.find(leading_match))
        return process_pipeline(selected, self.database, rest, session)
    return _run(_selected(self, leading_match, fields), self.database, rest)
