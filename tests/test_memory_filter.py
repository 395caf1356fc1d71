"""The in-process engine's quick filter selects exactly what mongomock's filter selects."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from beanie import PydanticObjectId
from bson import ObjectId
from mongomock.filtering import filter_applies

from app import memory_filter

IDS = [ObjectId() for _ in range(3)]
DAYS = [datetime(2026, 1, 1) + timedelta(days=n) for n in range(4)]
# Values of every kind the quick tests must decide, or leave to mongomock.
VALUES: list[Any] = [
    "a",
    "b",
    "",
    0,
    1,
    2,
    1.0,
    2.5,
    True,
    False,
    None,
    *IDS,
    PydanticObjectId(str(IDS[0])),
    *DAYS,
    DAYS[1].replace(tzinfo=UTC),  # zoned: always mongomock's to decide
    [1, 2],
    ["a"],
    [],
    {"x": 1},
]


def _document(rng: random.Random, number: int) -> dict[str, Any]:
    document: dict[str, Any] = {"_id": number}
    for field in ("f", "g"):
        if rng.random() < 0.85:  # sometimes missing
            document[field] = rng.choice(VALUES)
    return document


def _condition(rng: random.Random) -> Any:
    value = rng.choice(VALUES)
    kind = rng.randrange(6)
    if kind == 0:
        return value
    if kind == 1:
        return {"$eq": value}
    if kind == 2:
        return {"$in": rng.sample(VALUES, rng.randint(1, 4))}
    if kind == 3:
        low, high = sorted(rng.sample(range(len(DAYS)), 2))
        return {"$gte": DAYS[low], "$lt": DAYS[high]}
    if kind == 4:
        return {rng.choice(["$gt", "$gte", "$lt", "$lte"]): value}
    return {"$ne": value}  # not a quick test: the whole filter is mongomock's


def _query(rng: random.Random) -> dict[str, Any]:
    query = {field: _condition(rng) for field in rng.sample(["f", "g"], rng.randint(0, 2))}
    if rng.random() < 0.3:
        return {"$and": [query, {"f": _condition(rng)}]}
    return query


def _mongomock(query: dict[str, Any], documents: list[dict[str, Any]]) -> list[int] | str:
    try:
        return [d["_id"] for d in documents if filter_applies(query, d)]
    except Exception as error:  # a filter mongomock refuses must be refused the same way
        return type(error).__name__


def _quick(query: dict[str, Any], documents: list[dict[str, Any]]) -> list[int] | str:
    try:
        return [d["_id"] for d in memory_filter.matching(documents, query, filter_applies)]
    except Exception as error:
        return type(error).__name__


@pytest.mark.parametrize("seed", range(8))
def test_quick_tests_select_what_mongomock_selects(seed: int) -> None:
    rng = random.Random(seed)
    documents = [_document(rng, n) for n in range(150)]
    for _ in range(150):
        query = _query(rng)
        assert _quick(query, documents) == _mongomock(query, documents), query


def test_the_apps_common_filters_are_quick() -> None:
    clinic = PydanticObjectId()
    doses = {
        "clinic_id": clinic,
        "source": "administered",
        "status": "completed",
        "date_administered": {"$gte": DAYS[0], "$lte": DAYS[2]},
    }
    cohort = {"$and": [{"clinic_id": clinic, "patient_active": True}, {"patient_id": {"$in": IDS}}]}
    assert memory_filter.compile_filter(doses) is not None
    assert memory_filter.compile_filter(cohort) is not None
    # Stored by the bulk seed as PydanticObjectId, asked for as ObjectId: decided quickly.
    stored = {"clinic_id": clinic, "source": "administered", "status": "completed"}
    tests = memory_filter.compile_filter({**doses, "clinic_id": ObjectId(str(clinic))})
    assert tests is not None
    assert memory_filter.applies(tests, {**stored, "date_administered": DAYS[1]}) is True
    assert memory_filter.applies(tests, {**stored, "date_administered": DAYS[3]}) is False
    # An array, a missing field or another number type: mongomock decides.
    assert memory_filter.applies(tests, {**stored, "date_administered": [DAYS[1]]}) is None
    assert memory_filter.applies(tests, {**stored}) is None


def test_other_operators_are_left_to_mongomock() -> None:
    for query in (
        {"$or": [{"f": 1}]},
        {"f": {"$exists": True}},
        {"f.g": 1},
        {"f": {"$in": []}},
        {"f": None},
        {"f": {"x": 1}},
        {"f": {"$elemMatch": {"x": 1}}},
        {"f": {"$gte": 1, "$lt": "b"}},
    ):
        assert memory_filter.compile_filter(query) is None, query
