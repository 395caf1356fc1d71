"""init_db builds the read models of children that lack them (a database older than them)."""

from typing import Any

from httpx import AsyncClient

from app.features.immunizations.models import ChildDueStatus, ForecastEntry, GroupProgress
from app.features.milestones.models import StoredConcernPeriod
from app.features.patients.models import Patient
from app.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seed_demo_clinic
from scripts.init_db import backfill_read_models
from tests.factories import SignedIn, login

CHILDREN = 30


async def _screens(client: AsyncClient, admin: SignedIn) -> dict[str, Any]:
    """What the clinic's dashboard shows that the read models answer."""
    summary = await client.get("/api/v1/reports/summary", headers=admin.headers)
    concerns = await client.get(
        "/api/v1/milestones/concerns", params={"size": 100}, headers=admin.headers
    )
    due = await client.get("/api/v1/immunizations/due-list", headers=admin.headers)
    for response in (summary, concerns, due):
        assert response.status_code == 200, response.text
    return {"summary": summary.json(), "concerns": concerns.json(), "due": due.json()}


async def _read_model_counts() -> tuple[int, ...]:
    models = (ChildDueStatus, StoredConcernPeriod, ForecastEntry, GroupProgress)
    return tuple([await model.find({}).count() for model in models])


async def _drop_new_read_models(patient_ids: list[Any] | None = None) -> None:
    """Leave the database as it was before the stored due status and concern periods existed."""
    due_query = {} if patient_ids is None else {"_id": {"$in": patient_ids}}
    periods_query = {} if patient_ids is None else {"patient_id": {"$in": patient_ids}}
    await ChildDueStatus.get_motor_collection().delete_many(due_query)
    await StoredConcernPeriod.get_motor_collection().delete_many(periods_query)


async def test_backfill_builds_missing_read_models_once(client: AsyncClient) -> None:
    assert await seed_demo_clinic(patients=CHILDREN) is not None
    admin = await login(client, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    archived = await Patient.find({}).sort("+_id").first_or_none()
    assert archived is not None
    response = await client.post(
        f"/api/v1/patients/{archived.id}/archive", json={"reason": "moved"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    before = await _screens(client, admin)
    assert before["summary"]["overdue"] > 0
    assert before["summary"]["children_with_milestone_concerns"] > 0
    counts = await _read_model_counts()

    await _drop_new_read_models()
    emptied = await _screens(client, admin)
    assert emptied["summary"]["overdue"] == 0
    assert emptied["concerns"]["total"] == 0

    assert await backfill_read_models(batch=7) == CHILDREN  # every child, archived included
    assert await _screens(client, admin) == before
    assert await _read_model_counts() == counts

    # Idempotent: nothing lacks them any more, so nothing is rebuilt or doubled.
    assert await backfill_read_models() == 0
    assert await _read_model_counts() == counts
    assert await _screens(client, admin) == before


async def test_backfill_builds_only_the_children_without_them(client: AsyncClient) -> None:
    assert await seed_demo_clinic(patients=CHILDREN) is not None
    admin = await login(client, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    before = await _screens(client, admin)
    counts = await _read_model_counts()
    children = await Patient.find({}).sort("+_id").to_list()
    lacking = [child.id for child in children[5:12]]

    await _drop_new_read_models(lacking)
    assert await ChildDueStatus.find({}).count() == CHILDREN - len(lacking)

    assert await backfill_read_models() == len(lacking)
    assert await _read_model_counts() == counts
    assert await _screens(client, admin) == before
