"""The in-process engine's aggregations: mongomock's results, from fewer copied documents."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import mongomock
import pytest
from mongomock.aggregate import process_pipeline

from app import memory_aggregate, memory_engine
from app.memory_aggregate import fields_read


@pytest.fixture(scope="module")
def records() -> Iterator[Any]:
    memory_engine.install()
    rng = random.Random(7)
    collection = mongomock.MongoClient(tz_aware=True)["aggregate_test"]["records"]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    collection.insert_many(
        [
            {
                "clinic": rng.choice("ab"),
                "day": start + timedelta(days=rng.randint(0, 40)),
                "groups": rng.sample(["dtap", "polio", "hib"], rng.randint(0, 3)),
                "doses": rng.randint(0, 4),
                "status": rng.choice(["complete", "in_progress", None]),
                "notes": {"long": "x" * 50, "when": start},
            }
            for _ in range(300)
        ]
    )
    yield collection


PIPELINES: list[list[dict[str, Any]]] = [
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$day", "n": {"$sum": 1}}}],
    [
        {"$match": {"clinic": "b", "day": {"$gte": datetime(2026, 1, 10, tzinfo=UTC)}}},
        {"$unwind": "$groups"},
        {"$group": {"_id": "$groups", "n": {"$sum": 1}}},
        {"$sort": {"_id": 1}},
    ],
    [
        {"$match": {"clinic": "a"}},
        {
            "$group": {
                "_id": "$status",
                "two": {"$sum": {"$cond": [{"$gte": ["$doses", 2]}, 1, 0]}},
                "latest": {"$max": "$day"},
            }
        },
    ],
    [{"$match": {"doses": {"$lt": 2}}}, {"$match": {"status": "complete"}}, {"$count": "n"}],
    [{"$match": {"clinic": "a"}}, {"$project": {"day": 1}}, {"$limit": 3}],  # no fold
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": None, "all": {"$push": "$$ROOT"}}}],
    [{"$match": {"clinic": "b"}}, {"$sort": {"doses": -1}}, {"$limit": 2}],
    # Counting groups, counted by the shim itself: by one field (a missing one is null), by
    # several (a missing one is left out of the key), of everything, after an $unwind.
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}],
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$absent", "n": {"$sum": 1}}}],
    [
        {"$match": {"day": {"$lt": datetime(2026, 1, 20, tzinfo=UTC)}}},
        {
            "$group": {
                "_id": {"c": "$clinic", "d": "$doses", "s": "$status", "x": "$absent"},
                "n": {"$sum": 1},
                "m": {"$sum": 1},
            }
        },
        {"$sort": {"n": -1}},
    ],
    [{"$match": {"clinic": "z"}}, {"$group": {"_id": None, "n": {"$sum": 1}}}],
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$day", "n": {"$sum": 1}}}],
    [
        {"$match": {"clinic": "b"}},
        {"$unwind": "$groups"},
        {"$group": {"_id": {"g": "$groups", "c": "$clinic"}, "n": {"$sum": 1}}},
    ],
    # Not counting groups (left to mongomock): a sum of a field, a key of a sub-document.
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$status", "n": {"$sum": "$doses"}}}],
    [{"$match": {"clinic": "a"}}, {"$group": {"_id": "$notes", "n": {"$sum": 1}}}],
]


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_aggregations_give_what_mongomock_gives(records: Any, pipeline: list) -> None:
    everything = list(memory_engine.MongomockCursor(records, {}))
    expected = list(process_pipeline(everything, records.database, pipeline, None))
    assert list(records.aggregate(pipeline)) == expected


def test_only_folding_pipelines_copy_fewer_fields() -> None:
    assert fields_read(PIPELINES[0][1:]) == {"day"}
    assert fields_read(PIPELINES[1][1:]) == {"groups"}
    assert fields_read(PIPELINES[2][1:]) == {"status", "doses", "day"}
    assert fields_read(PIPELINES[3][1:]) == {"status"}  # the leading $match is find()'s
    assert fields_read(PIPELINES[4][1:]) is None  # whole documents reach the result
    assert fields_read(PIPELINES[5][1:]) is None  # $$ROOT: the whole document
    assert fields_read(PIPELINES[6][1:]) is None


def test_a_grouping_copies_only_the_fields_it_reads(
    records: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict] = []
    original = memory_aggregate.process_pipeline

    def spying(documents: list, *args: Any) -> Any:
        seen.extend(documents)
        return original(documents, *args)

    monkeypatch.setattr(memory_aggregate, "process_pipeline", spying)
    list(records.aggregate(PIPELINES[2]))
    assert seen and all(set(doc) <= {"_id", "status", "doses", "day"} for doc in seen)
    assert len(seen) == records.count_documents({"clinic": "a"})


def test_a_counting_group_reads_only_its_fields(
    records: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict] = []
    original = memory_aggregate.count_groups

    def spying(documents: list, spec: Any) -> Any:
        seen.extend(documents)
        return original(documents, spec)

    monkeypatch.setattr(memory_aggregate, "count_groups", spying)
    list(records.aggregate(PIPELINES[0]))
    assert seen and all(set(doc) == {"_id", "day"} for doc in seen)
    assert len(seen) == records.count_documents({"clinic": "a"})


def test_counting_groups_are_counted_by_the_shim() -> None:
    documents = [{"_id": 1, "k": "b"}, {"_id": 2, "k": "a"}, {"_id": 3}, {"_id": 4, "k": "a"}]
    counted = memory_aggregate.count_groups(documents, {"_id": "$k", "n": {"$sum": 1}})
    assert counted == [{"n": 1, "_id": None}, {"n": 2, "_id": "a"}, {"n": 1, "_id": "b"}]
    # What mongomock must do itself: sums that are not counts, keys Python compares otherwise.
    assert memory_aggregate.count_groups(documents, {"_id": "$k", "n": {"$sum": True}}) is None
    assert memory_aggregate.count_groups(documents, {"_id": "$k", "n": {"$sum": "$k"}}) is None
    mixed = [{"_id": 1, "k": True}, {"_id": 2, "k": 1}]
    assert memory_aggregate.count_groups(mixed, {"_id": "$k", "n": {"$sum": 1}}) is None
    nested = [{"_id": 1, "k": [1, 2]}]
    assert memory_aggregate.count_groups(nested, {"_id": "$k", "n": {"$sum": 1}}) is None
