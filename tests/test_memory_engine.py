"""The in-process engine's shims: the same results as mongomock's own code, for linear work."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import mongomock
import pytest
from bson import ObjectId
from mongomock import helpers
from mongomock.aggregate import process_pipeline
from mongomock_motor import AsyncMongoMockClient
from pymongo import DeleteOne, InsertOne, ReplaceOne, UpdateMany, UpdateOne

from app import memory_aggregate, memory_engine

DOCUMENTS = 200


@pytest.fixture(scope="module")
def collection() -> Iterator[Any]:
    """A mongomock collection of varied documents, with the shims installed."""
    memory_engine.install()
    rng = random.Random(12)
    people = mongomock.MongoClient(tz_aware=True)["shim_test"]["people"]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    people.insert_many(
        [
            {
                "n": n,
                "group": rng.choice(["a", "b", "c"]),
                "score": rng.randint(0, 20),
                "seen_at": start + timedelta(hours=rng.randint(0, 500)),
                "tags": rng.sample(["x", "y", "z"], rng.randint(0, 2)),
            }
            for n in range(DOCUMENTS)
        ]
    )
    yield people


def mongomock_find(collection: Any, spec: dict, **options: Any) -> list[dict]:
    """What mongomock's own cursor returns for this query (the behaviour before the shim)."""
    cursor = memory_engine.MongomockCursor(
        collection,
        spec,
        options.get("sort"),
        options.get("projection"),
        options.get("skip", 0),
        options.get("limit", 0),
    )
    return list(cursor)


QUERIES: list[tuple[dict, dict]] = [
    ({}, {}),
    ({"group": "a"}, {}),
    ({}, {"sort": [("score", 1), ("n", -1)]}),
    ({"group": {"$in": ["a", "c"]}}, {"sort": [("seen_at", -1)], "skip": 7, "limit": 11}),
    ({}, {"sort": [("score", -1)], "limit": 5}),
    ({}, {"skip": 190, "limit": 50}),
    ({}, {"skip": 500}),
    ({"score": {"$gte": 10}}, {"sort": [("n", 1)], "skip": 3}),
    ({"tags": "x"}, {"limit": -4}),
    ({"group": "b"}, {"projection": {"score": 1, "_id": 0}, "sort": [("score", 1)], "limit": 9}),
    ({"group": "none"}, {"limit": 3}),
]


@pytest.mark.parametrize(("spec", "options"), QUERIES)
def test_find_returns_what_mongomock_returns(collection: Any, spec: dict, options: dict) -> None:
    shimmed = list(collection.find(spec, **options))
    assert shimmed == mongomock_find(collection, spec, **options)
    assert isinstance(collection.find(spec), memory_engine.SliceOnceCursor)


def test_chained_sort_skip_limit_and_rewind_match_mongomock(collection: Any) -> None:
    cursor = collection.find({"group": "c"}).sort("seen_at", 1).skip(4).limit(6)
    first = list(cursor)
    cursor.rewind()
    assert list(cursor) == first
    expected = mongomock_find(collection, {"group": "c"}, sort=[("seen_at", 1)], skip=4, limit=6)
    assert first == expected
    assert all(doc["seen_at"].tzinfo is not None for doc in first)


def test_a_page_is_sliced_once_not_once_per_document(collection: Any) -> None:
    slices = 0
    cursor = collection.find({}, sort=[("n", 1)], skip=10)
    compute = cursor._compute_results

    def counted(*args: Any, **kwargs: Any) -> list[dict]:
        nonlocal slices
        slices += 1
        return compute(*args, **kwargs)

    cursor._compute_results = counted
    assert len(list(cursor)) == DOCUMENTS - 10
    assert slices == 1  # mongomock's own cursor calls it once per document (190 times)


@pytest.fixture
def copies(collection: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the documents mongomock deep-copies out of its store."""
    counter = [0]
    copy = collection._copy_only_fields

    def counted(*args: Any) -> dict:
        counter[0] += 1
        return copy(*args)

    monkeypatch.setattr(collection, "_copy_only_fields", counted)
    return counter


def test_a_limited_page_copies_only_skip_plus_limit_documents(
    collection: Any, copies: list[int]
) -> None:
    page = list(collection.find({}, sort=[("score", 1), ("n", 1)], skip=20, limit=5))
    assert copies[0] == 25  # mongomock's own cursor copies all 200 first
    assert page == mongomock_find(collection, {}, sort=[("score", 1), ("n", 1)], skip=20, limit=5)


def test_find_one_copies_one_document(collection: Any, copies: list[int]) -> None:
    found = collection.find_one({"group": "a"}, sort=[("score", -1), ("n", 1)])
    assert copies[0] == 1
    expected = mongomock_find(collection, {"group": "a"}, sort=[("score", -1), ("n", 1)])
    assert found == expected[0]
    assert collection.find_one({"group": "none"}) is None
    assert collection.find_one(expected[0]["_id"]) == expected[0]


def test_aggregate_copies_only_what_its_first_match_selects(
    collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[dict] = []
    select = memory_aggregate._selected

    def selecting(*args: Any) -> list[dict]:
        copied.extend(select(*args))
        return copied

    monkeypatch.setattr(memory_aggregate, "_selected", selecting)
    pipeline = [
        {"$match": {"group": "b", "score": {"$lt": 5}}},
        {"$group": {"_id": "$score", "count": {"$sum": 1}}},
        {"$sort": {"_id": 1}},
    ]
    result = list(collection.aggregate(pipeline))
    selected = collection.count_documents(pipeline[0]["$match"])
    assert len(copied) == selected < DOCUMENTS
    assert all(set(document) == {"_id", "score"} for document in copied)
    everything = mongomock_find(collection, {})
    assert result == list(process_pipeline(everything, collection.database, pipeline, None))
    assert sum(row["count"] for row in result) == selected


def test_aggregate_matching_on_dates_gives_what_mongomock_gives(collection: Any) -> None:
    since = datetime(2026, 1, 10, tzinfo=UTC)
    pipeline = [
        {"$match": {"seen_at": {"$gte": since}, "group": {"$ne": "c"}}},
        {"$project": {"seen_at": 1, "n": 1}},
        {"$sort": {"seen_at": -1, "n": 1}},
    ]
    result = list(collection.aggregate(pipeline))
    everything = mongomock_find(collection, {})
    assert result == list(process_pipeline(everything, collection.database, pipeline, None))
    assert result and all(row["seen_at"] >= since for row in result)


def test_aggregate_without_a_leading_match_still_sees_every_document(collection: Any) -> None:
    result = list(collection.aggregate([{"$group": {"_id": None, "count": {"$sum": 1}}}]))
    assert result == [{"_id": None, "count": DOCUMENTS}]


async def test_motor_cursor_of_the_in_process_engine_uses_the_shim() -> None:
    memory_engine.install()
    numbers = AsyncMongoMockClient(tz_aware=True)["shim_test"]["numbers"]
    await numbers.insert_many([{"n": n, "odd": n % 2} for n in range(30)])
    cursor = numbers.find({"odd": 1}, sort=[("n", -1)], skip=2, limit=4)
    assert [doc["n"] async for doc in cursor] == [25, 23, 21, 19]
    assert (await numbers.find_one({"odd": 0}, sort=[("n", -1)]))["n"] == 28


async def test_bulk_writes_of_current_pymongo_run_on_the_in_process_engine() -> None:
    memory_engine.install()
    rows = AsyncMongoMockClient(tz_aware=True)["shim_test"]["bulk"]
    await rows.insert_many([{"_id": n, "v": 0} for n in range(5)])
    result = await rows.bulk_write(
        [
            UpdateOne({"_id": 1}, {"$set": {"v": 1}}),
            UpdateOne({"_id": 9}, {"$set": {"v": 9}}, upsert=True),
            ReplaceOne({"_id": 2}, {"v": 2}),
            UpdateMany({"_id": {"$gte": 3}}, {"$inc": {"v": 3}}),
            DeleteOne({"_id": 0}),
            InsertOne({"_id": 10, "v": 10}),
        ]
    )
    assert (result.matched_count, result.upserted_count, result.deleted_count) == (5, 1, 1)
    values = {doc["_id"]: doc["v"] async for doc in rows.find({}, sort=[("_id", 1)])}
    assert values == {1: 1, 2: 2, 3: 3, 4: 3, 9: 12, 10: 10}
    with pytest.raises(NotImplementedError):
        await rows.bulk_write([UpdateOne({"v": 3}, {"$set": {"v": 4}}, sort={"_id": -1})])


def mixed_value(rng: random.Random) -> Any:
    """A value of any type a document may hold, repeats likely (to test ties)."""
    return rng.choice(
        [
            None,
            rng.randint(-3, 3),
            rng.choice([0.5, 2.0, -1.5]),
            rng.choice([True, False]),
            rng.choice(["", "a", "B", "ab"]),
            datetime(2026, 1, rng.randint(1, 3)),
            rng.choice(
                [ObjectId("64b000000000000000000001"), ObjectId("64b000000000000000000002")]
            ),
            {"k": rng.randint(0, 2)},
            [],
            [rng.randint(0, 3), "x"],
            [{"k": 1}],
        ]
    )


@pytest.mark.parametrize("seed", range(5))
def test_native_sort_key_orders_exactly_as_mongomock(seed: int) -> None:
    rng = random.Random(seed)
    documents = []
    for n in range(300):
        document: dict[str, Any] = {"n": n, "sub": {"v": mixed_value(rng)}}
        if rng.random() < 0.9:
            document["v"] = mixed_value(rng)
        documents.append(document)
    for key in ("v", "sub.v", "absent"):
        for reverse in (False, True):
            expected = sorted(
                documents, key=lambda d: memory_engine.mongomock_sort_key(key, d), reverse=reverse
            )
            ordered = sorted(
                documents, key=lambda d: memory_engine.native_sort_key(key, d), reverse=reverse
            )
            assert [d["n"] for d in ordered] == [d["n"] for d in expected], (key, reverse)


@pytest.mark.parametrize("seed", range(3))
def test_quick_bson_comparable_orders_exactly_as_mongomock(seed: int) -> None:
    rng = random.Random(seed)
    values = [mixed_value(rng) for _ in range(300)]
    expected = sorted(values, key=memory_engine.MongomockBsonComparable)
    assert sorted(values, key=memory_engine.QuickBsonComparable) == expected


PROJECTIONS: list[Any] = [
    None,
    {"group": 1, "score": 1, "tags": 1},
    {"_id": 1, "profile": True, "absent": 1},
    {"_id": 0, "group": 1},  # mongomock's own code from here on
    {"group": 0},
    {"profile.name": 1},
    {"tags": {"$slice": 1}},
    {},
]


@pytest.mark.parametrize("projection", PROJECTIONS, ids=str)
def test_projected_copies_are_mongomocks(projection: Any) -> None:
    memory_engine.install()
    stored = {
        "_id": ObjectId(),
        "group": "a",
        "score": 2.5,
        "tags": ["x", {"deep": [1, datetime(2026, 1, 1)]}],
        "profile": {"name": "Ada", "born": datetime(2020, 1, 1), "flags": [True, None]},
    }
    collection = mongomock.MongoClient()["copy_test"]["rows"]
    expected = memory_engine.mongomock_copy_only_fields(
        collection, stored, copy_of(projection), dict
    )
    copied = memory_engine.copy_only_fields(collection, stored, copy_of(projection), dict)
    assert copied == expected
    assert list(copied) == list(expected)  # the same key order
    # A copy: changing what it holds leaves the stored document as it was.
    for value in copied.values():
        if isinstance(value, list | dict):
            value.clear()
    assert stored["tags"] == ["x", {"deep": [1, datetime(2026, 1, 1)]}]
    assert stored["profile"]["flags"] == [True, None]


def copy_of(projection: Any) -> Any:
    return dict(projection) if isinstance(projection, dict) else projection


def _datetimes(value: Any) -> Iterator[datetime]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _datetimes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _datetimes(item)
    elif isinstance(value, datetime):
        yield value


@pytest.mark.parametrize("projection", PROJECTIONS, ids=str)
def test_timezone_aware_copies_are_made_in_one_pass_as_mongomock_makes_them(
    projection: Any,
) -> None:
    memory_engine.install()
    stored = {
        "_id": ObjectId(),
        "at": datetime(2026, 3, 1, 8, 30),
        "tags": ["x", {"deep": [1, datetime(2026, 1, 1)]}],
        "profile": {"name": "Ada", "born": datetime(2020, 1, 1)},
    }
    collection = mongomock.MongoClient(tz_aware=True)["aware_test"]["rows"]
    mongomocks = memory_engine.mongomock_copy_only_fields(
        collection, stored, copy_of(projection), dict
    )
    expected = helpers.make_datetime_timezone_aware_in_document(mongomocks)
    copied = memory_engine.copy_only_fields(collection, stored, copy_of(projection), dict)
    assert copied == expected
    assert [d.tzinfo for d in _datetimes(copied)] == [d.tzinfo for d in _datetimes(expected)]
    assert all(d.tzinfo is not None for d in _datetimes(copied))
    assert all(d.tzinfo is None for d in _datetimes(stored))  # the store keeps naive UTC


def test_a_tz_aware_find_returns_aware_datetimes_once_copied(collection: Any) -> None:
    found = list(collection.find({"group": "a"}, sort=[("n", 1)], limit=5))
    assert found == mongomock_find(collection, {"group": "a"}, sort=[("n", 1)], limit=5)
    assert found and all(doc["seen_at"].tzinfo is not None for doc in found)


BY_ID_FILTERS: list[Any] = [
    lambda doc: {"_id": doc["_id"]},
    lambda doc: {"_id": doc["_id"], "group": doc["group"]},
    lambda doc: {"_id": doc["_id"], "group": "nobody"},
    lambda doc: {"_id": doc["_id"], "score": {"$gte": 0}, "tags": {"$size": len(doc["tags"])}},
    lambda doc: {"_id": ObjectId()},
    lambda doc: {"_id": {"$in": [doc["_id"]]}},  # not one plain id: a find answers it
    lambda doc: doc["_id"],  # a bare id, as pymongo allows
]


@pytest.mark.parametrize("make_filter", BY_ID_FILTERS)
@pytest.mark.parametrize("projection", [None, {"group": 1, "seen_at": 1}, {"group": 0}])
def test_find_one_by_id_is_what_a_find_returns(
    collection: Any, make_filter: Any, projection: Any
) -> None:
    stored = collection.find_one({"n": 17})
    spec = make_filter(stored)
    got = collection.find_one(spec, projection=copy_of(projection))
    spec = spec if isinstance(spec, dict) else {"_id": spec}
    cursor = collection.find(spec, projection=copy_of(projection)).limit(-1)
    assert got == next(iter(cursor), None)
    if got is not None and "seen_at" in got:
        assert got["seen_at"].tzinfo is not None


def test_find_one_by_a_plain_id_reads_the_store_directly(collection: Any) -> None:
    stored = collection.find_one({"n": 3})
    direct = memory_engine._read_by_id(collection, {"_id": stored["_id"]}, None)
    assert direct == stored
    assert memory_engine._read_by_id(collection, {"n": 3}, None) is memory_engine._UNANSWERED
