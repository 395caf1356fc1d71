"""The index check: query shapes, the Equality-Sort-Range rule and what the plugin records."""

import os
import uuid
from datetime import date

import pytest
from mongomock_motor import AsyncMongoMockClient
from pymongo import DeleteOne, InsertOne, UpdateOne

from app import memory_engine
from tests.index_check import RECORDER, IndexCoverage, ShapeRecorder
from tests.query_shapes import DeclaredIndex, QueryShape, always_served, serves, shape_of


def index(*keys: str, collection: str = "rows") -> DeclaredIndex:
    """An index from keys written `field` (ascending) or `-field` (descending)."""
    return DeclaredIndex(
        collection=collection,
        name="_".join(keys),
        keys=tuple((key.lstrip("-"), -1 if key.startswith("-") else 1) for key in keys),
    )


DAY = date(2026, 6, 17)


def test_equalities_ranges_and_opaque_operators_are_told_apart() -> None:
    shape = shape_of(
        "rows",
        "find",
        {
            "clinic_id": "c1",
            "patient_active": {"$eq": True},
            "status": {"$in": ["due"]},
            "archived_at": None,
            "overdue_sort_key": {"$lte": DAY},
            "group": {"$in": ["a", "b"]},
            "$or": [{"latest_date": None}, {"latest_date": {"$gte": DAY}}],
            "$and": [{"kind": "x"}, {"size": {"$ne": 3}}],
            "$comment": "ignored",
        },
    )
    assert shape.equality == ("archived_at", "clinic_id", "kind", "patient_active", "status")
    assert shape.ranges == ("group", "latest_date", "overdue_sort_key", "size")
    assert shape.opaque == ()
    assert shape_of("rows", "find", {"$expr": {"$gt": ["$a", "$b"]}}).opaque == ("$expr",)


def test_elem_match_on_sub_documents_names_the_inner_fields() -> None:
    query = {
        "clinic_id": "c1",
        "spans": {"$elemMatch": {"status": "overdue", "starts": {"$lte": DAY}}},
        "tags": {"$elemMatch": {"$gt": 2}},
    }
    shape = shape_of("rows", "count_documents", query)
    assert shape.equality == ("clinic_id", "spans.status")
    assert shape.ranges == ("spans.starts", "tags")


def test_a_sort_on_an_equality_field_is_dropped() -> None:
    shape = shape_of("rows", "find", {"clinic_id": "c1"}, [("clinic_id", 1), ("name", -1)])
    assert shape.sort == (("name", -1),)
    assert shape.describe() == "rows.find eq(clinic_id) sort(name-)"


@pytest.mark.parametrize(
    ("query", "sort", "keys", "served"),
    [
        # equalities in any order, then the sort, then the ranges
        ({"a": 1, "b": 2}, None, ("b", "a"), True),
        ({"a": 1, "b": 2}, None, ("a", "c", "b"), False),
        ({"a": 1}, [("s", 1)], ("a", "s"), True),
        ({"a": 1}, [("s", 1), ("t", -1)], ("a", "-s", "t"), True),  # all reversed
        ({"a": 1}, [("s", 1), ("t", 1)], ("a", "s", "-t"), False),  # mixed directions
        ({"a": 1}, [("s", 1)], ("s", "a"), False),
        ({"a": 1, "r": {"$gt": 0}}, [("s", 1)], ("a", "s", "r"), True),
        ({"a": 1, "r": {"$gt": 0}}, [("s", 1)], ("a", "r", "s"), False),  # range before sort
        ({"a": 1, "r": {"$gt": 0}}, None, ("a",), False),  # a range no index holds
        ({"a": 1, "r": {"$gt": 0}, "q": {"$lt": 0}}, None, ("a", "q", "r", "z"), True),
        ({"a": 1, "r": {"$gt": 0}}, None, ("a", "s", "r"), True),  # filtered on the index keys
        ({"a": 1, "r": {"$gt": 0}}, [("s", 1)], ("a", "s", "t", "r"), True),
        ({"a": 1, "b": 2}, None, ("a", "r", "b"), False),  # an equality after a gap
        ({"a": 1, "s": {"$lte": 5}}, [("s", 1)], ("a", "s"), True),  # range on the sort key
        ({"a": 1}, None, ("a", "b", "c"), True),  # a longer index, by its prefix
        ({}, [("s", -1)], ("s",), True),
        ({}, None, ("s",), True),
    ],
)
def test_the_esr_rule(query: dict, sort: list | None, keys: tuple, served: bool) -> None:
    assert serves(index(*keys), shape_of("rows", "find", query, sort)) is served


def test_a_unique_index_matched_by_equality_finds_one_document() -> None:
    token = DeclaredIndex("rows", "token", (("token", 1),), unique=True)
    assert serves(
        token, shape_of("rows", "find_one", {"token": "t", "used": None, "n": {"$gt": 1}})
    )
    plain = DeclaredIndex("rows", "token", (("token", 1),))
    assert not serves(plain, shape_of("rows", "find_one", {"token": "t", "used": None}))
    sparse = DeclaredIndex("rows", "mrn", (("mrn", 1),), unique=True, sparse=True)
    assert not serves(sparse, shape_of("rows", "find", {"mrn": None, "clinic": 1}))


def test_id_lookups_and_single_unfiltered_reads_need_no_other_index() -> None:
    assert always_served(shape_of("rows", "update_one", {"_id": 1, "revision": 3}))
    assert always_served(shape_of("rows", "find", {"_id": {"$in": [1, 2]}, "c": 1}, "n"))
    assert not always_served(shape_of("rows", "find", {"_id": {"$gt": 1}, "c": 1}, "_id"))
    assert always_served(shape_of("rows", "find_one", {}, bounded=True))
    assert not always_served(shape_of("rows", "find", {}))
    assert not always_served(shape_of("rows", "find_one", {"$where": "1"}, bounded=True))


def test_coverage_fails_unserved_app_shapes_and_lists_unused_indexes() -> None:
    recorder = ShapeRecorder()
    served = shape_of("rows", "find", {"clinic_id": 1}, [("day", 1)])
    scan = shape_of("rows", "count_documents", {"clinic_id": 1, "past_due": {"$lt": 3}})
    recorder.product[served]["app/x.py:1 in f"] = "t::a"
    recorder.product[scan]["app/y.py:2 in g"] = "t::b"
    recorder.tests_only[shape_of("rows", "find", {"note": "x"})]["tests/t.py:3"] = "t::c"
    recorder.product[shape_of("scratch", "find", {"z": 1})]["app/z.py:1 in h"] = "t::d"
    declared = [
        DeclaredIndex("rows", "_id_", (("_id", 1),)),
        index("clinic_id", "day"),
        index("clinic_id", "status"),
    ]

    coverage = IndexCoverage(recorder, declared)

    assert list(coverage.unserved) == [scan]
    assert [shape.describe() for shape in coverage.unserved_in_tests] == ["rows.find eq(note)"]
    assert coverage.unused == [declared[2]]
    report = "\n".join(coverage.lines())
    assert "NOT SERVED: rows.count_documents eq(clinic_id) range(past_due)" in report
    assert "at app/y.py:2 in g" in report and "first in t::b" in report


@pytest.mark.skipif(
    not os.environ["MONGODB_URL"].startswith("memory://"), reason="records the in-process engine"
)
async def test_the_plugin_records_what_the_in_process_driver_is_sent() -> None:
    memory_engine.install()  # the app's engine, as create_client sets it up
    name = f"shapes_{uuid.uuid4().hex[:8]}"
    rows = AsyncMongoMockClient(tz_aware=True)["index_check_test"][name]
    await rows.bulk_write(
        [InsertOne({"k": 1, "d": 2}), UpdateOne({"k": 1}, {"$set": {"d": 3}}), DeleteOne({"k": 9})]
    )
    await rows.find({"k": 1}).sort("d", -1).limit(5).to_list(None)
    await rows.find_one({"k": 1, "d": {"$gt": 0}}, sort=[("d", 1)])
    await rows.count_documents({"k": {"$in": [1, 2]}})
    await rows.distinct("d", {"k": 1})
    await rows.aggregate([{"$match": {"k": 1}}, {"$sort": {"d": 1}}, {"$limit": 1}]).to_list(1)
    await rows.update_many({"d": {"$exists": True}}, {"$set": {"e": 1}})

    recorded = {shape.describe(): places for shape, places in RECORDER.tests_only.items()}
    for expected in [
        f"{name}.bulk_write.UpdateOne eq(k)",
        f"{name}.bulk_write.DeleteOne eq(k)",
        f"{name}.find eq(k) sort(d-)",
        f"{name}.find_one eq(k) sort(d+) range(d) limit 1",
        f"{name}.count_documents range(k)",
        f"{name}.distinct eq(k)",
        f"{name}.aggregate eq(k) sort(d+)",
        f"{name}.update_many range(d)",
    ]:
        assert expected in recorded, sorted(recorded)
        assert all(
            where.startswith("tests/test_index_coverage.py:") for where in recorded[expected]
        )
    assert isinstance(next(iter(RECORDER.tests_only)), QueryShape)
