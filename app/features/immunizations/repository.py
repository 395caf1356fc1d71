"""Every query on the immunizations feature's collections, each scoped by the caller's clinic.

Records (`ImmunizationRecord`), each child's stored forecast rows (`ForecastEntry`), group
progress (`GroupProgress`) and due status (`ChildDueStatus`) are read and written only here
(house rule 11); other features ask the immunizations service modules, which ask this one.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from beanie import Document, PydanticObjectId
from beanie.odm.utils.dump import get_dict
from pydantic import BaseModel
from pymongo import ReplaceOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from app.features.immunizations.due_rules import DoseStatus
from app.features.immunizations.models import (
    DUE_LIST_ORDER,
    ChildDueStatus,
    ForecastEntry,
    GroupProgress,
    ImmunizationRecord,
)
from app.shared.paging import fetch_page

# The due list's sort, read off its index so that the two cannot drift apart.
DUE_ORDER = tuple(f"+{field}" for field, _ in DUE_LIST_ORDER)
RowT = TypeVar("RowT", bound=BaseModel)


async def completed_records(
    clinic_id: PydanticObjectId, patient_ids: list[PydanticObjectId]
) -> dict[PydanticObjectId, list[ImmunizationRecord]]:
    """The doses that count (completed records) of these children, oldest first, in one query."""
    # Filtered and ordered here: the query stays on the (clinic, patient, ...) index prefix,
    # and the few records that do not count cost less than a second index would.
    query = {"clinic_id": clinic_id, "patient_id": {"$in": patient_ids}}
    records = await ImmunizationRecord.find(query).to_list()
    by_patient: dict[PydanticObjectId, list[ImmunizationRecord]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.date_administered, r.id)):
        if record.status == "completed":
            by_patient[record.patient_id].append(record)
    return by_patient


async def child_records(
    clinic_id: PydanticObjectId, patient_id: PydanticObjectId
) -> list[ImmunizationRecord]:
    """Every record of one child (entered in error and not-done included), oldest first."""
    query = {"patient_id": patient_id, "clinic_id": clinic_id}
    return await ImmunizationRecord.find(query).sort("+date_administered", "+_id").to_list()


async def find_record(
    clinic_id: PydanticObjectId, patient_id: PydanticObjectId, record_id: PydanticObjectId
) -> ImmunizationRecord | None:
    """One record of one child, or None."""
    return await ImmunizationRecord.find_one(
        {"_id": record_id, "patient_id": patient_id, "clinic_id": clinic_id}
    )


async def _same_day(record: ImmunizationRecord) -> list[ImmunizationRecord]:
    # The child's other records of that day (a handful), compared here on the index prefix.
    query = {
        "clinic_id": record.clinic_id,
        "patient_id": record.patient_id,
        "date_administered": record.date_administered,
    }
    return [r for r in await ImmunizationRecord.find(query).to_list() if r.id != record.id]


async def same_dose(record: ImmunizationRecord) -> ImmunizationRecord | None:
    """Another completed record of the same vaccine on the same day for the same child."""
    same = (r for r in await _same_day(record) if r.status == "completed" and r.cvx == record.cvx)
    return next(same, None)


async def same_not_done(record: ImmunizationRecord) -> ImmunizationRecord | None:
    """A not-done record of the same group, day and reason for the same child."""
    same = (
        r
        for r in await _same_day(record)
        if r.status == "not_done"
        and r.vaccine_group == record.vaccine_group
        and r.not_done_reason == record.not_done_reason
    )
    return next(same, None)


def _given(clinic_id: PydanticObjectId, first: date, last: date) -> dict[str, Any]:
    # Doses given at the clinic: administered here (not historical or reported) and counting.
    return {
        "clinic_id": clinic_id,
        "source": "administered",
        "status": "completed",
        "date_administered": {"$gte": first, "$lte": last},
    }


async def count_doses_given(clinic_id: PydanticObjectId, first: date, last: date) -> int:
    """Doses administered at the clinic from `first` to `last` (both included)."""
    return await ImmunizationRecord.find(_given(clinic_id, first, last)).count()


async def doses_given_by(
    clinic_id: PydanticObjectId, first: date, last: date, key: str
) -> list[dict[str, Any]]:
    """Doses administered at the clinic in the range, grouped by `day` or `vaccine_group`."""
    pipeline: list[dict[str, Any]] = (
        [{"$group": {"_id": "$date_administered", "doses": {"$sum": 1}}}]
        if key == "day"
        else [
            {"$unwind": "$vaccine_groups"},
            {"$group": {"_id": "$vaccine_groups", "doses": {"$sum": 1}}},
        ]
    )
    query = ImmunizationRecord.find(_given(clinic_id, first, last))
    rows: list[dict[str, Any]] = await query.aggregate(pipeline).to_list()
    return rows


async def replace_child_rows(
    clinic_id: PydanticObjectId,
    patient_ids: list[PydanticObjectId],
    entries: Sequence[ForecastEntry],
    progress: Sequence[GroupProgress],
    statuses: Sequence[ChildDueStatus],
) -> None:
    """Replace the stored forecast rows, group progress and due status of these children."""
    await _replace(ForecastEntry, clinic_id, patient_ids, entries)
    await _replace(GroupProgress, clinic_id, patient_ids, progress)
    if statuses:
        # One document per child, keyed by its id: one round trip of upserts replaces them.
        await ChildDueStatus.get_motor_collection().bulk_write(
            [
                ReplaceOne(
                    {"_id": status.id, "clinic_id": clinic_id},
                    get_dict(status, to_db=True),
                    upsert=True,
                )
                for status in statuses
            ],
            ordered=False,
        )


async def children_with_due_status(
    clinic_id: PydanticObjectId, patient_ids: list[PydanticObjectId]
) -> set[PydanticObjectId]:
    """Which of these children have a stored due status (lookups by id)."""
    if not patient_ids:
        return set()
    query = {"_id": {"$in": patient_ids}, "clinic_id": clinic_id}
    return {PydanticObjectId(found) for found in await ChildDueStatus.distinct("_id", query)}


async def _replace(
    model: type[Document],
    clinic_id: PydanticObjectId,
    patient_ids: list[PydanticObjectId],
    rows: Sequence[Any],
) -> None:
    # Two round trips (delete, insert) on MongoDB and the in-process engine alike. A concurrent
    # refresh of the same child trips the unique (clinic, patient, group) key: the replacement
    # is then run once more, so the last writer's complete set stands.
    for attempt in (1, 2):
        await model.find({"clinic_id": clinic_id, "patient_id": {"$in": patient_ids}}).delete()
        try:
            if rows:
                await model.insert_many([row.model_copy() for row in rows])
            return
        except (BulkWriteError, DuplicateKeyError):
            if attempt == 2:
                raise


async def active_entries_page(
    clinic_id: PydanticObjectId, conditions: list[dict[str, Any]], page: int, size: int
) -> tuple[list[ForecastEntry], int]:
    """A page of the clinic's active children's forecast rows meeting every condition."""
    query = {"$and": [{"clinic_id": clinic_id, "patient_active": True}, *conditions]}
    return await fetch_page(ForecastEntry, query, sort=DUE_ORDER, page=page, size=size)


async def active_entries(
    clinic_id: PydanticObjectId, condition: dict[str, Any], projection: type[RowT]
) -> list[RowT]:
    """The clinic's active children's forecast rows meeting `condition`, read as `projection`."""
    query = {"clinic_id": clinic_id, "patient_active": True, **condition}
    return await ForecastEntry.find(query, projection_model=projection).to_list()


async def count_children_on(clinic_id: PydanticObjectId, status: DoseStatus, day: date) -> int:
    """Active children of the clinic whose stored spans say `status` on `day`."""
    span = {"status": status, "starts": {"$lte": day}, "ends": {"$gte": day}}
    query = {"clinic_id": clinic_id, "patient_active": True, "spans": {"$elemMatch": span}}
    return await ChildDueStatus.find(query).count()


# The (group, valid doses, status, timely birth dose) combinations a cohort's progress counts by.
_PROGRESS_KEY = {
    "group": "$vaccine_group",
    "doses": "$valid_doses",
    "status": "$status",
    "birth": "$birth_dose_timely",
}
_PROGRESS_FIGURES = (
    "at_least_1",
    "at_least_2",
    "at_least_3",
    "at_least_4",
    "complete",
    "birth_dose",
)


async def progress_by_group(
    clinic_id: PydanticObjectId, born_from: date, born_to: date
) -> list[dict[str, Any]]:
    """Per vaccine group, active children born in the range with at least 1..4 valid doses,
    with the series complete, and with a timely birth dose (one aggregation on the cohort)."""
    # Counted by plain fields (a few dozen combinations), folded into the figures here: no
    # expression evaluated per child, on MongoDB or on the in-process engine.
    pipeline: list[dict[str, Any]] = [{"$group": {"_id": _PROGRESS_KEY, "children": {"$sum": 1}}}]
    cohort = {
        "clinic_id": clinic_id,
        "patient_active": True,
        "date_of_birth": {"$gte": born_from, "$lte": born_to},
    }
    counted: list[dict[str, Any]] = await GroupProgress.find(cohort).aggregate(pipeline).to_list()
    by_group: dict[str, dict[str, Any]] = {}
    for row in counted:
        key, children = row["_id"], int(row["children"])
        figures = by_group.setdefault(
            key["group"],
            {"_id": key["group"], **dict.fromkeys(_PROGRESS_FIGURES, 0)},
        )
        for n in (1, 2, 3, 4):
            if key.get("doses", 0) >= n:
                figures[f"at_least_{n}"] += children
        figures["complete"] += children if key.get("status") == "complete" else 0
        figures["birth_dose"] += children if key.get("birth") else 0
    return list(by_group.values())


async def records_with_identifiers(
    clinic_id: PydanticObjectId, patient_id: PydanticObjectId, keys: list[str]
) -> list[ImmunizationRecord]:
    """The child's records carrying any of the `system|value` identifiers in `keys`."""
    # One read for a whole import, on the (clinic, patient, identifiers) index.
    if not keys:
        return []
    query = {"clinic_id": clinic_id, "patient_id": patient_id, "identifiers": {"$in": keys}}
    return await ImmunizationRecord.find(query).to_list()
