"""Finding due reminders and running them a batch of children at a time, exactly once.

A clinic's run costs a fixed number of queries whatever its size: two for the dose rows, one
for the milestone checklists, then at most six per batch of children (claims read and written,
children, preferences, inbox, outbox), then the delivery of the outbox in leased batches.
"""

import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

from beanie import PydanticObjectId

from app.features.clinic import service as clinic_service
from app.features.clinic.models import Clinic
from app.features.immunizations import due_rules, reminder_rows
from app.features.milestones import service as milestones_service
from app.features.notifications import claims, delivery, emails, messages
from app.features.notifications.claims import Reminder
from app.features.notifications.schemas import RunResult
from app.features.patients import service as patients_service
from app.features.patients.models import Patient
from app.shared.time import latest_birth_date_at_age, local_today, utc_now

logger = logging.getLogger("app.reminders")

OVERDUE_REPEAT = timedelta(days=14)
MAX_OVERDUE_REMINDERS = 3
# A checklist invitation is still worth sending this long after the birthday month.
CHECKLIST_WINDOW = timedelta(days=14)
# Children per batch: each batch costs the same few queries, whatever is in it.
BATCH_SIZE = 250


def _dose_reminder(row: reminder_rows.ReminderRow, today: date, until: date) -> Reminder | None:
    base = f"{row.patient_id}:{row.vaccine_group}:{row.dose_number}"
    status = due_rules.dose_status(row, today, until)
    if status == "overdue" and row.past_due_date is not None:
        occurrence = min((today - row.past_due_date) // OVERDUE_REPEAT, MAX_OVERDUE_REMINDERS - 1)
        dose = emails.DueDose(row.vaccine_group, row.dose_number, row.past_due_date, True)
        return Reminder(f"{base}:dose_overdue:{occurrence}", row.patient_id, "dose_overdue", dose)
    if status == "due" and row.recommended_date is not None:
        # Due now (recommended on or before today, not yet past due) or coming up: one reminder
        # per dose under one key, so a child reminded before the date is not reminded again,
        # and a child registered after it (never reminded) is told it is due today.
        on = max(row.recommended_date, today)
        dose = emails.DueDose(row.vaccine_group, row.dose_number, on, False)
        return Reminder(f"{base}:dose_upcoming:0", row.patient_id, "dose_upcoming", dose)
    return None


async def dose_reminders(clinic: Clinic, today: date) -> list[Reminder]:
    """Doses of the clinic's active children due now or within the reminder days, or overdue."""
    assert clinic.id is not None
    until = today + timedelta(days=clinic.reminder_days_before)
    rows = await reminder_rows.overdue_rows(clinic_id=clinic.id, today=today)
    rows += await reminder_rows.due_rows(clinic_id=clinic.id, today=today, until=until)
    found = [_dose_reminder(row, today, until) for row in rows]
    return [r for r in found if r is not None]


async def checklist_reminders(
    clinic: Clinic, today: date
) -> tuple[list[Reminder], dict[PydanticObjectId, Patient]]:
    """Children who reached a milestone checklist age within the last two weeks, and them."""
    assert clinic.id is not None
    periods = {}
    for age in milestones_service.checklist_ages():
        born_latest = latest_birth_date_at_age(today, age)
        periods[age] = (born_latest - CHECKLIST_WINDOW, born_latest)
    children = await patients_service.active_children_born_in(
        clinic_id=clinic.id, periods=list(periods.values())
    )
    reminders = []
    for child in children:
        assert child.id is not None
        for age, (after, until) in periods.items():
            if after < child.date_of_birth <= until:
                key = f"{child.id}:milestone_checklist:{age}"
                reminders.append(Reminder(key, child.id, "milestone_checklist", checklist_age=age))
    return reminders, {child.id: child for child in children if child.id is not None}


def _batches(reminders: list[Reminder]) -> list[list[Reminder]]:
    """The reminders grouped by child, BATCH_SIZE children at a time (in a stable order)."""
    by_child: dict[PydanticObjectId, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_child[reminder.patient_id].append(reminder)
    ordered = sorted(by_child, key=str)
    return [
        [r for child_id in ordered[start : start + BATCH_SIZE] for r in by_child[child_id]]
        for start in range(0, len(ordered), BATCH_SIZE)
    ]


async def run_for_clinic(clinic: Clinic, today: date) -> tuple[int, int]:
    """Find, claim and notify one clinic's reminders for `today`; returns (created, skipped)."""
    assert clinic.id is not None
    checklists, known = await checklist_reminders(clinic, today)
    found = await dose_reminders(clinic, today) + checklists
    created = won = 0
    for batch in _batches(found):
        claimed = await claims.claim(batch, clinic_id=clinic.id, today=today)
        created += await messages.notify(clinic, claimed, known)
        won += len(claimed)
    return created, len(found) - won


async def _clinics(clinic_id: PydanticObjectId | None) -> AsyncIterator[Clinic]:
    """The one clinic asked for, or every clinic."""
    if clinic_id is not None:
        yield await clinic_service.get_clinic(clinic_id=clinic_id)
        return
    async for clinic in clinic_service.every_clinic():
        yield clinic


async def run_due_reminders(
    now: datetime, *, clinic_id: PydanticObjectId | None = None, as_of: date | None = None
) -> RunResult:
    """Create every reminder due (each clinic on its own local date), then deliver the outbox."""
    created = skipped = 0
    async for clinic in _clinics(clinic_id):
        try:
            today = as_of or local_today(clinic.timezone, now)
            made, already = await run_for_clinic(clinic, today)
        except Exception:
            # One loop serves every clinic: a clinic whose run fails must not stop the others.
            if clinic_id is not None:
                raise
            logger.exception(
                "reminders failed for a clinic", extra={"fields": {"clinic_id": str(clinic.id)}}
            )
            continue
        created, skipped = created + made, skipped + already
    # Mail queued just now is due at once, even when `now` was read before it was queued.
    sent, failed = await delivery.deliver_due(max(now, utc_now()))
    return RunResult(created=created, sent=sent, failed=failed, skipped=skipped)
