"""The demo clinic's bulk load stores what Beanie would, at the size SEED_DEMO_PATIENTS says."""

import uuid
from datetime import UTC, datetime
from typing import Any

from asgi_lifespan import LifespanManager
from beanie import Document
from beanie.odm.utils.dump import get_dict
from httpx import ASGITransport, AsyncClient

from app.config import get_settings
from app.features.immunizations.models import ImmunizationRecord
from app.features.milestones.models import MilestoneObservation
from app.features.patients.models import Patient
from app.main import create_app
from app.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seed_demo_clinic
from tests.factories import login
from tests.mail import Mailbox


def _naive_utc(value: Any) -> Any:
    """The value with aware datetimes as naive UTC (how Beanie encodes what it is given)."""
    if isinstance(value, dict):
        return {key: _naive_utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_naive_utc(item) for item in value]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


async def _stored(model: type[Document]) -> list[dict[str, Any]]:
    return await model.get_motor_collection().find({}).to_list(None)


async def test_seeded_documents_are_exactly_what_beanie_stores(client) -> None:
    assert await seed_demo_clinic(patients=30) is not None
    for model in (Patient, ImmunizationRecord, MilestoneObservation):
        stored = await _stored(model)
        assert stored, model.__name__
        keep_nulls = model.get_settings().keep_nulls
        for raw in stored:
            # Parsed back and encoded again by Beanie itself: no field missing, extra or typed
            # otherwise (a date stored as a date would not even reach the collection).
            document = model.model_validate(raw)
            encoded = get_dict(document, to_db=True, keep_nulls=keep_nulls)
            assert _naive_utc(encoded) == _naive_utc(raw), model.__name__


async def test_seed_demo_patients_sets_the_size_of_the_clinic_seeded_at_start_up(
    mailbox: Mailbox,
) -> None:
    settings = get_settings().model_copy(
        update={
            "database_name": f"hp_test_{uuid.uuid4().hex[:12]}",
            "seed_demo_data": True,
            "seed_demo_patients": 7,
        }
    )
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            admin = await login(client, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
            listed = await client.get("/api/v1/patients", headers=admin.headers)
            assert listed.status_code == 200, listed.text
            assert listed.json()["total"] == 7
            concerns = await client.get("/api/v1/milestones/concerns", headers=admin.headers)
            assert concerns.status_code == 200, concerns.text
        if not settings.uses_memory_engine:
            await app.state.db_client.drop_database(settings.database_name)
