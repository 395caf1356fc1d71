"""The clinic's due and overdue worklist, answered from the stored forecast dates."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from beanie import PydanticObjectId

from app.core import audit
from app.core.audit import Actor
from app.features.immunizations.forecasts import clinic_schedule
from app.features.immunizations.models import ForecastEntry
from app.features.patients.models import Guardian, Patient
from app.shared.time import calendar_age

DueStatus = Literal["due", "overdue"]
CSV_ROW_LIMIT = 50_000


@dataclass(frozen=True)
class DueItem:
    """One child's next dose of one vaccine group, with the child and their primary guardian."""

    entry: ForecastEntry
    patient: Patient
    guardian: Guardian | None
    age_months: int
    days_overdue: int
    status: DueStatus


def _query(
    clinic_id: PydanticObjectId,
    today: date,
    date_from: date | None,
    date_to: date,
    status: DueStatus | None,
    vaccine_group: str | None,
) -> dict[str, Any]:
    overdue = {"past_due_date": {"$lte": today}}
    # Due: recommended by `to` (already due, or coming up) and not yet past due. `from`
    # narrows the window when given; a dose due since before it still counts as due.
    recommended: dict[str, date] = {"$lte": date_to}
    if date_from is not None:
        recommended["$gte"] = date_from
    due = {"recommended_date": recommended, "overdue_sort_key": {"$gt": today}}
    wanted = {"overdue": overdue, "due": due}.get(status or "", {"$or": [overdue, due]})
    conditions: list[dict[str, Any]] = [
        {"clinic_id": clinic_id, "patient_active": True},
        # A dose whose latest date has passed can no longer be given: not on a worklist.
        {"$or": [{"latest_date": None}, {"latest_date": {"$gte": today}}]},
        wanted,
    ]
    if vaccine_group:
        conditions.append({"vaccine_group": vaccine_group})
    return {"$and": conditions}


async def due_list(
    *,
    viewer: Actor,
    date_from: date | None,
    date_to: date | None,
    status: DueStatus | None,
    vaccine_group: str | None,
    page: int,
    size: int,
    audit_action: str,
    as_of: date | None = None,
) -> tuple[list[DueItem], int, date]:
    """Children due by `to` (default: in 30 days) or overdue today, most overdue first.

    Two indexed queries whatever the clinic's size: the page of forecast rows, then its children.
    The read (names and guardian contacts of many children) is audited as `audit_action`.
    """
    assert viewer.clinic_id is not None
    _, clinic_today = await clinic_schedule(viewer.clinic_id)
    today = as_of or clinic_today
    end = date_to or today + timedelta(days=30)
    query = _query(viewer.clinic_id, today, date_from, end, status, vaccine_group)
    total = await ForecastEntry.find(query).count()
    entries = (
        await ForecastEntry.find(query)
        .sort("+overdue_sort_key", "+recommended_date", "+_id")
        .skip((page - 1) * size)
        .limit(size)
        .to_list()
    )
    items = await _items(entries, today)
    await audit.record_bulk_read(
        audit_action,
        actor=viewer,
        query={
            "from": date_from,
            "to": date_to,
            "status": status,
            "vaccine_group": vaccine_group,
            "as_of": as_of,
        },
    )
    return items, total, today


async def _items(entries: list[ForecastEntry], today: date) -> list[DueItem]:
    ids = list({e.patient_id for e in entries})
    patients = {p.id: p for p in await Patient.find({"_id": {"$in": ids}}).to_list()}
    items = []
    for entry in entries:
        patient = patients.get(entry.patient_id)
        if patient is None:
            continue
        years, months, _ = calendar_age(patient.date_of_birth, today)
        overdue = entry.past_due_date is not None and entry.past_due_date <= today
        items.append(
            DueItem(
                entry=entry,
                patient=patient,
                guardian=next((g for g in patient.active_guardians if g.is_primary), None),
                age_months=years * 12 + months,
                days_overdue=(today - entry.past_due_date).days
                if overdue and entry.past_due_date
                else 0,
                status="overdue" if overdue else "due",
            )
        )
    return items
