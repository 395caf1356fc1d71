"""Audit events written in one call are stored exactly as Beanie would store them."""

from beanie.odm.utils.dump import get_dict
from httpx import AsyncClient

from app.core.audit import AuditEvent
from tests.factories import create_clinic_admin, create_patient

PATIENTS = "/api/v1/patients"


async def test_a_read_stores_the_event_beanie_would_store(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    patient = await create_patient(client, admin.headers)
    read = await client.get(
        f"{PATIENTS}/{patient['id']}", headers={**admin.headers, "X-Request-ID": "mine-1"}
    )
    assert read.status_code == 200, read.text

    raw = await AuditEvent.get_motor_collection().find_one(
        {"action": "patient.read", "target_id": patient["id"]}
    )
    assert raw is not None
    event = AuditEvent.model_validate(raw)
    # The same fields, with the same stored values, as Beanie's own insert of that event (a
    # field added to AuditEvent and not written here would appear with its default on the left).
    assert {**get_dict(event, to_db=True), "_id": event.id} == raw
    assert (str(event.actor_id), str(event.clinic_id)) == (admin.user_id, admin.clinic_id)
    assert (event.role, event.target_type) == ("admin", "patient")
    assert event.request_id == read.headers["X-Request-ID"]
    assert event.client_request_id == "mine-1"

    # And the trail shows it, newest first.
    trail = await client.get(f"{PATIENTS}/{patient['id']}/audit-events", headers=admin.headers)
    assert trail.status_code == 200, trail.text
    newest = trail.json()["items"][0]
    assert (newest["id"], newest["action"]) == (str(event.id), "patient.read")
    assert newest["fields"] == []
