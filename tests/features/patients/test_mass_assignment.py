"""Server-owned fields cannot be set by a client: 422, and nothing is written."""

import pytest

from tests.factories import PATIENTS, assert_error, create_clinic_admin, create_patient

SERVER_OWNED = {
    "clinic_id": "0123456789abcdef01234567",
    "status": "archived",
    "id": "0123456789abcdef01234567",
    "_id": "0123456789abcdef01234567",
    "created_at": "2001-01-01T00:00:00Z",
    "updated_at": "2001-01-01T00:00:00Z",
    "version": 99,
    "archived_reason": "sneaky",
    "archived_at": "2001-01-01T00:00:00Z",
    "first_name_key": "zzz",
    "mrn_key": "x:y",
    "age": {"years": 1, "months": 0, "days": 0},
}


@pytest.mark.parametrize("field", [*SERVER_OWNED, "guardians"])
async def test_patch_with_a_server_owned_field_is_422_and_nothing_changes(client, staff, field):
    other = await create_clinic_admin(client, clinic_name="Other Clinic")
    patient = await create_patient(client, staff.headers, notes="before")
    url = f"{PATIENTS}/{patient['id']}"
    before = await client.get(url, headers=staff.headers)
    value = SERVER_OWNED.get(field, [{"name": "Eve", "relationship": "other"}])
    if field == "clinic_id":
        value = other.clinic_id
    response = await client.patch(url, json={field: value, "notes": "after"}, headers=staff.headers)
    error = assert_error(response, 422, "validation_error")
    assert any(field in detail["loc"] for detail in error["details"]), error

    after = await client.get(url, headers=staff.headers)
    assert after.json() == before.json()
    assert after.headers["ETag"] == before.headers["ETag"]
    assert (await client.get(url, headers=other.headers)).status_code == 404


@pytest.mark.parametrize("field", list(SERVER_OWNED))
async def test_create_with_a_server_owned_field_is_422_and_nothing_is_created(client, staff, field):
    body = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "date_of_birth": "2022-12-10",
        "sex": "female",
        field: SERVER_OWNED[field],
    }
    error = assert_error(await client.post(PATIENTS, json=body, headers=staff.headers), 422)
    assert any(field in detail["loc"] for detail in error["details"]), error
    for status in ("active", "archived"):
        listed = await client.get(PATIENTS, params={"status": status}, headers=staff.headers)
        assert listed.json()["total"] == 0


async def test_guardian_bodies_refuse_server_owned_fields(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}/guardians"
    for field, value in (
        ("user_id", "0123456789abcdef01234567"),
        ("id", "0123456789abcdef01234567"),
        ("invited_at", "2001-01-01T00:00:00Z"),
        ("unlinked_at", "2001-01-01T00:00:00Z"),
        ("has_portal_access", True),
    ):
        body = {"name": "Eve", "relationship": "other", field: value}
        assert_error(await client.post(url, json=body, headers=staff.headers), 422)
        nested = {
            "first_name": "Ada",
            "last_name": "Byron",
            "date_of_birth": "2022-12-10",
            "sex": "female",
            "guardians": [body],
        }
        assert_error(await client.post(PATIENTS, json=nested, headers=staff.headers), 422)
    assert (await client.get(url, headers=staff.headers)).json() == []
    assert (await client.get(PATIENTS, headers=staff.headers)).json()["total"] == 1
