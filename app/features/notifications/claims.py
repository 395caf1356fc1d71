"""Claiming reminders exactly once, a batch at a time: the unique key decides who sends."""

from dataclasses import dataclass
from datetime import date

from beanie import PydanticObjectId
from pymongo.errors import BulkWriteError

from app.features.notifications.emails import DueDose
from app.features.notifications.models import ReminderClaim

DUPLICATE_KEY = 11000


@dataclass(frozen=True)
class Reminder:
    """One thing to remind a child's guardians of, with its exactly-once key."""

    key: str
    patient_id: PydanticObjectId
    kind: str  # dose_upcoming, dose_overdue or milestone_checklist
    dose: DueDose | None = None
    checklist_age: int | None = None


async def claim(
    reminders: list[Reminder], *, clinic_id: PydanticObjectId, today: date
) -> list[Reminder]:
    """The reminders this run won, in two queries: a key already stored was sent before.

    The read skips what earlier runs claimed; the unordered insert stores the rest, and a key
    that a concurrent run stored in between fails on the unique index and is left to that run.
    """
    if not reminders:
        return []
    keys = [r.key for r in reminders]
    taken = set(await ReminderClaim.distinct("key", {"key": {"$in": keys}}))
    new = [r for r in reminders if r.key not in taken]
    if not new:
        return []
    claims = [
        ReminderClaim(
            key=r.key, clinic_id=clinic_id, patient_id=r.patient_id, kind=r.kind, on_day=today
        )
        for r in new
    ]
    try:
        await ReminderClaim.insert_many(claims, ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(e.get("code") != DUPLICATE_KEY for e in errors):
            raise
        lost = {e["index"] for e in errors}
        return [r for i, r in enumerate(new) if i not in lost]
    return new
