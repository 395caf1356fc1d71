"""Reminder email delivery from the outbox: leased in batches, retried with backoff, sent once."""

import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import aiosmtplib
from beanie import PydanticObjectId

from app.config import get_settings
from app.core.email import OutgoingEmail, failure_reason, send_email
from app.core.outbox import OutboxEmail

logger = logging.getLogger("app.delivery")

MAX_ATTEMPTS = 3
# Waits after the 1st and 2nd failed attempts; the 3rd failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=10))
LEASE = timedelta(minutes=5)
MAX_PER_RUN = 1000
# Emails leased together: a batch costs three queries to lease and a write per distinct outcome.
LEASE_BATCH = 100
# A batch stops starting new sends well before its lease could expire (slow SMTP servers time
# out one by one), so that no other run can lease and send the same email meanwhile.
SEND_BUDGET_SECONDS = LEASE.total_seconds() / 2


def queued_email(
    *, clinic_id: PydanticObjectId, patient_id: PydanticObjectId, kind: str, email: OutgoingEmail
) -> OutboxEmail:
    """A reminder email ready for the outbox (stored by `queue_all`)."""
    return OutboxEmail(
        clinic_id=clinic_id,
        patient_id=patient_id,
        to=email.to,
        kind=kind,
        subject=email.subject,
        text=email.text,
        html=email.html,
    )


def unbuildable_email(
    *, clinic_id: PydanticObjectId, patient_id: PydanticObjectId, kind: str, to: str, reason: str
) -> OutboxEmail:
    """A reminder that could not even be built, kept in the outbox as failed with its reason."""
    return OutboxEmail(
        clinic_id=clinic_id,
        patient_id=patient_id,
        to=to,
        kind=kind,
        subject="(reminder not built)",
        text="",
        status="failed",
        last_error=reason,
    )


async def queue_all(emails: list[OutboxEmail]) -> None:
    """Store these outbox emails in one write (queued ones go out on the next delivery)."""
    if emails:
        await OutboxEmail.insert_many(emails)


def _leasable(now: datetime) -> dict[str, Any]:
    return {
        "status": "queued",
        "next_attempt_at": {"$lte": now},
        "$or": [{"lease_until": None}, {"lease_until": {"$lt": now}}],
    }


async def _lease_batch(now: datetime) -> tuple[list[OutboxEmail], bool]:
    """Lease the next due emails for this run alone; also whether more may be waiting."""
    collection = OutboxEmail.get_motor_collection()
    cursor = collection.find(_leasable(now), {"_id": 1}).sort("next_attempt_at", 1)
    candidates = [row["_id"] for row in await cursor.limit(LEASE_BATCH).to_list(None)]
    if not candidates:
        return [], False
    # Each email is leased atomically: when two runs race, each email gets one owner, and a
    # run reads back only the emails it owns.
    owner = uuid.uuid4().hex
    await collection.update_many(
        {"_id": {"$in": candidates}, **_leasable(now)},
        {"$set": {"lease_until": now + LEASE, "lease_owner": owner}},
    )
    read = await OutboxEmail.find({"_id": {"$in": candidates}}).to_list()
    leased = [email for email in read if email.lease_owner == owner]
    leased.sort(key=lambda email: (email.next_attempt_at, str(email.id)))
    return leased, len(candidates) == LEASE_BATCH


async def deliver_due(now: datetime) -> tuple[int, int]:
    """Send every queued email whose time has come; returns (sent, finally failed)."""
    sent = failed = attempted = 0
    more = True
    while more and attempted < MAX_PER_RUN:
        batch, more = await _lease_batch(now)
        started = time.monotonic()
        outcomes: dict[tuple[tuple[str, Any], ...], list[PydanticObjectId]] = {}
        for email in batch:
            if attempted >= MAX_PER_RUN or time.monotonic() - started > SEND_BUDGET_SECONDS:
                outcome: dict[str, Any] = {}  # not tried: released for the next run
                more = False
            else:
                attempted += 1
                due_at = email.next_attempt_at
                if await _attempt(email, now):
                    sent += 1
                elif email.status == "failed":
                    failed += 1
                outcome = _outcome(email, rescheduled=email.next_attempt_at != due_at)
            assert email.id is not None
            outcomes.setdefault(tuple(sorted(outcome.items())), []).append(email.id)
        await _record(outcomes)
    return sent, failed


def _outcome(email: OutboxEmail, *, rescheduled: bool) -> dict[str, Any]:
    """What an attempt changed, without what differs from email to email in a batch."""
    outcome = {"status": email.status, "sent_at": email.sent_at, "last_error": email.last_error}
    if rescheduled:  # one of the backoff waits: as many values as attempts allowed
        outcome["next_attempt_at"] = email.next_attempt_at
    return outcome


async def _record(outcomes: dict[tuple[tuple[str, Any], ...], list[PydanticObjectId]]) -> None:
    """Store the batch's results, one write per distinct outcome, and release the leases.

    Sent, logged, retried and failed emails share their outcome, so a batch costs a few
    writes; only failures with different errors each take their own.
    """
    collection = OutboxEmail.get_motor_collection()
    for outcome, ids in outcomes.items():
        change: dict[str, Any] = {
            "$set": {**dict(outcome), "lease_until": None, "lease_owner": None}
        }
        if outcome:  # attempted; the lease makes this run the only one counting
            change["$inc"] = {"attempts": 1}
        await collection.update_many({"_id": {"$in": ids}}, change)


async def _attempt(email: OutboxEmail, now: datetime) -> bool:
    """Try to send one leased email and note the outcome on it; True when it went out.

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
    return email.status in ("sent", "logged")
