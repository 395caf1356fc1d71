"""Reminder email delivery from the outbox: leased, retried with backoff, never sent twice."""

from datetime import datetime, timedelta

import aiosmtplib
from beanie import PydanticObjectId
from pymongo import ReturnDocument

from app.config import get_settings
from app.core.email import OutgoingEmail, send_email
from app.core.outbox import OutboxEmail

MAX_ATTEMPTS = 3
# Waits after the 1st and 2nd failed attempts; the 3rd failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=10))
LEASE = timedelta(minutes=5)
MAX_PER_RUN = 1000


async def queue(
    *, clinic_id: PydanticObjectId, patient_id: PydanticObjectId, kind: str, email: OutgoingEmail
) -> OutboxEmail:
    """Put a reminder email in the outbox for the next delivery run."""
    queued = OutboxEmail(
        clinic_id=clinic_id,
        patient_id=patient_id,
        to=email.to,
        kind=kind,
        subject=email.subject,
        text=email.text,
        html=email.html,
    )
    await queued.insert()
    return queued


async def _lease_next(now: datetime) -> OutboxEmail | None:
    # An atomic lease: two workers running at once never take the same email.
    raw = await OutboxEmail.get_motor_collection().find_one_and_update(
        {
            "status": "queued",
            "next_attempt_at": {"$lte": now},
            "$or": [{"lease_until": None}, {"lease_until": {"$lt": now}}],
        },
        {"$set": {"lease_until": now + LEASE}},
        sort=[("next_attempt_at", 1)],
        return_document=ReturnDocument.AFTER,
    )
    return OutboxEmail.model_validate(raw) if raw else None


async def deliver_due(now: datetime) -> tuple[int, int]:
    """Send every queued email whose time has come; returns (sent, finally failed)."""
    sent = failed = 0
    for _ in range(MAX_PER_RUN):
        email = await _lease_next(now)
        if email is None:
            break
        outgoing = OutgoingEmail(
            to=email.to, subject=email.subject, text=email.text, html=email.html
        )
        email.attempts += 1
        try:
            email.status = await send_email(get_settings(), outgoing)  # type: ignore[assignment]
            email.sent_at, email.last_error = now, None
            sent += 1
        except (aiosmtplib.SMTPException, OSError) as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = "failed"
                failed += 1
            else:
                email.next_attempt_at = now + BACKOFF[email.attempts - 1]
        email.lease_until = None
        await email.save()
    return sent, failed
