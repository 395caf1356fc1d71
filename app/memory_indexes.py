"""Lookups for the in-process engine (mongomock), by the collection's declared indexes.

mongomock answers every query by testing every document of the collection, so one child's
forecast in a clinic of 2,000 children tests some 60,000 forecast rows, and each insert scans
the collection once per unique index. MongoDB walks an index instead. This gives the in-process
engine the same kind of shortcut: for each top-level field of a declared index (and `_id`),
value -> ids of the documents holding it (equality, `$in`: `app.memory_fields`), and the values
in order (`$gt`/`$lt` bounds, `app.memory_ranges`), kept up to date on every write. A query tests
only the documents of its smallest such set, in the collection's natural order, with mongomock's
own filter: results are exactly mongomock's. A sorted query may instead walk an index's fields in
order (`app.memory_sorted`), and a count of an index's leading equalities is a slice's size.

Only used on MONGODB_URL=memory:// (`app.memory_engine.install`). Candidate sets are supersets
by construction: a value that is not a plain scalar (a list, a sub-document, a date, a float) is
filed as "always a candidate", and mongomock's filter still decides.
"""

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from mongomock import collection as mongomock_collection
from mongomock import helpers
from mongomock.filtering import filter_applies
from mongomock.store import CollectionStore

from app import memory_filter
from app.memory_fields import FieldLookup, lookup_keys
from app.memory_ranges import RangeLookup, bounds
from app.memory_sorted import OrderedLookup, equality_keys, sort_fields


def store_key(document_id: Any) -> Any:
    """How mongomock keys a document in its store."""
    return helpers.hashdict(document_id) if isinstance(document_id, dict) else document_id


Option = tuple[int, Callable[[], list[Any]]]  # (how many candidates, a function listing them)


class StoreLookups:
    """The lookups of one collection's store, and each document's place in natural order."""

    def __init__(self, store: CollectionStore) -> None:
        self.store = store
        self.fields: dict[str, FieldLookup] = {}
        self.ranges: dict[str, RangeLookup] = {}
        self.orders: dict[tuple[str, ...], OrderedLookup] = {}
        self.order = {key: position for position, key in enumerate(store._documents)}
        self.next_position = len(self.order)
        self.updating: list[Any] | None = None  # ids an update may have changed in place

    def _built(self, lookup: Any) -> Any:
        for key, document in self.store._documents.items():
            lookup.file(key, self.order[key], document)
        return lookup

    def lookup(self, field: str) -> FieldLookup:
        """The field's equality lookup, built on first use."""
        if field not in self.fields:
            self.fields[field] = self._built(FieldLookup(field))
        return self.fields[field]

    def range_lookup(self, field: str) -> RangeLookup:
        """The field's range lookup, built on first use."""
        if field not in self.ranges:
            self.ranges[field] = self._built(RangeLookup(field))
        return self.ranges[field]

    def ordered(self, fields: tuple[str, ...]) -> OrderedLookup:
        """The documents in the order of these fields, built on first use."""
        if fields not in self.orders:
            self.orders[fields] = self._built(OrderedLookup(fields))
        return self.orders[fields]

    def stored(self, key: Any, document: Mapping[str, Any], new: bool) -> None:
        if new:
            self.order[key] = self.next_position
            self.next_position += 1
        position = self.order[key]
        for lookup in self._all():
            lookup.file(key, position, document)

    def removed(self, key: Any) -> None:
        self.order.pop(key, None)
        for lookup in self._all():
            lookup.unfile(key)

    def _all(self) -> list[FieldLookup | RangeLookup | OrderedLookup]:
        return [*self.fields.values(), *self.ranges.values(), *self.orders.values()]

    def refile(self, keys: list[Any]) -> None:
        """File again documents an update may have changed in place."""
        documents = self.store._documents
        for key in dict.fromkeys(keys):
            if key in documents:
                self.stored(key, documents[key], new=False)

    def candidates(self, query: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """The documents that may match, in natural order; None when a full scan is as good."""
        documents = self.store._documents
        best = self._best(query, indexed_fields(self.store))
        if best is None or best[0] > len(documents) // 2:
            return None  # a lookup that leaves more than half is not worth it
        keys = dict.fromkeys(best[1]())
        return [documents[key] for key in sorted(keys, key=self.order.__getitem__)]

    def in_sort_order(self, query: Mapping[str, Any], sort: Any) -> Iterator[Any] | None:
        """Store keys of the documents that may match, in the sort's order, walked along a
        declared index (equalities, then the sort's fields); None when none serves the query
        or a lookup leaves far fewer documents to sort."""
        wanted = sort_fields(sort)
        if wanted is None:
            return None
        names, descending = wanted
        for prefix in _equality_prefixes(self.store, names):
            keys = equality_keys(query, prefix)
            if keys is None or not (lookup := self.ordered(prefix + names)).usable:
                continue
            start, end = lookup.span(keys)
            best = self._best(query, indexed_fields(self.store))
            if best is not None and best[0] * 4 < end - start:
                return None  # sorting a few candidates beats walking many
            return lookup.walk(start, end, descending)
        return None

    def count_of_equalities(self, query: Mapping[str, Any]) -> int | None:
        """How many documents a filter of plain equalities selects, when the fields lead a
        declared index: the size of their slice of an ordered lookup, as MongoDB counts keys."""
        if not query or not all(type(f) is str and f[:1] != "$" and "." not in f for f in query):
            return None
        for index in self.store.indexes.values():
            fields = tuple(field for field, _ in index.get("key", ()))[: len(query)]
            if set(fields) != set(query):
                continue
            keys = equality_keys(query, fields)
            if keys is None:
                return None
            # Any lookup ordered by these fields first holds the same slice: reuse one.
            lookup = next(
                (kept for order, kept in self.orders.items() if order[: len(fields)] == fields),
                None,
            ) or self.ordered(fields)
            if not lookup.usable:
                return None
            start, end = lookup.span(keys)
            return end - start
        return None

    def _best(self, query: Mapping[str, Any], indexed: set[str]) -> Option | None:
        return min(self._options(query, indexed), key=lambda option: option[0], default=None)

    def _options(self, query: Mapping[str, Any], indexed: set[str]) -> Iterator[Option]:
        """(how many, which) candidate sets the query's lookups offer; any one is a superset."""
        documents = self.store._documents
        for field, values in equalities(query):
            keys = lookup_keys(values)
            if keys is None:
                continue
            if field == "_id":
                found = [key for key in dict.fromkeys(keys) if key in documents]
                yield len(found), partial(list, found)
            elif field in indexed:
                lookup = self.lookup(field)
                yield lookup.count(keys), partial(lookup.ids_for, keys)
        for field, kind, lower, upper in bounds(query):
            if field in indexed:
                ranged = self.range_lookup(field)
                yield ranged.count(kind, lower, upper), partial(ranged.ids_for, kind, lower, upper)
        for branches in disjunctions(query):
            # A `$or` is a superset of the union of its branches' candidates, when each has one.
            picked = [self._best(branch, indexed) for branch in branches]
            options = [option for option in picked if option is not None]
            if branches and len(options) == len(branches):
                yield sum(size for size, _ in options), partial(_union, options)


def _equality_prefixes(store: CollectionStore, names: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """For each declared index holding the sort's fields in order, the fields before them."""
    for index in store.indexes.values():
        fields = tuple(field for field, _ in index.get("key", ()))
        for start in range(len(fields) - len(names) + 1):
            # Top-level fields only: an ordered lookup reads each document's own value.
            prefix = fields[:start]
            if fields[start : start + len(names)] == names and "." not in "".join(prefix):
                yield prefix


def _union(options: list[Option]) -> list[Any]:
    return [key for _, ids in options for key in ids()]


def indexed_fields(store: CollectionStore) -> set[str]:
    """Top-level fields of the store's declared indexes."""
    return {
        field
        for index in store.indexes.values()
        for field, _ in index.get("key", ())
        if "." not in field and field != "_id"
    }


def equalities(query: Mapping[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """(field, values it must equal one of) for the filter's top-level equalities and `$in`s."""
    for field, condition in query.items():
        if field == "$and" and isinstance(condition, list):
            for clause in condition:
                if isinstance(clause, Mapping):
                    yield from equalities(clause)
        elif field.startswith("$") or "." in field:
            continue
        elif isinstance(condition, Mapping):
            operators = set(condition)
            if not operators or not all(str(name).startswith("$") for name in operators):
                continue  # a whole sub-document
            if "$eq" in condition:
                yield field, [condition["$eq"]]
            elif isinstance(condition.get("$in"), list | tuple):
                yield field, list(condition["$in"])
        elif not isinstance(condition, list):
            yield field, [condition]


def disjunctions(query: Mapping[str, Any]) -> Iterator[list[Mapping[str, Any]]]:
    """The branches of each top-level `$or` (and of those inside a top-level `$and`)."""
    for field, condition in query.items():
        if field in ("$and", "$or") and isinstance(condition, list):
            clauses = [clause for clause in condition if isinstance(clause, Mapping)]
            if field == "$or":
                yield clauses if len(clauses) == len(condition) else []
            else:
                for clause in clauses:
                    yield from disjunctions(clause)


def lookups_of(store: CollectionStore) -> StoreLookups:
    """The store's lookups, created on first use."""
    lookups = store.__dict__.get("_lookups")
    if lookups is None:
        lookups = store.__dict__["_lookups"] = StoreLookups(store)
    return lookups


def iter_documents_by_lookup(self: Any, filter: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """mongomock's `_iter_documents`, testing only the documents a lookup leaves."""
    store = self._store
    if store.is_empty:  # also expires TTL documents, as mongomock does here
        filter_applies(filter, {})  # validates the filter even with nothing to return
        return iter(())
    lookups = lookups_of(store)
    documents = lookups.candidates(filter)
    if documents is None:
        documents = list(store.documents)
    # Plain comparisons where they are sure, mongomock's filter for the rest (app.memory_filter).
    matching = memory_filter.matching(documents, filter, filter_applies)
    if lookups.updating is None:
        return matching
    return _noting(matching, lookups.updating)


def documents_in_sort_order(
    self: Any, filter: Mapping[str, Any], sort: Any
) -> Iterator[dict[str, Any]] | None:
    """The matching documents already in the sort's order (`StoreLookups.in_sort_order`)."""
    store = self._store
    if store.is_empty:  # also expires TTL documents, as mongomock does here
        return None
    lookups = lookups_of(store)
    if lookups.updating is not None:
        return None  # an update notes what it reads: leave it mongomock's path
    keys = lookups.in_sort_order(filter, sort)
    if keys is None:
        return None
    documents = store._documents
    return memory_filter.matching((documents[key] for key in keys), filter, filter_applies)


def count_documents_by_index(count_documents: Any) -> Any:
    """mongomock's `count_documents`, answered by `StoreLookups.count_of_equalities` when it can."""

    def _count_documents(self: Any, filter: Any, **kwargs: Any) -> int:
        plain = all(value is None for value in kwargs.values())  # a session, at most
        if plain and isinstance(filter, Mapping) and not self._store.is_empty:
            spec = helpers.patch_datetime_awareness_in_document(filter)  # as mongomock does
            counted = lookups_of(self._store).count_of_equalities(spec)
            if counted is not None:
                return counted
        return int(count_documents(self, filter, **kwargs))

    _count_documents.by_index = True  # type: ignore[attr-defined]
    return _count_documents


def _noting(documents: Iterator[dict[str, Any]], ids: list[Any]) -> Iterator[dict[str, Any]]:
    for document in documents:
        ids.append(store_key(document["_id"]))
        yield document


def update_refiling(update: Any) -> Any:
    """mongomock's `_update` (which changes stored documents in place), then refiling them."""

    def _update(self: Any, *args: Any, **kwargs: Any) -> Any:
        lookups = lookups_of(self._store)
        outer = lookups.updating
        lookups.updating = touched = [] if outer is None else outer
        try:
            return update(self, *args, **kwargs)
        finally:
            lookups.updating = outer
            if outer is None:
                lookups.refile(touched)

    _update.refiles = True  # type: ignore[attr-defined]
    return _update


def ensure_uniques_refiling(ensure_uniques: Any) -> Any:
    """mongomock's unique-index check, on a changed document refiled first.

    mongomock checks the unique indexes of a document it has just changed in place, before
    `_update` returns: its lookups must already say where the document now belongs.
    """

    def _ensure_uniques(self: Any, new_data: Mapping[str, Any]) -> Any:
        lookups = self._store.__dict__.get("_lookups")
        if lookups is not None and "_id" in new_data:
            lookups.refile([store_key(new_data["_id"])])
        return ensure_uniques(self, new_data)

    return _ensure_uniques


def _store_hooks() -> None:
    setitem, delitem, drop = (
        CollectionStore.__setitem__,
        CollectionStore.__delitem__,
        CollectionStore.drop,
    )

    def __setitem__(self: CollectionStore, key: Any, value: Any) -> None:
        new = key not in self._documents
        setitem(self, key, value)
        if (lookups := self.__dict__.get("_lookups")) is not None:
            lookups.stored(key, value, new)

    def __delitem__(self: CollectionStore, key: Any) -> None:
        delitem(self, key)
        if (lookups := self.__dict__.get("_lookups")) is not None:
            lookups.removed(key)

    def drop_(self: CollectionStore) -> None:
        drop(self)
        self.__dict__.pop("_lookups", None)

    for name, method in (("__setitem__", __setitem__), ("__delitem__", __delitem__)):
        setattr(CollectionStore, name, method)
    setattr(CollectionStore, "drop", drop_)  # noqa: B010 (mypy refuses assigning a method)


def install() -> None:
    """Give mongomock the lookups (idempotent); before the first in-process collection."""
    Collection = mongomock_collection.Collection
    if getattr(Collection._update, "refiles", False):
        return
    _store_hooks()
    setattr(Collection, "_iter_documents", iter_documents_by_lookup)  # noqa: B010
    setattr(Collection, "count_documents", count_documents_by_index(Collection.count_documents))  # noqa: B010
    setattr(Collection, "_update", update_refiling(Collection._update))  # noqa: B010
    setattr(Collection, "_ensure_uniques", ensure_uniques_refiling(Collection._ensure_uniques))  # noqa: B010
