"""HTTP routes of the notifications feature (`/api/v1/notifications`)."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicAdmin, CurrentUser
from app.features.notifications import service
from app.features.notifications.schemas import (
    NotificationRead,
    OutboxRead,
    Preferences,
    PreferencesUpdate,
    RunRequest,
    RunResult,
    UnsubscribeRequest,
)
from app.shared.schemas import Message, Page, error_responses

router = APIRouter(
    prefix="/notifications", tags=["notifications"], responses=error_responses(401, 422)
)


@router.get("")
async def list_inbox(
    user: CurrentUser,
    pagination: Pagination,
    unread: Annotated[bool, Query(description="Only unread items")] = False,
) -> Page[NotificationRead]:
    """The signed-in user's inbox, newest first."""
    items, total = await service.list_inbox(
        user=user, unread_only=unread, page=pagination.page, size=pagination.size
    )
    return Page.of([NotificationRead.model_validate(i) for i in items], total, pagination)


@router.post("/read-all")
async def mark_all_read(user: CurrentUser) -> Message:
    """Mark every notification of the signed-in user read."""
    count = await service.mark_all_read(user=user)
    return Message(message=f"{count} notification(s) marked read")


@router.get("/preferences")
async def read_preferences(user: CurrentUser) -> Preferences:
    """Which reminder emails the signed-in user receives."""
    preference = await service.get_preferences(user=user)
    return Preferences.model_validate(preference)


@router.put("/preferences")
async def update_preferences(body: PreferencesUpdate, user: CurrentUser) -> Preferences:
    """Choose which reminder emails to receive."""
    preference = await service.set_preferences(
        user=user, dose=body.email_dose_reminders, milestone=body.email_milestone_reminders
    )
    return Preferences.model_validate(preference)


@router.post("/unsubscribe", responses=error_responses(400))
async def unsubscribe(body: UnsubscribeRequest) -> Message:
    """One-click opt-out from reminder emails (no sign-in; the token proves the address)."""
    await service.unsubscribe(token=body.token)
    return Message(message="You will no longer receive reminder emails at this address.")


@router.get("/outbox", responses=error_responses(403))
async def list_outbox(admin: ClinicAdmin, pagination: Pagination) -> Page[OutboxRead]:
    """The clinic's emails and their delivery state, newest first (admin)."""
    items, total = await service.list_outbox(
        clinic_id=admin.clinic_id, page=pagination.page, size=pagination.size
    )
    return Page.of([OutboxRead.model_validate(e) for e in items], total, pagination)


@router.post("/reminders/run", responses=error_responses(403))
async def run_reminders(admin: ClinicAdmin, body: RunRequest | None = None) -> RunResult:
    """Run the clinic's reminders now (admin): what was created, sent, failed and skipped."""
    as_of = body.as_of if body is not None else None
    return await service.run_reminders(clinic_id=admin.clinic_id, as_of=as_of)


@router.post(
    "/{notification_id}/read", status_code=status.HTTP_200_OK, responses=error_responses(404)
)
async def mark_read(notification_id: str, user: CurrentUser) -> NotificationRead:
    """Mark one of one's own notifications read."""
    notification = await service.mark_read(user=user, notification_id=notification_id)
    return NotificationRead.model_validate(notification)
