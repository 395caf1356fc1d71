"""The app starts, answers its probes and serves its API documents."""

from tests.factories import create_clinic_admin, create_staff


async def test_health_does_not_need_the_database(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_answers_when_the_database_does(client):
    response = await client.get("/ready")
    assert response.status_code == 200


async def test_signup_then_invite_staff(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    me = await client.get("/api/v1/auth/me", headers=staff.headers)
    assert me.status_code == 200
    assert me.json()["role"] == "staff"
    assert me.json()["clinic_id"] == admin.clinic_id
