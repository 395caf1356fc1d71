"""Figures about a clinic's children and doses, for reports: indexed counts and aggregations.

Each answer costs a fixed number of queries bounded by what is asked (a day, a cohort, a date
range), never a pass over every child of the clinic.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from beanie import PydanticObjectId

from app.features.immunizations import repository


@dataclass(frozen=True)
class DueCounts:
    """Active children overdue on a day, and those due within `DUE_SOON_DAYS` (not overdue)."""

    overdue: int
    due_soon: int


async def due_counts(*, clinic_id: PydanticObjectId, day: date) -> DueCounts:
    """Children overdue, and due soon, on `day`: two counts on the stored due status."""
    return DueCounts(
        overdue=await repository.count_children_on(clinic_id, "overdue", day),
        due_soon=await repository.count_children_on(clinic_id, "due", day),
    )


async def doses_given(*, clinic_id: PydanticObjectId, first: date, last: date) -> int:
    """Doses administered at the clinic from `first` to `last`, both included."""
    return await repository.count_doses_given(clinic_id, first, last)


async def doses_given_by_month(
    *, clinic_id: PydanticObjectId, first: date, last: date
) -> Counter[str]:
    """Doses administered at the clinic in the range, by month (`YYYY-MM`)."""
    # One row per day from the database, folded into months here (at most 31 per month).
    by_month: Counter[str] = Counter()
    for row in await repository.doses_given_by(clinic_id, first, last, "day"):
        by_month[row["_id"].strftime("%Y-%m")] += int(row["doses"])
    return by_month


async def doses_given_by_group(
    *, clinic_id: PydanticObjectId, first: date, last: date
) -> Counter[str]:
    """Doses administered at the clinic in the range, by vaccine group (a dose may count twice)."""
    rows = await repository.doses_given_by(clinic_id, first, last, "vaccine_group")
    return Counter({str(row["_id"]): int(row["doses"]) for row in rows})


async def cohort_progress(
    *, clinic_id: PydanticObjectId, born_from: date, born_to: date
) -> dict[str, dict[str, Any]]:
    """Per vaccine group: `at_least_1`..`at_least_4` valid doses, `complete`, `birth_dose`."""
    rows = await repository.progress_by_group(clinic_id, born_from, born_to)
    return {str(row["_id"]): row for row in rows}
