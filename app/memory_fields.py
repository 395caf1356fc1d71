"""Equality lookups for the in-process engine: a field's value -> the documents holding it.

Part of `app.memory_indexes` (see there why the in-process engine has lookups at all), beside
the range lookups (`app.memory_ranges`) and the ordered ones (`app.memory_sorted`).
"""

from collections.abc import Mapping
from typing import Any

from bson import ObjectId

UNFILED = object()  # a value no lookup can find by equality: always a candidate
_NOT_FILED = object()


def lookup_key(value: Any) -> Any:
    """The key a value is filed under: plain str/int/bool/ObjectId/None, else UNFILED."""
    if value is None or type(value) in (str, int, bool, ObjectId):
        return value
    if isinstance(value, str):
        return value[:]  # a str subclass (a str enum): its text, which is what it equals
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, ObjectId):
        return ObjectId(value.binary)
    return UNFILED


class FieldLookup:
    """One field's lookup: value -> ids (as an ordered set), and the ids always tested."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.buckets: dict[Any, dict[Any, None]] = {}
        self.unfiled: dict[Any, None] = {}
        self.filed_as: dict[Any, Any] = {}

    def file(self, key: Any, position: int, document: Mapping[str, Any]) -> None:
        """(Re)file a stored document under its current value."""
        value = lookup_key(document.get(self.field))
        if self.filed_as.get(key, _NOT_FILED) is value:
            return
        self.unfile(key)
        bucket = self.unfiled if value is UNFILED else self.buckets.setdefault(value, {})
        bucket[key] = None
        self.filed_as[key] = value

    def unfile(self, key: Any) -> None:
        """Forget a document."""
        value = self.filed_as.pop(key, _NOT_FILED)
        if value is _NOT_FILED:
            return
        if value is UNFILED:
            del self.unfiled[key]
            return
        bucket = self.buckets[value]
        del bucket[key]
        if not bucket:
            del self.buckets[value]

    def count(self, keys: list[Any]) -> int:
        """How many documents `ids_for(keys)` would return."""
        return len(self.unfiled) + sum(len(self.buckets.get(key, ())) for key in set(keys))

    def ids_for(self, keys: list[Any]) -> list[Any]:
        """Ids of the documents that may equal one of these keys (see `lookup_keys`)."""
        ids = dict(self.unfiled)
        for key in dict.fromkeys(keys):
            ids.update(self.buckets.get(key, {}))
        return list(ids)


def lookup_keys(values: list[Any]) -> list[Any] | None:
    """The keys of values a query wants, or None when one of them is no key (a list, a date...)."""
    keys = [lookup_key(value) for value in values]
    return None if any(key is UNFILED for key in keys) else keys
