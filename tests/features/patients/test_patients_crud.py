"""Registering, reading, editing, archiving and restoring a child's record."""

from datetime import date, timedelta

from tests.factories import PATIENTS, assert_error, clinic_today, create_patient, patient_payload

PATIENT_FIELDS = {
    "id",
    "clinic_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "medical_record_number",
    "gestational_age_weeks",
    "address",
    "notes",
    "status",
    "archived_reason",
    "guardians",
    "age",
    "created_at",
    "updated_at",
}


async def test_staff_registers_a_child_with_every_field(client, staff):
    body = patient_payload(
        first_name="  Amára ",
        last_name=" Okafor",
        date_of_birth="2022-03-04",
        sex="female",
        medical_record_number="MRN-001",
        gestational_age_weeks=38,
        address="12 Acacia Road",
        notes="Allergic to eggs",
        guardians=[{"name": "Ngozi Okafor", "relationship": "mother", "phone": "+234 801 555"}],
    )
    created = await client.post(PATIENTS, json=body, headers=staff.headers)

    assert created.status_code == 201, created.text
    patient = created.json()
    assert set(patient) == PATIENT_FIELDS
    assert patient["first_name"] == "Amára"  # trimmed, accents kept for display
    assert patient["last_name"] == "Okafor"
    assert patient["clinic_id"] == staff.clinic_id
    assert patient["date_of_birth"] == "2022-03-04"
    assert patient["medical_record_number"] == "MRN-001"
    assert patient["gestational_age_weeks"] == 38
    assert patient["address"] == "12 Acacia Road"
    assert patient["notes"] == "Allergic to eggs"
    assert patient["status"] == "active"
    assert patient["archived_reason"] is None
    [guardian] = patient["guardians"]
    assert guardian["name"] == "Ngozi Okafor"
    assert guardian["is_primary"] is True  # the only guardian is the primary one
    assert guardian["has_portal_access"] is False
    assert created.headers["ETag"]

    read = await client.get(f"{PATIENTS}/{patient['id']}", headers=staff.headers)
    assert read.status_code == 200
    assert {k: v for k, v in read.json().items() if k != "updated_at"} == {
        k: v for k, v in patient.items() if k != "updated_at"
    }


async def test_admin_registers_a_child_and_optional_fields_default_to_null(client, admin):
    patient = await create_patient(client, admin.headers)
    for key in ("medical_record_number", "gestational_age_weeks", "address", "notes"):
        assert patient[key] is None
    assert patient["guardians"] == []


async def test_unauthenticated_callers_get_401(client, staff):
    patient = await create_patient(client, staff.headers)
    assert_error(await client.get(PATIENTS), 401)
    assert_error(await client.get(f"{PATIENTS}/{patient['id']}"), 401)
    assert_error(await client.post(PATIENTS, json=patient_payload()), 401)


async def test_age_is_in_completed_years_months_and_days(client, staff):
    today = clinic_today()
    month_index = today.year * 12 + today.month - 1 - 14  # 1 year and 2 months ago
    year, month = divmod(month_index, 12)
    if today.day > 3:
        born, expected = date(year, month + 1, today.day - 3), {"years": 1, "months": 2, "days": 3}
    else:
        born, expected = date(year, month + 1, today.day), {"years": 1, "months": 2, "days": 0}
    patient = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    assert patient["age"] == expected

    newborn = await create_patient(client, staff.headers, date_of_birth=today.isoformat())
    assert newborn["age"] == {"years": 0, "months": 0, "days": 0}

    five_days = await create_patient(
        client, staff.headers, date_of_birth=(today - timedelta(days=5)).isoformat()
    )
    assert five_days["age"]["years"] == 0
    assert five_days["age"]["months"] == 0
    assert five_days["age"]["days"] == 5


async def test_patch_changes_only_the_fields_sent(client, staff):
    patient = await create_patient(
        client, staff.headers, notes="first note", address="1 Road", gestational_age_weeks=39
    )
    url = f"{PATIENTS}/{patient['id']}"

    patched = await client.patch(url, json={"notes": "second note"}, headers=staff.headers)
    assert patched.status_code == 200, patched.text
    after = (await client.get(url, headers=staff.headers)).json()
    assert after["notes"] == "second note"
    for key in ("first_name", "last_name", "date_of_birth", "sex", "address"):
        assert after[key] == patient[key]
    assert after["gestational_age_weeks"] == 39

    cleared = await client.patch(url, json={"address": None}, headers=staff.headers)
    assert cleared.status_code == 200
    assert cleared.json()["address"] is None


async def test_patch_renames_and_the_new_name_is_searchable(client, admin):
    patient = await create_patient(client, admin.headers, first_name="Bola", last_name="Adeyemi")
    url = f"{PATIENTS}/{patient['id']}"
    patched = await client.patch(url, json={"last_name": " Ñwosu "}, headers=admin.headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["last_name"] == "Ñwosu"

    found = await client.get(PATIENTS, params={"q": "nwo"}, headers=admin.headers)
    assert [p["id"] for p in found.json()["items"]] == [patient["id"]]
    old = await client.get(PATIENTS, params={"q": "adey"}, headers=admin.headers)
    assert old.json()["items"] == []


async def test_patch_cannot_clear_required_fields(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    for key in ("first_name", "last_name", "date_of_birth", "sex"):
        assert_error(
            await client.patch(url, json={key: None}, headers=staff.headers),
            422,
            "validation_error",
        )
    unchanged = (await client.get(url, headers=staff.headers)).json()
    assert {k: unchanged[k] for k in ("first_name", "last_name", "date_of_birth", "sex")} == {
        k: patient[k] for k in ("first_name", "last_name", "date_of_birth", "sex")
    }


async def test_archive_hides_the_child_and_restore_brings_it_back(client, staff):
    kept = await create_patient(client, staff.headers)
    archived = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{archived['id']}"

    response = await client.post(
        f"{url}/archive", json={"reason": "Moved away"}, headers=staff.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "archived"
    assert response.json()["archived_reason"] == "Moved away"

    active = (await client.get(PATIENTS, headers=staff.headers)).json()
    assert [p["id"] for p in active["items"]] == [kept["id"]]
    assert active["total"] == 1
    listed = (
        await client.get(PATIENTS, params={"status": "archived"}, headers=staff.headers)
    ).json()
    assert [p["id"] for p in listed["items"]] == [archived["id"]]
    # An archived record is still readable by id: health records are never lost.
    assert (await client.get(url, headers=staff.headers)).json()["status"] == "archived"

    restored = await client.post(f"{url}/restore", headers=staff.headers)
    assert restored.status_code == 200, restored.text
    assert restored.json()["status"] == "active"
    assert restored.json()["archived_reason"] is None
    active = (await client.get(PATIENTS, headers=staff.headers)).json()
    assert {p["id"] for p in active["items"]} == {kept["id"], archived["id"]}
    listed = (
        await client.get(PATIENTS, params={"status": "archived"}, headers=staff.headers)
    ).json()
    assert listed["items"] == [] and listed["total"] == 0


async def test_archive_needs_a_reason_and_cannot_happen_twice(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}/archive"
    assert_error(await client.post(url, json={}, headers=staff.headers), 422)
    assert_error(await client.post(url, json={"reason": "   "}, headers=staff.headers), 422)
    assert_error(await client.post(url, json={"reason": "x" * 501}, headers=staff.headers), 422)
    ok = await client.post(url, json={"reason": "Duplicate record"}, headers=staff.headers)
    assert ok.status_code == 200
    assert_error(
        await client.post(url, json={"reason": "again"}, headers=staff.headers),
        409,
        "patient_archived",
    )
    read = await client.get(f"{PATIENTS}/{patient['id']}", headers=staff.headers)
    assert read.json()["archived_reason"] == "Duplicate record"


async def test_restoring_an_active_child_changes_nothing(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    etag = (await client.get(url, headers=staff.headers)).headers["ETag"]
    restored = await client.post(f"{url}/restore", headers=staff.headers)
    assert restored.status_code == 200
    assert restored.json()["status"] == "active"
    assert restored.headers["ETag"] == etag
