"""The in-process engine's aggregations: copy only the documents, and fields, a pipeline reads.

Part of `app.memory_engine` (used only on MONGODB_URL=memory://). mongomock's
`Collection.aggregate` deep-copies every document of the collection, then runs the pipeline's
leading `$match` on the copies. `aggregate_matching_first` lets find() apply that `$match`
instead (the same filter on the same values: find() takes the collection's lookups) and, when
the pipeline folds documents into groups or a count, copies only the fields its stages name.
"""

from collections.abc import Iterator, Mapping
from typing import Any

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


def aggregate_matching_first(
    self: Any, pipeline: list[dict[str, Any]], session: Any = None, **unused_kwargs: Any
) -> Any:
    """mongomock's aggregate, copying only the documents (and fields) the pipeline reads."""
    leading_match = pipeline[0].get("$match") if pipeline and len(pipeline[0]) == 1 else None
    if not isinstance(leading_match, Mapping):
        return process_pipeline(list(self.find()), self.database, pipeline, session)
    rest = pipeline[1:]
    fields = fields_read(rest)
    projection = None if fields is None else {"_id": 1, **dict.fromkeys(fields, 1)}
    # find() applies the stage's filter exactly as the stage would (same filter, same dates).
    selected = list(self.find(leading_match, projection=projection))
    return process_pipeline(selected, self.database, rest, session)
