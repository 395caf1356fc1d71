"""Request and response models of the notifications feature."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StrictBool, model_validator

from app.core.outbox import EmailStatus
from app.shared.schemas import IdStr, IsoDate, ReadModel, RequestModel
from app.shared.text import SingleLine


class NotificationRead(ReadModel):
    """An inbox item."""

    id: IdStr
    kind: str
    title: str
    body: str
    patient_id: IdStr | None
    created_at: datetime
    read_at: datetime | None


class Preferences(ReadModel):
    """Which reminder emails the signed-in user receives."""

    email_dose_reminders: bool
    email_milestone_reminders: bool


class PreferencesUpdate(RequestModel):
    """New email preferences."""

    # Strict: the schema says boolean, so 0, 1 or "yes" are refused rather than coerced.
    email_dose_reminders: StrictBool
    email_milestone_reminders: StrictBool


class UnsubscribeRequest(RequestModel):
    """The token of a one-click opt-out link."""

    token: Annotated[str, Field(min_length=1, max_length=1000), SingleLine]


class OutboxRead(ReadModel):
    """One email the clinic sent or tried to send."""

    id: IdStr
    to: str
    kind: str
    subject: str
    status: EmailStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None

    @model_validator(mode="after")
    def _next_attempt_only_while_queued(self) -> "OutboxRead":
        if self.status != "queued":
            self.next_attempt_at = None
        return self


class RunRequest(RequestModel):
    """Run the reminders as of a day (default: today in the clinic)."""

    as_of: IsoDate | None = None


class RunResult(BaseModel):
    """What one reminder run did."""

    created: int
    sent: int
    failed: int
    skipped: int
