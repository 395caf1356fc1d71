"""The outbox: every email the system sends, with its delivery state, per clinic."""

import re
from datetime import datetime
from typing import Literal

import pymongo
from beanie import Document, PydanticObjectId
from pydantic import Field

from app.shared.time import utc_now

EmailStatus = Literal["queued", "sent", "failed", "logged"]
_TOKEN_IN_LINK = re.compile(r"([?&]token=)[^\s\"'<>&]+")


def without_links(text: str) -> str:
    """The text with every single-use token in a link removed (the outbox must not leak them)."""
    return _TOKEN_IN_LINK.sub(r"\1[removed]", text)


class OutboxEmail(Document):
    """One email to one recipient: account mail (recorded as sent) or a reminder (queued)."""

    clinic_id: PydanticObjectId | None = None
    patient_id: PydanticObjectId | None = None
    to: str
    kind: str
    subject: str
    text: str
    html: str | None = None
    status: EmailStatus = "queued"
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime = Field(default_factory=utc_now)
    lease_until: datetime | None = None
    # Which delivery run holds the lease: a run leases a batch at once, then reads back its own.
    lease_owner: str | None = None
    created_at: datetime = Field(default_factory=utc_now)
    sent_at: datetime | None = None

    class Settings:
        name = "outbox_emails"
        indexes = [
            [
                ("clinic_id", pymongo.ASCENDING),
                ("created_at", pymongo.DESCENDING),
                ("_id", pymongo.DESCENDING),
            ],
            # Delivery's next due emails, oldest first, not leased by another run.
            [
                ("status", pymongo.ASCENDING),
                ("next_attempt_at", pymongo.ASCENDING),
                ("lease_until", pymongo.ASCENDING),
            ],
        ]
