"""Database engine selection (MongoDB or the in-process engine) and Beanie setup."""

import logging
from typing import Any

from beanie import Document, init_beanie
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase

from app.config import Settings
from app.core.audit import AuditEvent
from app.core.outbox import OutboxEmail
from app.core.rate_limit import RateLimitHit
from app.features.auth.models import ActionToken, AuthSession, User
from app.features.clinic.models import Clinic
from app.features.immunizations.models import (
    ChildDueStatus,
    ForecastEntry,
    GroupProgress,
    ImmunizationRecord,
)
from app.features.milestones.models import MilestoneObservation, StoredConcernPeriod
from app.features.notifications.models import EmailPreference, Notification, ReminderClaim
from app.features.patients.models import Patient

logger = logging.getLogger("app.database")

DOCUMENT_MODELS: list[type[Document]] = [
    AuditEvent,
    RateLimitHit,
    OutboxEmail,
    Clinic,
    User,
    AuthSession,
    ActionToken,
    Patient,
    ImmunizationRecord,
    ForecastEntry,
    GroupProgress,
    ChildDueStatus,
    Notification,
    ReminderClaim,
    EmailPreference,
    MilestoneObservation,
    StoredConcernPeriod,
]


def create_client(settings: Settings) -> Any:
    """A Motor client for MONGODB_URL, or the in-process engine for `memory://`."""
    if settings.uses_memory_engine:
        from mongomock_motor import AsyncMongoMockClient

        from app import memory_engine

        memory_engine.install()  # mongomock reads k documents in k² steps without it
        return AsyncMongoMockClient(tz_aware=True)
    return AsyncIOMotorClient(settings.mongodb_url, tz_aware=True, uuidRepresentation="standard")


async def init_database(settings: Settings, client: Any | None = None) -> Any:
    """Connect, register every document with Beanie and create indexes; returns the client."""
    client = client or create_client(settings)
    database: AsyncIOMotorDatabase = client[settings.database_name]
    await init_beanie(database=database, document_models=DOCUMENT_MODELS)
    return client


async def ping(client: Any, settings: Settings) -> bool:
    """Whether the database answers."""
    try:
        await client[settings.database_name].command("ping")
    except Exception as exc:  # any driver failure means "not ready"
        logger.warning("database ping failed", extra={"fields": {"error": type(exc).__name__}})
        return False
    return True
