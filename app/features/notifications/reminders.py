"""Finding due reminders, claiming them exactly once, and turning them into messages."""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from app.core.email import OutgoingEmail, failure_reason
from app.features.clinic.models import Clinic
from app.features.immunizations.models import ForecastEntry
from app.features.milestones import service as milestones_service
from app.features.notifications import delivery, emails
from app.features.notifications.models import EmailPreference, Notification, ReminderClaim
from app.features.notifications.preferences import opted_in
from app.features.notifications.schemas import RunResult
from app.features.patients.models import Patient
from app.shared.time import latest_birth_date_at_age, local_today, utc_now

logger = logging.getLogger("app.reminders")

OVERDUE_REPEAT = timedelta(days=14)
MAX_OVERDUE_REMINDERS = 3
# A checklist invitation is still worth sending this long after the birthday month.
CHECKLIST_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Reminder:
    """One thing to remind a child's guardians of, with its exactly-once key."""

    key: str
    patient_id: PydanticObjectId
    kind: str  # dose_upcoming, dose_overdue or milestone_checklist
    dose: emails.DueDose | None = None
    checklist_age: int | None = None


def _dose_reminder(entry: ForecastEntry, today: date, reminder_days: int) -> Reminder | None:
    base = f"{entry.patient_id}:{entry.vaccine_group}:{entry.dose_number}"
    if entry.past_due_date is not None and entry.past_due_date <= today:
        occurrence = min((today - entry.past_due_date) // OVERDUE_REPEAT, MAX_OVERDUE_REMINDERS - 1)
        dose = emails.DueDose(entry.vaccine_group, entry.dose_number, entry.past_due_date, True)
        return Reminder(f"{base}:dose_overdue:{occurrence}", entry.patient_id, "dose_overdue", dose)
    if entry.recommended_date and today < entry.recommended_date <= today + timedelta(
        reminder_days
    ):
        dose = emails.DueDose(entry.vaccine_group, entry.dose_number, entry.recommended_date, False)
        return Reminder(f"{base}:dose_upcoming:0", entry.patient_id, "dose_upcoming", dose)
    return None


async def dose_reminders(clinic: Clinic, today: date) -> list[Reminder]:
    """Doses of the clinic's active children coming up within the reminder days, or overdue."""
    horizon = today + timedelta(days=clinic.reminder_days_before)
    query: dict[str, Any] = {
        "$and": [
            {"clinic_id": clinic.id, "patient_active": True},
            {"$or": [{"latest_date": None}, {"latest_date": {"$gte": today}}]},
            {
                "$or": [
                    {"past_due_date": {"$lte": today}},
                    {"recommended_date": {"$gt": today, "$lte": horizon}},
                ]
            },
        ]
    }
    entries = await ForecastEntry.find(query).to_list()
    found = [_dose_reminder(e, today, clinic.reminder_days_before) for e in entries]
    return [r for r in found if r is not None]


async def checklist_reminders(clinic: Clinic, today: date) -> list[Reminder]:
    """Children who reached a milestone checklist age within the last two weeks."""
    reminders = []
    for age in milestones_service.checklist_ages():
        born_latest = latest_birth_date_at_age(today, age)
        born = {"$gt": born_latest - CHECKLIST_WINDOW, "$lte": born_latest}
        query = {"clinic_id": clinic.id, "status": "active", "date_of_birth": born}
        for patient in await Patient.find(query).to_list():
            assert patient.id is not None
            key = f"{patient.id}:milestone_checklist:{age}"
            reminders.append(Reminder(key, patient.id, "milestone_checklist", checklist_age=age))
    return reminders


async def claim(reminders: list[Reminder], clinic: Clinic, today: date) -> list[Reminder]:
    """The reminders this run won: a key already in the database was sent before."""
    won = []
    for reminder in reminders:
        try:
            await ReminderClaim(
                key=reminder.key,
                clinic_id=clinic.id,
                patient_id=reminder.patient_id,
                kind=reminder.kind,
                on_day=today,
            ).insert()
        except DuplicateKeyError:
            continue
        won.append(reminder)
    return won


@dataclass(frozen=True)
class Message:
    """One message about one child, built per recipient (the opt-out link is theirs)."""

    kind: str
    preference: str  # the EmailPreference flag that lets it be emailed
    build: Callable[..., OutgoingEmail]


def _messages(clinic: Clinic, patient: Patient, reminders: list[Reminder]) -> list[Message]:
    """All doses due together go in one message; each checklist age gets its own."""
    name = patient.first_name
    doses = [r.dose for r in reminders if r.dose is not None]
    messages = []
    if doses:
        kind = "dose_overdue" if any(d.overdue for d in doses) else "dose_upcoming"
        build = partial(emails.dose_reminder, clinic, child_first_name=name, doses=doses)
        messages.append(Message(kind, "email_dose_reminders", build))
    for age in sorted({r.checklist_age for r in reminders if r.checklist_age is not None}):
        build = partial(emails.milestone_checklist, clinic, child_first_name=name, age_months=age)
        messages.append(Message("milestone_checklist", "email_milestone_reminders", build))
    return messages


async def _deliver(
    clinic: Clinic, patient: Patient, message: Message, preferences: dict[str, EmailPreference]
) -> int:
    created = 0
    for guardian in patient.active_guardians:
        try:
            email = message.build(to=guardian.email or "")
        except Exception as exc:  # stored data no check has seen: fail this one message only
            assert clinic.id is not None and patient.id is not None
            await delivery.record_unbuildable(
                clinic_id=clinic.id,
                patient_id=patient.id,
                kind=message.kind,
                to=guardian.email or "",
                reason=failure_reason(exc),
            )
            continue
        if guardian.user_id is not None:
            await Notification(
                user_id=guardian.user_id,
                clinic_id=clinic.id,
                patient_id=patient.id,
                kind=message.kind,
                title=email.subject,
                body=email.text.split("\n\nStop these reminders")[0],
            ).insert()
            created += 1
        if guardian.email and getattr(preferences[guardian.email], message.preference):
            assert clinic.id is not None and patient.id is not None
            await delivery.queue(
                clinic_id=clinic.id, patient_id=patient.id, kind=message.kind, email=email
            )
            created += 1
    return created


async def notify(clinic: Clinic, won: list[Reminder]) -> int:
    """In-app to guardians with portal access, email to those who have not opted out."""
    by_patient: dict[PydanticObjectId, list[Reminder]] = defaultdict(list)
    for reminder in won:
        by_patient[reminder.patient_id].append(reminder)
    patients = await Patient.find({"_id": {"$in": list(by_patient)}}).to_list()
    addresses = sorted({g.email for p in patients for g in p.active_guardians if g.email})
    preferences = await opted_in(addresses)
    created = 0
    for patient in patients:
        for message in _messages(clinic, patient, by_patient[patient.id]):  # type: ignore[index]
            created += await _deliver(clinic, patient, message, preferences)
    return created


async def run_for_clinic(clinic: Clinic, today: date) -> tuple[int, int]:
    """Find, claim and notify one clinic's reminders for `today`; returns (created, skipped)."""
    found = await dose_reminders(clinic, today) + await checklist_reminders(clinic, today)
    won = await claim(found, clinic, today)
    return await notify(clinic, won), len(found) - len(won)


async def run_due_reminders(
    now: datetime, *, clinic_id: PydanticObjectId | None = None, as_of: date | None = None
) -> RunResult:
    """Create every reminder due (each clinic on its own local date), then deliver the outbox."""
    query: dict[str, Any] = {"_id": clinic_id} if clinic_id else {}
    created = skipped = 0
    async for clinic in Clinic.find(query):
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
