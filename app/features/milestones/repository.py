"""The milestones feature's queries; every one is scoped by the clinic that owns the data."""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from beanie import PydanticObjectId
from pydantic import BaseModel

from app.features.milestones.models import MilestoneObservation, StoredConcernPeriod
from app.features.milestones.rules import Status
from app.shared.paging import fetch_page

# The clinic's list order: the most urgent concern first (kind, then the longest overdue,
# then the item), then by name; the child's id keeps pages from overlapping.
LIST_ORDER = ("+kind_rank", "+since", "+code", "+last_name", "+first_name", "+patient_id")


class ObservedFact(BaseModel):
    """The fields of an observation the concern rules need."""

    patient_id: PydanticObjectId
    code: str
    status: Status
    observed_on: date
    recorded_at: datetime


async def observations_of(
    clinic_id: PydanticObjectId, patient_id: PydanticObjectId
) -> list[MilestoneObservation]:
    """Every observation of one child (a few dozen: the caller filters them by date)."""
    query = {"clinic_id": clinic_id, "patient_id": patient_id}
    return await MilestoneObservation.find(query).to_list()


async def facts_by_patient(
    clinic_id: PydanticObjectId, patient_ids: list[PydanticObjectId]
) -> dict[PydanticObjectId, list[ObservedFact]]:
    """The observations of these children of the clinic, in one query, by child."""
    by_patient: dict[PydanticObjectId, list[ObservedFact]] = defaultdict(list)
    if not patient_ids:
        return by_patient
    query = {"clinic_id": clinic_id, "patient_id": {"$in": patient_ids}}
    for fact in await MilestoneObservation.find(query).project(ObservedFact).to_list():
        by_patient[fact.patient_id].append(fact)
    return by_patient


def _current(clinic_id: PydanticObjectId, day: date) -> dict[str, Any]:
    return {"clinic_id": clinic_id, "starts_on": {"$lte": day}, "ends_on": {"$gt": day}}


async def current_periods_page(
    clinic_id: PydanticObjectId, day: date, *, page: int, size: int
) -> tuple[list[StoredConcernPeriod], int]:
    """A page of the clinic's periods containing `day` (one per child), in list order."""
    return await fetch_page(
        StoredConcernPeriod, _current(clinic_id, day), sort=LIST_ORDER, page=page, size=size
    )


async def count_current_periods(clinic_id: PydanticObjectId, day: date) -> int:
    """How many of the clinic's children have a concern on `day`."""
    return await StoredConcernPeriod.find(_current(clinic_id, day)).count()


async def replace_periods(
    clinic_id: PydanticObjectId,
    patient_ids: list[PydanticObjectId],
    revision: PydanticObjectId,
    periods: list[StoredConcernPeriod],
) -> None:
    """Store these children's periods of `revision` in place of older ones.

    Two computations of a child can overlap (two observations recorded at once): each
    inserts its periods, then removes the older revisions, then withdraws its own if a newer
    revision was stored meanwhile, so the child converges on the newest computation whatever
    the order the writes finish in. A reader may briefly see both; nothing is left doubled.
    """
    scope = {"clinic_id": clinic_id, "patient_id": {"$in": patient_ids}}
    if periods:
        await StoredConcernPeriod.insert_many(periods)
    await StoredConcernPeriod.find({**scope, "revision": {"$lt": revision}}).delete()
    superseded = await StoredConcernPeriod.distinct(
        "patient_id", {**scope, "revision": {"$gt": revision}}
    )
    if superseded and periods:
        await StoredConcernPeriod.find(
            {"clinic_id": clinic_id, "patient_id": {"$in": superseded}, "revision": revision}
        ).delete()


async def history_page(
    clinic_id: PydanticObjectId, patient_id: PydanticObjectId, code: str, *, page: int, size: int
) -> tuple[list[MilestoneObservation], int]:
    """A page of one child's observations of one item, newest first, and the total."""
    query = {"clinic_id": clinic_id, "patient_id": patient_id, "code": code}
    return await fetch_page(
        MilestoneObservation,
        query,
        sort=("-observed_on", "-recorded_at", "-_id"),
        page=page,
        size=size,
    )
