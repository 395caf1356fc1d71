"""Append-only audit trail: who did or read what, when, from where."""

from dataclasses import dataclass
from datetime import datetime

import pymongo
from beanie import Document, PydanticObjectId
from pydantic import Field

from app.core.context import current_context
from app.shared.time import utc_now


@dataclass(frozen=True)
class Actor:
    """The person behind an action: a signed-in user, or nobody yet (failed logins)."""

    user_id: PydanticObjectId | None
    role: str | None
    clinic_id: PydanticObjectId | None


ANONYMOUS = Actor(user_id=None, role=None, clinic_id=None)


class AuditEvent(Document):
    """One security- or record-relevant event; never updated or deleted."""

    at: datetime = Field(default_factory=utc_now)
    actor_id: PydanticObjectId | None = None
    role: str | None = None
    clinic_id: PydanticObjectId | None = None
    action: str
    target_type: str | None = None
    target_id: str | None = None
    request_id: str | None = None
    ip: str | None = None
    fields: list[str] = Field(default_factory=list)

    class Settings:
        name = "audit_events"
        indexes = [
            [("clinic_id", pymongo.ASCENDING), ("at", pymongo.DESCENDING)],
            [("target_type", pymongo.ASCENDING), ("target_id", pymongo.ASCENDING)],
        ]


async def record(
    action: str,
    *,
    actor: Actor,
    target_type: str | None = None,
    target_id: object = None,
    clinic_id: PydanticObjectId | None = None,
    fields: list[str] | None = None,
) -> AuditEvent:
    """Append one audit event; `fields` names changed fields, never their values."""
    context = current_context()
    event = AuditEvent(
        actor_id=actor.user_id,
        role=actor.role,
        clinic_id=clinic_id or actor.clinic_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        request_id=context.request_id,
        ip=context.ip,
        fields=sorted(fields or []),
    )
    await event.insert()
    return event


async def list_events(
    *,
    clinic_id: PydanticObjectId | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    action: str | None = None,
    actor_id: PydanticObjectId | None = None,
    page: int,
    size: int,
) -> tuple[list[AuditEvent], int]:
    """A page of events matching every given filter, newest first, and the total."""
    query: dict[str, object] = {}
    for key, value in (
        ("clinic_id", clinic_id),
        ("target_type", target_type),
        ("target_id", target_id),
        ("action", action),
        ("actor_id", actor_id),
    ):
        if value is not None:
            query[key] = value
    found = AuditEvent.find(query)
    total = await found.count()
    events = (
        await AuditEvent.find(query)
        .sort("-at", "-_id")
        .skip((page - 1) * size)
        .limit(size)
        .to_list()
    )
    return events, total
