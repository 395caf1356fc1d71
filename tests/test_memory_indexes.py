"""The in-process engine's equality lookups: mongomock's results, testing fewer documents."""

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import mongomock
import pytest
from bson import ObjectId
from mongomock import helpers
from mongomock.filtering import filter_applies
from pymongo import DeleteOne, InsertOne, ReplaceOne, ReturnDocument, UpdateMany, UpdateOne

from app import memory_engine, memory_filter
from app.memory_indexes import lookups_of


class Kind(StrEnum):
    DUE = "due"
    LATE = "late"


OWNERS = [ObjectId() for _ in range(6)]
KINDS = ["due", "late", "done", None]


def scanned(collection: Any, query: dict) -> list[Any]:
    """Ids mongomock itself returns: every stored document tested, in natural order."""
    query = helpers.patch_datetime_awareness_in_document(query)  # as mongomock's find does
    return [doc["_id"] for doc in collection._store.documents if filter_applies(query, doc)]


class FilterTests:
    """How many documents the lookups left to be tested by the filter (`tested`, resettable)."""

    def __init__(self) -> None:
        self.tested = 0

    def matching(self, documents: Iterable[dict], query: dict, applies: Any) -> Any:
        candidates = list(documents)
        self.tested += len(candidates)
        return MATCHING(candidates, query, applies)


MATCHING = memory_filter.matching


@contextmanager
def counting_filter_tests() -> Iterator[FilterTests]:
    """Count the documents the lookups leave to the filter (quick tests or mongomock's)."""
    counter = FilterTests()
    memory_filter.matching = counter.matching  # type: ignore[assignment]
    try:
        yield counter
    finally:
        memory_filter.matching = MATCHING  # type: ignore[assignment]


def random_value(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(KINDS)
    if roll < 0.75:
        return [rng.choice(KINDS), "other"]  # arrays match their elements
    if roll < 0.85:
        return {"nested": rng.choice(KINDS)}
    return rng.choice([1, 1.0, True, 2.5])


def random_day(rng: random.Random) -> Any:
    """A value of the ordered field: mostly dates, sometimes another type, null or an array."""
    day = datetime(2026, 1, 1) + timedelta(days=rng.randint(0, 60))
    return rng.choice([day, day, day, rng.randint(0, 5), rng.choice("abc"), None, [day]])


def random_document(rng: random.Random, n: int) -> dict[str, Any]:
    document: dict[str, Any] = {"_id": n, "owner": rng.choice(OWNERS), "n": n}
    if rng.random() < 0.9:  # sometimes missing: {"kind": None} matches it
        document["kind"] = random_value(rng)
    if rng.random() < 0.9:
        document["day"] = random_day(rng)
    return document


def random_query(rng: random.Random) -> dict[str, Any]:
    owner = rng.choice(OWNERS)
    kind = rng.choice([*KINDS, Kind.DUE, 1, True])
    first, last = sorted(datetime(2026, 1, 1) + timedelta(days=rng.randint(0, 60)) for _ in "ab")
    return rng.choice(
        [
            {"day": {"$gte": first, "$lte": last}},
            {"day": {"$gt": first}, "owner": owner},
            {"$and": [{"day": {"$lt": last}}, {"kind": {"$ne": "late"}}]},
            {"day": {"$lte": rng.randint(0, 5)}},
            {"day": {"$gt": "a"}},
            {"day": {"$gte": 1, "$lte": "z"}},  # two types: nothing lies between
            {"day": {"$lte": last.replace(tzinfo=UTC)}},
            {"day": {"$gte": None}},
            {"$or": [{"owner": owner}, {"day": {"$lt": first}}]},
            {"owner": owner, "$or": [{"kind": "due"}, {"kind": None}]},
            {"$and": [{"$or": [{"_id": 3}, {"kind": kind}]}, {"n": {"$lt": 200}}]},
            {"$or": [{"owner": owner}, {"n": 5}]},  # a branch without a lookup: a full scan
            {"owner": owner},
            {"owner": owner, "kind": kind},
            {"kind": kind},
            {"kind": {"$in": [kind, "late"]}},
            {"kind": {"$eq": kind}, "n": {"$gte": rng.randint(0, 300)}},
            {"$and": [{"owner": owner}, {"kind": {"$ne": "due"}}]},
            {"_id": rng.randint(0, 320)},
            {"_id": {"$in": [rng.randint(0, 320), rng.randint(0, 320)]}, "owner": owner},
            {"owner": {"$in": OWNERS[:2]}, "kind": {"nested": "due"}},
            {"kind": ["due", "other"]},
        ]
    )


def mutate(collection: Any, rng: random.Random, n: int) -> None:
    """One random write of every kind mongomock has."""
    owner, kind = rng.choice(OWNERS), random_value(rng)
    target = {"_id": rng.randint(0, n)}
    match rng.randint(0, 8):
        case 0:
            collection.insert_one(random_document(rng, n))
        case 1:
            collection.update_one(target, {"$set": {"kind": kind, "owner": owner}})
        case 2:
            collection.update_many({"kind": rng.choice(KINDS)}, {"$set": {"kind": kind}})
        case 3:
            collection.update_one(target, {"$unset": {"kind": ""}})
        case 4:
            collection.replace_one(target, {"owner": owner, "kind": kind, "n": -1}, upsert=True)
        case 5:
            collection.delete_many({"owner": owner, "kind": rng.choice(KINDS)})
        case 6:
            collection.find_one_and_update(
                {"owner": owner}, {"$set": {"kind": kind}}, return_document=ReturnDocument.AFTER
            )
        case 7:
            collection.bulk_write(
                [
                    UpdateOne(target, {"$set": {"owner": owner}}),
                    UpdateMany({"owner": owner}, {"$set": {"kind": kind}}),
                    ReplaceOne({"_id": rng.randint(0, n)}, {"owner": owner, "n": 0}),
                    DeleteOne({"kind": rng.choice(KINDS)}),
                    InsertOne(random_document(rng, n + 10_000)),
                ]
            )
        case 8:
            collection.update_many({"owner": owner}, {"$push": {"tags": kind}})
            collection.update_one(target, {"$set": {"day": random_day(rng)}})


@pytest.fixture
def collection() -> Any:
    memory_engine.install()
    rows = mongomock.MongoClient()["lookup_test"]["rows"]
    rows.create_index([("owner", 1), ("kind", 1)])
    rows.create_index([("kind", 1), ("n", 1)])
    rows.create_index([("owner", 1), ("day", 1)])
    return rows


@pytest.mark.parametrize("seed", range(3))
def test_every_query_returns_what_a_full_scan_returns_through_random_writes(
    collection: Any, seed: int
) -> None:
    rng = random.Random(seed)
    collection.insert_many([random_document(rng, n) for n in range(300)])
    for step in range(120):
        query = random_query(rng)
        expected = scanned(collection, query)
        assert [doc["_id"] for doc in collection.find(query)] == expected, (step, query)
        assert collection.count_documents(query) == len(expected)
        mutate(collection, rng, 300 + step)


def test_a_lookup_tests_only_the_documents_holding_the_value(collection: Any) -> None:
    collection.insert_many([{"_id": n, "owner": OWNERS[n % 6], "kind": "due"} for n in range(600)])
    with counting_filter_tests() as filters:
        assert len(list(collection.find({"owner": OWNERS[0], "kind": "due"}))) == 100
        assert filters.tested == 100
        filters.tested = 0
        assert collection.find_one({"_id": 599})["owner"] == OWNERS[5]
        assert filters.tested == 1
        filters.tested = 0
        assert len(list(collection.find({"kind": "due"}))) == 600  # no help: a full scan
        assert filters.tested == 600
        filters.tested = 0
        # A count of an index's leading equalities is its slice's size: nothing is tested.
        assert collection.count_documents({"kind": "due"}) == 600
        assert filters.tested == 0


def test_a_str_enum_finds_the_text_it_equals(collection: Any) -> None:
    collection.insert_many([{"_id": n, "owner": OWNERS[0], "kind": "due"} for n in range(3)])
    collection.insert_many([{"_id": n, "owner": OWNERS[1], "kind": "late"} for n in range(3, 9)])
    assert [doc["_id"] for doc in collection.find({"kind": Kind.DUE})] == [0, 1, 2]


def test_unique_indexes_are_still_enforced_and_drop_forgets_the_lookups(collection: Any) -> None:
    collection.create_index([("code", 1)], unique=True)
    collection.insert_one({"_id": 1, "code": "a"})
    collection.find_one({"code": "a"})  # builds the lookup
    with pytest.raises(mongomock.DuplicateKeyError):
        collection.insert_one({"_id": 2, "code": "a"})
    collection.update_one({"_id": 1}, {"$set": {"code": "b"}})  # changed in place: refiled
    with pytest.raises(mongomock.DuplicateKeyError):
        collection.insert_one({"_id": 3, "code": "b"})
    assert [doc["_id"] for doc in collection.find({"code": "b"})] == [1]
    assert collection.find_one({"code": "a"}) is None
    collection.drop()
    assert "_lookups" not in collection._store.__dict__
    collection.insert_one({"_id": 4, "code": "b"})
    assert collection.find_one({"code": "b"})["_id"] == 4
    assert lookups_of(collection._store).order == {4: 0}


def test_a_change_that_breaks_a_unique_index_is_refused_and_undone(collection: Any) -> None:
    collection.create_index([("code", 1)], unique=True)
    collection.insert_many([{"_id": 1, "code": "a"}, {"_id": 2, "code": "b"}, {"_id": 3}])
    assert collection.find_one({"code": "b"})["_id"] == 2  # builds the lookup
    with pytest.raises(mongomock.DuplicateKeyError):
        collection.update_one({"_id": 1}, {"$set": {"code": "b"}})
    with pytest.raises(mongomock.DuplicateKeyError):
        collection.update_many({"code": {"$in": ["a", None]}}, {"$set": {"code": "b"}})
    assert [doc["_id"] for doc in collection.find({"code": "a"})] == [1]
    assert [doc["_id"] for doc in collection.find({"code": "b"})] == [2]


def test_a_range_tests_only_the_documents_within_its_bounds(collection: Any) -> None:
    start = datetime(2026, 1, 1)
    collection.insert_many(
        [{"_id": n, "owner": OWNERS[0], "day": start + timedelta(days=n)} for n in range(400)]
    )
    collection.insert_many([{"_id": 400, "owner": OWNERS[0]}, {"_id": 401, "day": [start]}])
    with counting_filter_tests() as filters:
        query = {
            "owner": OWNERS[0],
            "day": {"$gte": start + timedelta(days=10), "$lt": start + timedelta(days=20)},
        }
        assert [doc["_id"] for doc in collection.find(query)] == list(range(10, 20))
        assert filters.tested == 11 + 2  # the slice (bounds included), the two no plain date
        filters.tested = 0
        either = [
            {"day": {"$lt": start + timedelta(days=3)}},
            {"day": {"$gte": start + timedelta(days=397)}},
        ]
        assert [doc["_id"] for doc in collection.find({"$or": either})] == [
            0,
            1,
            2,
            397,
            398,
            399,
            401,
        ]
        assert filters.tested == 4 + 3 + 2  # the bounds are included, the two others tested once
