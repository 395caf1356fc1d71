"""Append-only audit trail: who did or read what, when, from where."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pymongo
from beanie import Document, PydanticObjectId
from pydantic import Field

from app.core.context import current_context
from app.shared.paging import fetch_page
from app.shared.time import utc_now


@dataclass(frozen=True)
class Actor:
    """The person behind an action: a signed-in user, or nobody yet (failed logins)."""

    user_id: PydanticObjectId | None
    role: str | None
    clinic_id: PydanticObjectId | None


@dataclass(frozen=True)
class ClinicActor(Actor):
    """A signed-in admin or staff member acting for their own clinic, which is always known.

    Services that work on a whole clinic take one, so they need not check for a clinic.
    """

    user_id: PydanticObjectId
    clinic_id: PydanticObjectId


ANONYMOUS = Actor(user_id=None, role=None, clinic_id=None)
# The order audit lists are read in, as index keys (ties broken by id).
NEWEST_FIRST = [("at", pymongo.DESCENDING), ("_id", pymongo.DESCENDING)]


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
    client_request_id: str | None = None
    ip: str | None = None
    fields: list[str] = Field(default_factory=list)

    class Settings:
        name = "audit_events"
        # The clinic's trail newest first: whole, by action, by actor, by both, by record.
        indexes = [
            [("clinic_id", pymongo.ASCENDING), *NEWEST_FIRST],
            [("clinic_id", pymongo.ASCENDING), ("action", pymongo.ASCENDING), *NEWEST_FIRST],
            [("clinic_id", pymongo.ASCENDING), ("actor_id", pymongo.ASCENDING), *NEWEST_FIRST],
            [
                ("clinic_id", pymongo.ASCENDING),
                ("actor_id", pymongo.ASCENDING),
                ("action", pymongo.ASCENDING),
                *NEWEST_FIRST,
            ],
            [
                ("clinic_id", pymongo.ASCENDING),
                ("target_type", pymongo.ASCENDING),
                ("target_id", pymongo.ASCENDING),
                *NEWEST_FIRST,
            ],
        ]


async def record(
    action: str,
    *,
    actor: Actor,
    target_type: str | None = None,
    target_id: object = None,
    clinic_id: PydanticObjectId | None = None,
    fields: list[str] | None = None,
) -> PydanticObjectId:
    """Append one audit event; `fields` names changed fields, never their values.

    Written in its stored form in one call: every read of a child's record writes one, and
    Beanie's `insert` (validation, encoding, a type adapter built per call) cost more than the
    rest of such a read. `tests/core/test_audit_record.py` holds it to Beanie's stored form.
    """
    context = current_context()
    event_id = PydanticObjectId()
    await AuditEvent.get_motor_collection().insert_one(
        {
            "_id": event_id,
            "at": utc_now(),
            "actor_id": actor.user_id,
            "role": actor.role,
            "clinic_id": clinic_id or actor.clinic_id,
            "action": action,
            "target_type": target_type,
            "target_id": str(target_id) if target_id is not None else None,
            "request_id": context.request_id,
            "client_request_id": context.client_request_id,
            "ip": context.ip,
            "fields": sorted(fields or []),
        }
    )
    return event_id


async def record_bulk_read(
    action: str, *, actor: Actor, query: Mapping[str, object]
) -> PydanticObjectId:
    """Audit one read of many children's data (a list, search, report or export) as one event.

    `fields` names the query parameters that were given: their values can be personal (a
    searched name) and the results are not logged, so neither is stored. The target is the
    caller's clinic, or for a parent their own account (the children they may see).
    """
    return await record(
        action,
        actor=actor,
        target_type="clinic" if actor.clinic_id else "user",
        target_id=actor.clinic_id or actor.user_id,
        fields=[name for name, value in query.items() if value is not None],
    )


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
    return await fetch_page(AuditEvent, query, sort=("-at", "-_id"), page=page, size=size)
