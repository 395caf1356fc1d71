"""Shims for the in-process engine (mongomock) so that reading k documents costs k, not k².

Used only when MONGODB_URL=memory:// (`app.database.create_client`); a real MongoDB never runs
this code. Each shim keeps mongomock's results exactly (same documents, same order) and only
removes work:

- mongomock's `Cursor.__next__` re-slices the cursor's whole result list (`results[skip:]`,
  then `[:limit]`) for every document it yields, so a list of k documents costs k² copies of
  references: 2,000 children's summary took minutes. `SliceOnceCursor` slices once per query.
- With a limit, mongomock still deep-copies every matching document before slicing;
  `SliceOnceCursor` copies only the first skip + limit of them (the sort still sees all).
- mongomock copies each document it returns field by field through its general projection
  code, `copy.copy`-ing every value; Beanie projects every read onto its model's fields, so
  `copy_only_fields` copies a plain list of fields directly, sharing immutable values.
- `Collection.find_one` reads (and copies) every matching document to return the first;
  `find_one_reading_one` asks for one, as pymongo does (`limit(-1)`).
- `Collection.aggregate` copies the whole collection before the first `$match` filters it;
  `app.memory_aggregate` copies only what the `$match` selects (and the fields a grouping reads).
- mongomock sorts with a key whose every comparison is a Python call (`BsonComparable`);
  `native_sort_key` orders the same way (BSON's type order, then the value) with tuples of
  plain values that Python compares itself, wrapping only the rare other types, and
  `QuickBsonComparable` (the `$group` stage's sort) compares two values of one plain type
  directly.

One shim adds what mongomock lacks: pymongo >= 4.9 passes `sort=` to a bulk write's
`UpdateOne`/`ReplaceOne`, which mongomock's bulk builder refuses with a TypeError;
`_without_sort` accepts it when it is None (and refuses a real one, which mongomock cannot do).

Lookups by the declared indexes (equality and ranges), so that one child's requests do not
test every document of the clinic, are in `app.memory_indexes`; the quick test of the documents
they leave, for the app's plain filters, is in `app.memory_filter`. A sorted page walks a
declared index in order and stops after the page (`dataset_in_index_order`, `app.memory_sorted`),
and a count of an index's leading equalities is the size of its slice.
"""

import copy
import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any

from bson import ObjectId
from bson.tz_util import utc
from mongomock import collection as mongomock_collection
from mongomock import filtering, helpers
from mongomock.filtering import filter_applies

from app import memory_filter, memory_indexes
from app.memory_aggregate import aggregate_matching_first
from app.memory_fields import UNFILED, lookup_key
from app.memory_order import PLAIN_TYPES, native_sort_key

MongomockCursor = mongomock_collection.Cursor
mongomock_sort_key = filtering.resolve_sort_key
MongomockBsonComparable = filtering.BsonComparable
MongomockCollection = mongomock_collection.Collection
BulkBuilder = mongomock_collection.BulkOperationBuilder
mongomock_get_dataset = MongomockCollection._get_dataset


class SliceOnceCursor(MongomockCursor):
    """A mongomock cursor that takes its page (skip, limit) once and then walks it."""

    _page: list[dict[str, Any]] | None = None
    _page_query: tuple[Any, ...] | None = None

    def __next__(self) -> dict[str, Any]:
        page = self._current_page()
        if self._emitted >= len(page):
            raise StopIteration
        document = page[self._emitted]
        self._emitted += 1
        return document

    next = __next__

    def _current_page(self) -> list[dict[str, Any]]:
        # sort(), skip() and limit() may change the query before the first document is read:
        # the page is recomputed only when one of them did, as mongomock's own cache does.
        query = (self._factory, self._skip, self._limit)
        if self._page is None or self._page_query != query:
            self._page = self._read_page()
            self._page_query = query
        return self._page

    def _read_page(self) -> list[dict[str, Any]]:
        already_read = self._results and self._factory_last_generated_results == self._factory
        if not self._limit or already_read:
            # One slice of the full result list (mongomock's own slicing, called once).
            return list(self._compute_results(with_limit_and_skip=True))
        # The factory yields deep copies lazily (already timezone-aware, see
        # `copy_only_fields`): copy only what the page needs.
        return list(islice(self._factory(), self._skip, self._skip + abs(self._limit)))

    def _compute_results(self, with_limit_and_skip: bool = False) -> list[dict[str, Any]]:
        """mongomock's full result list, without its second pass making datetimes aware."""
        if not self._results or self._factory_last_generated_results != self._factory:
            self._results = list(self._factory())
            self._factory_last_generated_results = self._factory
        if not with_limit_and_skip:
            return self._results
        results = self._results[self._skip :]
        return results[: abs(self._limit)] if self._limit else results


def dataset_in_index_order(self: Any, spec: Any, sort: Any, fields: Any, as_class: Any) -> Any:
    """mongomock's `_get_dataset`, walking a declared index in the sort's order when one
    serves the query (`app.memory_sorted`), so a page stops after its documents."""
    ordered = memory_indexes.documents_in_sort_order(self, spec, sort) if sort else None
    if ordered is None:
        yield from mongomock_get_dataset(self, spec, sort, fields, as_class)
        return
    for document in ordered:
        yield self._copy_only_fields(document, fields, as_class)


class QuickBsonComparable(filtering.BsonComparable):
    """mongomock's BSON-ordered wrapper, comparing two values of one plain type directly."""

    def __lt__(self, other: Any) -> bool:
        mine, theirs = self.obj, other.obj
        if type(mine) is type(theirs) and type(mine) in PLAIN_TYPES:
            return bool(mine < theirs)  # what bson_compare ends with for one plain type
        return bool(filtering.bson_compare(operator.lt, mine, theirs))


# Values shared between the store and a copy: nothing can change them in place.
_SHARED_TYPES = (str, int, float, bool, type(None), datetime, ObjectId, bytes)
# Those types exactly (no subclasses, no datetime): shared as they are.
_PLAIN_SHARED = frozenset({str, int, float, bool, type(None), ObjectId, bytes})
mongomock_copy_only_fields = MongomockCollection._copy_only_fields


def copied(value: Any, container: Any = dict) -> Any:
    """mongomock's deep copy of a stored value (`_copy_field`), sharing immutable values."""
    if isinstance(value, list):
        return [copied(item, container) for item in value]
    if isinstance(value, dict):
        new = container()
        for key, item in value.items():
            new[key] = copied(item, container)
        return new
    if isinstance(value, _SHARED_TYPES):
        return value
    return copy.copy(value)


def copied_aware(value: Any, container: Any = dict) -> Any:
    """`copied`, with every stored (naive, UTC) datetime returned aware, as `tz_aware` asks.

    mongomock copies a document and then walks the copy again to make its datetimes aware
    (`make_datetime_timezone_aware_in_document`); one pass does both."""
    kind = type(value)
    if kind is datetime:
        return value.replace(tzinfo=utc)  # what mongomock's second pass does
    if kind in _PLAIN_SHARED:
        return value
    if isinstance(value, list):
        return [copied_aware(item, container) for item in value]
    if isinstance(value, dict):
        new = container()
        for key, item in value.items():
            new[key] = copied_aware(item, container)
        return new
    return helpers.make_datetime_timezone_aware_in_document(copied(value, container))


def _includes_only_fields(fields: Any) -> bool:
    """Whether a projection is {"name": 1, ...}: what Beanie sends, every model field by name."""
    if fields is _last_checked[0]:
        return _last_checked[1]  # the same projection, for the next document of a query
    verdict = type(fields) is dict and bool(fields) and all(map(_includes, fields.items()))
    # Kept alive here, so no other projection can come to have its identity meanwhile.
    _last_checked[:] = [fields, verdict]
    return verdict


_last_checked: list[Any] = [object(), False]  # (the last projection checked, its verdict)


def _includes(item: tuple[Any, Any]) -> bool:
    key, value = item
    if type(key) is not str or "." in key or key[:1] == "$":
        return False
    return value is True or (type(value) is int and value == 1)


def copy_only_fields(self: Any, doc: Any, fields: Any, container: Any) -> Any:
    """mongomock's projected copy of a document, for a plain list of fields without its
    per-field machinery (Beanie projects every read onto its model's fields)."""
    copy_value = copied_aware if self.codec_options.tz_aware else copied
    if fields is None:
        return copy_value(doc, container)
    if not _includes_only_fields(fields):
        projected = mongomock_copy_only_fields(self, doc, fields, container)
        if self.codec_options.tz_aware:
            return helpers.make_datetime_timezone_aware_in_document(projected)
        return projected
    projected = container()
    for key, value in doc.items():
        if key in fields and key != "_id":
            projected[key] = copy_value(value, container)
    if "_id" in doc:
        projected["_id"] = doc["_id"]  # last, as mongomock puts it
    return projected


def find_one_reading_one(
    self: Any, filter: Any = None, *args: Any, **kwargs: Any
) -> dict[str, Any] | None:
    """The first matching document, reading only that one (pymongo's `limit(-1)`)."""
    if filter is not None and not isinstance(filter, Mapping):
        filter = {"_id": filter}
    if not args and all(name == "projection" or value is None for name, value in kwargs.items()):
        found = _read_by_id(self, filter, kwargs.get("projection"))
        if found is not _UNANSWERED:
            return found
    return next(iter(self.find(filter, *args, **kwargs).limit(-1)), None)


_UNANSWERED = object()


def _read_by_id(collection: Any, filter: Any, projection: Any) -> Any:
    """What `find_one` returns for a filter naming one plain `_id`, from the store's own
    dict: no cursor, no lookups (every request reads its session, user and child so)."""
    if type(filter) is not dict:
        return _UNANSWERED
    key = lookup_key(filter.get("_id"))
    store = collection._store
    if key is None or key is UNFILED or store.is_empty:  # (is_empty expires TTL documents)
        return _UNANSWERED
    document = store._documents.get(key)
    if document is None:
        return None
    spec = helpers.patch_datetime_awareness_in_document(filter)  # as a find's cursor does
    if next(memory_filter.matching((document,), spec, filter_applies), None) is None:
        return None
    return collection._copy_only_fields(document, projection, dict)


def _without_sort(add: Callable[..., Any]) -> Callable[..., Any]:
    """A bulk builder method that takes pymongo's `sort=` argument when it is None."""
    if getattr(add, "takes_sort", False):
        return add

    def add_without_sort(self: Any, *args: Any, sort: Any = None, **kwargs: Any) -> Any:
        if sort is not None:
            raise NotImplementedError("the in-process engine cannot sort a bulk write's update")
        return add(self, *args, **kwargs)

    add_without_sort.takes_sort = True  # type: ignore[attr-defined]
    return add_without_sort


def install() -> None:
    """Put the shims in place (idempotent); call before the first in-process collection."""
    memory_indexes.install()
    setattr(mongomock_collection, "Cursor", SliceOnceCursor)  # noqa: B010 (typed as a type)
    setattr(MongomockCollection, "find_one", find_one_reading_one)  # noqa: B010
    setattr(MongomockCollection, "_copy_only_fields", copy_only_fields)  # noqa: B010
    setattr(MongomockCollection, "_get_dataset", dataset_in_index_order)  # noqa: B010
    setattr(MongomockCollection, "aggregate", aggregate_matching_first)  # noqa: B010
    setattr(filtering, "resolve_sort_key", native_sort_key)  # noqa: B010
    setattr(filtering, "BsonComparable", QuickBsonComparable)  # noqa: B010
    for name in ("add_update", "add_replace"):
        setattr(BulkBuilder, name, _without_sort(getattr(BulkBuilder, name)))
