"""Reminder email delivery from the outbox: leased, retried with backoff, never sent twice."""

import logging
from datetime import datetime, timedelta

import aiosmtplib
from beanie import PydanticObjectId
from pymongo import ReturnDocument

from app.config import get_settings
from app.core.email import OutgoingEmail, failure_reason, send_email
from app.core.outbox import OutboxEmail

logger = logging.getLogger("app.delivery")

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


async def record_unbuildable(
    *, clinic_id: PydanticObjectId, patient_id: PydanticObjectId, kind: str, to: str, reason: str
) -> None:
    """Keep a reminder that could not even be built in the outbox, failed with its reason."""
    await OutboxEmail(
        clinic_id=clinic_id,
        patient_id=patient_id,
        to=to,
        kind=kind,
        subject="(reminder not built)",
        text="",
        status="failed",
        last_error=reason,
    ).insert()


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
        if await _attempt(email, now):
            sent += 1
        elif email.status == "failed":
            failed += 1
    return sent, failed


async def _attempt(email: OutboxEmail, now: datetime) -> bool:
    """Try to send one leased email and record the outcome; True when it went out.

    Every clinic's mail goes through one loop, so nothing one message does may stop it: a
    server or network error is retried with backoff, and a message that cannot be built or
    fails in any other way is marked failed at once with its reason (retrying would not help).
    """
    email.attempts += 1
    try:
        outgoing = OutgoingEmail(
            to=email.to, subject=email.subject, text=email.text, html=email.html
        )
        email.status = await send_email(get_settings(), outgoing)  # type: ignore[assignment]
        email.sent_at, email.last_error = now, None
    except (aiosmtplib.SMTPException, OSError) as exc:
        email.last_error = failure_reason(exc)
        if email.attempts >= MAX_ATTEMPTS:
            email.status = "failed"
        else:
            email.next_attempt_at = now + BACKOFF[email.attempts - 1]
    except Exception as exc:  # see the docstring: one bad message never blocks the others
        email.status, email.last_error = "failed", failure_reason(exc)
        logger.warning(
            "email could not be built or sent",
            extra={"fields": {"outbox_id": str(email.id), "error": type(exc).__name__}},
        )
    email.lease_until = None
    await email.save()
    return email.status in ("sent", "logged")
