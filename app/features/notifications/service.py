"""The inbox, email preferences, the clinic's outbox, and the reminder loop."""

import asyncio
import logging
from datetime import date
from typing import Any

from beanie import PydanticObjectId

from app.core.outbox import OutboxEmail
from app.features.auth.models import User
from app.features.auth.sessions import actor_of
from app.features.notifications import preferences, reminders
from app.features.notifications.exceptions import NotificationNotFound
from app.features.notifications.models import EmailPreference, Notification
from app.features.notifications.schemas import RunResult
from app.features.patients import service as patients_service
from app.shared.ids import parse_id
from app.shared.paging import fetch_page
from app.shared.time import utc_now

logger = logging.getLogger("app.reminders")


async def _readable(user: User) -> dict[str, Any]:
    """The user's notifications that are about no child, or about a child they may see now.

    A guardian who is removed, or whose email is changed, loses the child; what the inbox
    received about the child before then goes with it (kept on record, never shown).
    """
    about = await Notification.distinct("patient_id", {"user_id": user.id})
    children = [patient_id for patient_id in about if patient_id is not None]
    visible = await patients_service.visible_patient_ids(
        viewer=actor_of(user), patient_ids=children
    )
    return {"user_id": user.id, "$or": [{"patient_id": None}, {"patient_id": {"$in": visible}}]}


async def list_inbox(
    *, user: User, unread_only: bool, page: int, size: int
) -> tuple[list[Notification], int]:
    """A page of the user's readable notifications, newest first."""
    query = await _readable(user)
    if unread_only:
        query["read_at"] = None
    items, total = await fetch_page(
        Notification, query, sort=("-created_at", "-_id"), page=page, size=size
    )
    return items, total


async def mark_read(*, user: User, notification_id: str) -> Notification:
    """Mark one of the user's readable notifications read; any other id is unknown (404)."""
    object_id = parse_id(notification_id, NotificationNotFound)
    notification = await Notification.find_one({"_id": object_id, **await _readable(user)})
    if notification is None:
        raise NotificationNotFound()
    if notification.read_at is None:
        notification.read_at = utc_now()
        await notification.save()
    return notification


async def mark_all_read(*, user: User) -> int:
    """Mark every unread readable notification of the user read; returns how many."""
    result = await Notification.find({**await _readable(user), "read_at": None}).update(
        {"$set": {"read_at": utc_now()}}
    )
    return getattr(result, "modified_count", 0)


async def get_preferences(*, user: User) -> EmailPreference:
    """The user's reminder email preferences."""
    return await preferences.preference_of(user.email)


async def set_preferences(*, user: User, dose: bool, milestone: bool) -> EmailPreference:
    """Change the user's reminder email preferences."""
    return await preferences.set_preference(user.email, dose=dose, milestone=milestone)


async def unsubscribe(*, token: str) -> None:
    """Apply a one-click opt-out link."""
    await preferences.unsubscribe(token)


async def list_outbox(
    *, clinic_id: PydanticObjectId, page: int, size: int
) -> tuple[list[OutboxEmail], int]:
    """A page of the clinic's emails, newest first."""
    query = {"clinic_id": clinic_id}
    items, total = await fetch_page(
        OutboxEmail, query, sort=("-created_at", "-_id"), page=page, size=size
    )
    return items, total


async def run_reminders(*, clinic_id: PydanticObjectId, as_of: date | None) -> RunResult:
    """Run one clinic's reminders now (or as of a day), then deliver due email."""
    return await reminders.run_due_reminders(utc_now(), clinic_id=clinic_id, as_of=as_of)


async def reminder_loop(interval_seconds: int) -> None:
    """Run every clinic's reminders forever, every `interval_seconds` (started by the lifespan)."""
    while True:
        try:
            result = await reminders.run_due_reminders(utc_now())
            logger.info("reminders run", extra={"fields": result.model_dump()})
        except Exception:  # the loop must outlive one bad run; the next run retries
            logger.exception("reminder run failed")
        await asyncio.sleep(interval_seconds)
