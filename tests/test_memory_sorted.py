"""Index-ordered reads of the in-process engine: mongomock's sorted results, walking a slice."""

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import mongomock
import pytest
from bson import ObjectId
from mongomock import helpers

from app import memory_engine, memory_filter
from app.memory_indexes import lookups_of

MATCHING = memory_filter.matching

OWNERS = [ObjectId() for _ in range(4)]
KINDS = ["due", "late", "done", None]
SIZE = 300


def random_document(rng: random.Random, n: int) -> dict[str, Any]:
    document: dict[str, Any] = {
        "_id": ObjectId(),
        "owner": rng.choice(OWNERS),
        "score": rng.choice([rng.randint(0, 9), rng.randint(0, 9) + 0.5, "x", None]),
        "at": datetime(2026, 1, 1) + timedelta(hours=rng.randint(0, 40)),
        "n": n,
    }
    kind = rng.choice(KINDS)
    if kind is not None or rng.random() < 0.5:
        document["kind"] = kind  # null, or missing: they sort and match together
    return document


@pytest.fixture
def rows() -> Iterator[Any]:
    """A collection with two compound indexes and varied documents, ties included."""
    memory_engine.install()
    rng = random.Random(7)
    collection = mongomock.MongoClient(tz_aware=True)["sorted_test"]["rows"]
    collection.create_index([("owner", 1), ("kind", 1), ("score", 1), ("_id", 1)])
    collection.create_index([("owner", 1), ("at", -1)])
    collection.insert_many([random_document(rng, n) for n in range(SIZE)])
    yield collection


def expected(collection: Any, spec: dict, sort: list, skip: int = 0, limit: int = 0) -> list:
    """What mongomock's own `_get_dataset` gives: every match, sorted once per key."""
    spec = helpers.patch_datetime_awareness_in_document(spec)
    found = list(memory_engine.mongomock_get_dataset(collection, spec, sort, None, dict))
    found = found[skip:]
    return [doc["n"] for doc in (found[:limit] if limit else found)]


def found(collection: Any, spec: dict, sort: list, skip: int = 0, limit: int = 0) -> list:
    return [doc["n"] for doc in collection.find(spec, sort=sort, skip=skip, limit=limit)]


QUERIES: list[tuple[dict, list]] = [
    ({"owner": OWNERS[0]}, [("kind", 1), ("score", 1), ("_id", 1)]),
    ({"owner": OWNERS[1], "kind": "due"}, [("score", 1), ("_id", 1)]),
    ({"owner": OWNERS[1], "kind": None}, [("score", -1), ("_id", -1)]),
    ({"owner": OWNERS[2], "kind": "late"}, [("score", -1)]),  # ties: natural order kept
    ({"owner": OWNERS[2]}, [("kind", -1)]),
    ({"owner": OWNERS[3]}, [("at", -1)]),
    ({"owner": OWNERS[3]}, [("at", 1)]),
    ({"owner": OWNERS[0], "score": {"$gte": 3}}, [("kind", 1), ("score", 1), ("_id", 1)]),
    ({"owner": {"$eq": OWNERS[0]}, "kind": "done"}, [("score", 1), ("_id", 1)]),
    ({"owner": OWNERS[0], "$or": [{"kind": "due"}, {"score": "x"}]}, [("kind", 1)]),
]


@pytest.mark.parametrize(("spec", "sort"), QUERIES)
@pytest.mark.parametrize(("skip", "limit"), [(0, 0), (0, 5), (3, 7), (1000, 5)])
def test_a_walk_along_an_index_gives_mongomocks_order(
    rows: Any, spec: dict, sort: list, skip: int, limit: int
) -> None:
    assert found(rows, spec, sort, skip, limit) == expected(rows, spec, sort, skip, limit)


def test_a_page_tests_only_about_a_page_of_documents(rows: Any) -> None:
    spec, sort = {"owner": OWNERS[0]}, [("kind", 1), ("score", 1), ("_id", 1)]
    tested: list[int] = []

    def matching_lazily(documents: Iterator[dict], query: dict, applies: Any) -> Any:
        counted = (tested.append(1) or document for document in documents)
        return MATCHING(counted, query, applies)

    memory_filter.matching = matching_lazily  # type: ignore[assignment]
    try:
        page = found(rows, spec, sort, limit=5)
    finally:
        memory_filter.matching = MATCHING  # type: ignore[assignment]
    assert page == expected(rows, spec, sort, limit=5)
    # Every document of the slice matches: the walk stopped after the page.
    assert len(tested) == 5
    assert len(list(rows.find(spec))) > 50  # of a slice of many more


def test_the_order_follows_inserts_updates_and_deletes(rows: Any) -> None:
    rng = random.Random(3)
    spec, sort = {"owner": OWNERS[1]}, [("kind", 1), ("score", 1), ("_id", 1)]
    assert found(rows, spec, sort) == expected(rows, spec, sort)
    for step in range(60):
        roll = rng.random()
        if roll < 0.3:
            rows.insert_one(random_document(rng, SIZE + step))
        elif roll < 0.6:
            rows.update_many(
                {"n": {"$lt": rng.randint(0, SIZE)}, "kind": "due"},
                {"$set": {"score": rng.randint(0, 9)}},
            )
        elif roll < 0.8:
            rows.update_one(
                {"n": rng.randint(0, SIZE)}, {"$set": {"owner": OWNERS[1], "kind": None}}
            )
        else:
            rows.delete_one({"n": rng.randint(0, SIZE)})
        assert found(rows, spec, sort, limit=10) == expected(rows, spec, sort, limit=10)


def test_an_array_value_turns_the_walk_off_until_it_is_gone(rows: Any) -> None:
    spec, sort = {"owner": OWNERS[2], "kind": "due"}, [("score", 1), ("_id", 1)]
    first = rows.find_one(spec)
    # An array matches an equality by any element but sorts by its first: no slice holds it.
    rows.update_one({"_id": first["_id"]}, {"$set": {"kind": ["late", "due"]}})
    lookup = lookups_of(rows._store).ordered(("owner", "kind", "score", "_id"))
    assert not lookup.usable
    assert found(rows, spec, sort) == expected(rows, spec, sort)
    rows.update_one({"_id": first["_id"]}, {"$set": {"kind": "due"}})
    assert lookup.usable
    assert found(rows, spec, sort) == expected(rows, spec, sort)


@pytest.mark.parametrize(
    "spec",
    [{"owner": OWNERS[0], "kind": 1}, {"owner": OWNERS[0], "kind": True}, {"kind": "due"}],
)
def test_queries_no_slice_can_answer_are_sorted_as_before(rows: Any, spec: dict) -> None:
    sort = [("score", 1), ("_id", 1)]
    assert found(rows, spec, sort) == expected(rows, spec, sort)
    assert lookups_of(rows._store).in_sort_order(spec, sort) is None


def test_mixed_directions_are_sorted_as_before(rows: Any) -> None:
    spec, sort = {"owner": OWNERS[0]}, [("kind", 1), ("score", -1)]
    assert found(rows, spec, sort) == expected(rows, spec, sort)
    assert lookups_of(rows._store).in_sort_order(spec, sort) is None


@pytest.mark.parametrize(
    "spec",
    [
        {"owner": OWNERS[0]},
        {"owner": OWNERS[1], "kind": "due"},
        {"kind": "late", "owner": OWNERS[2]},  # any order of the fields
        {"owner": OWNERS[3], "kind": None},  # null and missing together
        {"owner": {"$eq": OWNERS[0]}, "kind": "done"},
        {"owner": ObjectId()},
        {"owner": OWNERS[0], "score": 3},  # not an index's leading fields: mongomock counts
        {"owner": OWNERS[0], "kind": {"$in": ["due", "late"]}},
        {"kind": "due"},
        {},
    ],
)
def test_counts_of_equalities_are_mongomocks(rows: Any, spec: dict) -> None:
    expected_count = len(expected(rows, spec, [("n", 1)]))
    assert rows.count_documents(spec) == expected_count
    rows.update_one({"owner": OWNERS[0]}, {"$set": {"kind": "due", "owner": OWNERS[1]}})
    rows.delete_one({"owner": OWNERS[3]})
    assert rows.count_documents(spec) == len(expected(rows, spec, [("n", 1)]))


def test_a_count_with_skip_or_limit_is_mongomocks(rows: Any) -> None:
    spec = {"owner": OWNERS[0]}
    total = len(expected(rows, spec, [("n", 1)]))
    assert rows.count_documents(spec, skip=10) == total - 10
    assert rows.count_documents(spec, limit=3) == 3
    with pytest.raises(mongomock.OperationFailure):
        rows.count_documents(spec, limit=0)


def test_a_count_of_leading_index_equalities_is_read_off_a_slice(rows: Any) -> None:
    lookups = lookups_of(rows._store)
    assert lookups.count_of_equalities({"owner": OWNERS[1], "kind": "due"}) is not None
    assert lookups.count_of_equalities({"owner": OWNERS[0], "score": 3}) is None


def test_an_index_with_a_dotted_field_before_the_sort_is_not_walked(rows: Any) -> None:
    # A dotted field names a value inside a sub-document, which an ordered lookup cannot read.
    rows.create_index([("owner", 1), ("profile.kind", 1), ("n", -1)])
    rows.update_many({"owner": OWNERS[0]}, {"$set": {"profile": {"kind": "due"}}})
    spec, sort = {"owner": OWNERS[0], "profile.kind": "due"}, [("n", -1)]
    assert found(rows, spec, sort, limit=5) == expected(rows, spec, sort, limit=5)
    assert len(found(rows, spec, sort)) > 0
    assert lookups_of(rows._store).in_sort_order(spec, sort) is None
