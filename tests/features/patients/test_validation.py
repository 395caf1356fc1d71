"""What a new or changed child's record must satisfy: 422s and 409s, with nothing written."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import (
    PATIENTS,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_patient,
    patient_payload,
)

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


async def count_patients(client, headers) -> int:
    active = await client.get(PATIENTS, headers=headers)
    archived = await client.get(PATIENTS, params={"status": "archived"}, headers=headers)
    return int(active.json()["total"]) + int(archived.json()["total"])


def tomorrow() -> str:
    return (clinic_today() + timedelta(days=1)).isoformat()


INVALID_BODIES = {
    "dob in the future": {"date_of_birth": "FUTURE"},
    "dob before 1900": {"date_of_birth": "1899-12-31"},
    "dob not a date": {"date_of_birth": "17/05/2023"},
    "first name empty": {"first_name": ""},
    "first name only spaces": {"first_name": "   "},
    "last name only spaces": {"last_name": " \t "},
    "first name too long": {"first_name": "a" * 101},
    "last name too long": {"last_name": "b" * 101},
    "gestational age 19": {"gestational_age_weeks": 19},
    "gestational age 45": {"gestational_age_weeks": 45},
    "gestational age not a number": {"gestational_age_weeks": "forty"},
    "sex unknown value": {"sex": "f"},
    "mrn empty": {"medical_record_number": "  "},
    "guardian without name": {"guardians": [{"name": " ", "relationship": "mother"}]},
    "guardian bad relationship": {"guardians": [{"name": "Ann", "relationship": "aunt"}]},
    "guardian bad email": {
        "guardians": [{"name": "Ann", "relationship": "mother", "email": "not-an-email"}]
    },
    "guardian invite without email": {
        "guardians": [{"name": "Ann", "relationship": "mother", "invite": True}]
    },
}


@pytest.mark.parametrize("overrides", INVALID_BODIES.values(), ids=INVALID_BODIES.keys())
async def test_invalid_new_child_is_refused_with_422(client, staff, mailbox, overrides):
    overrides = {k: tomorrow() if v == "FUTURE" else v for k, v in overrides.items()}
    mail_before = len(mailbox.messages)
    response = await client.post(PATIENTS, json=patient_payload(**overrides), headers=staff.headers)
    error = assert_error(response, 422, "validation_error")
    assert error["details"], error
    assert await count_patients(client, staff.headers) == 0
    assert len(mailbox.messages) == mail_before


@pytest.mark.parametrize("missing", ["first_name", "last_name", "date_of_birth", "sex"])
async def test_required_fields_are_required(client, staff, missing):
    body = patient_payload()
    del body[missing]
    assert_error(await client.post(PATIENTS, json=body, headers=staff.headers), 422)
    assert await count_patients(client, staff.headers) == 0


async def test_boundary_values_are_accepted(client, staff):
    oldest = await create_patient(client, staff.headers, date_of_birth="1900-01-01")
    assert oldest["date_of_birth"] == "1900-01-01"
    born_today = await create_patient(
        client, staff.headers, date_of_birth=clinic_today().isoformat()
    )
    assert born_today["age"] == {"years": 0, "months": 0, "days": 0}
    names = await create_patient(
        client, staff.headers, first_name=" " + "a" * 100 + " ", last_name="B"
    )
    assert names["first_name"] == "a" * 100 and names["last_name"] == "B"
    for weeks in (20, 44):
        patient = await create_patient(client, staff.headers, gestational_age_weeks=weeks)
        assert patient["gestational_age_weeks"] == weeks


async def test_future_means_after_the_clinics_own_today(client, admin):
    """A clinic at UTC+14 may register a child born on its today; one at UTC-11 may not."""
    ahead = await client.patch(
        "/api/v1/clinic", json={"timezone": "Pacific/Kiritimati"}, headers=admin.headers
    )
    assert ahead.status_code == 200, ahead.text
    kiritimati_today = datetime.now(UTC) + timedelta(hours=14)
    born = kiritimati_today.date().isoformat()
    patient = await create_patient(client, admin.headers, date_of_birth=born)
    assert patient["age"] == {"years": 0, "months": 0, "days": 0}

    behind = await create_clinic_admin(client, clinic_name="Behind Clinic")
    moved = await client.patch(
        "/api/v1/clinic", json={"timezone": "Pacific/Pago_Pago"}, headers=behind.headers
    )
    assert moved.status_code == 200, moved.text
    refused = await client.post(
        PATIENTS, json=patient_payload(date_of_birth=born), headers=behind.headers
    )
    assert_error(refused, 422, "validation_error")


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": "FUTURE"},
        {"date_of_birth": "1899-12-31"},
        {"first_name": "  "},
        {"last_name": "x" * 101},
        {"gestational_age_weeks": 19},
        {"gestational_age_weeks": 45},
        {"sex": "boy"},
    ],
)
async def test_invalid_changes_are_refused_and_nothing_changes(client, staff, changes):
    changes = {k: tomorrow() if v == "FUTURE" else v for k, v in changes.items()}
    patient = await create_patient(client, staff.headers, gestational_age_weeks=40)
    url = f"{PATIENTS}/{patient['id']}"
    assert_error(await client.patch(url, json=changes, headers=staff.headers), 422)
    after = (await client.get(url, headers=staff.headers)).json()
    assert after["updated_at"] == patient["updated_at"]
    assert {k: after[k] for k in changes} == {k: patient[k] for k in changes}


async def test_mrn_is_unique_within_the_clinic(client, staff, admin):
    first = await create_patient(client, staff.headers, medical_record_number="MRN-7")
    clash = await client.post(
        PATIENTS, json=patient_payload(medical_record_number="MRN-7"), headers=admin.headers
    )
    error = assert_error(clash, 409, "duplicate_medical_record_number")
    assert error["details"]["existing_id"] == first["id"]
    assert await count_patients(client, staff.headers) == 1

    # Trimmed like every other string, so " MRN-7 " is the same number.
    padded = await client.post(
        PATIENTS, json=patient_payload(medical_record_number=" MRN-7 "), headers=staff.headers
    )
    assert_error(padded, 409, "duplicate_medical_record_number")


async def test_the_same_mrn_in_another_clinic_is_fine(client, staff):
    await create_patient(client, staff.headers, medical_record_number="MRN-7")
    other = await create_clinic_admin(client, clinic_name="Other Clinic")
    patient = await create_patient(client, other.headers, medical_record_number="MRN-7")
    assert patient["medical_record_number"] == "MRN-7"


async def test_changing_to_a_taken_mrn_is_409_and_nothing_changes(client, staff):
    taken = await create_patient(client, staff.headers, medical_record_number="MRN-1")
    patient = await create_patient(client, staff.headers, medical_record_number="MRN-2")
    url = f"{PATIENTS}/{patient['id']}"
    clash = await client.patch(
        url, json={"medical_record_number": "MRN-1", "notes": "moved"}, headers=staff.headers
    )
    error = assert_error(clash, 409, "duplicate_medical_record_number")
    assert error["details"]["existing_id"] == taken["id"]
    after = (await client.get(url, headers=staff.headers)).json()
    assert after["medical_record_number"] == "MRN-2"
    assert after["notes"] is None

    # The number freed by clearing it can be taken by another child.
    cleared = await client.patch(
        f"{PATIENTS}/{taken['id']}", json={"medical_record_number": None}, headers=staff.headers
    )
    assert cleared.status_code == 200, cleared.text
    moved = await client.patch(url, json={"medical_record_number": "MRN-1"}, headers=staff.headers)
    assert moved.status_code == 200, moved.text


async def test_children_without_mrn_do_not_clash(client, staff):
    await create_patient(client, staff.headers)
    await create_patient(client, staff.headers)
    assert await count_patients(client, staff.headers) == 2


@pytest.mark.parametrize(
    ("first", "last"),
    [("Amara", "Okafor"), ("amára", "OKAFOR"), ("  AMARA ", "Okáfor  ")],
)
async def test_probable_duplicate_is_409_naming_the_existing_child(client, staff, first, last):
    existing = await create_patient(
        client, staff.headers, first_name="Amára", last_name="Okafor", date_of_birth="2023-01-02"
    )
    body = patient_payload(first_name=first, last_name=last, date_of_birth="2023-01-02")
    error = assert_error(
        await client.post(PATIENTS, json=body, headers=staff.headers), 409, "probable_duplicate"
    )
    assert error["details"]["existing_id"] == existing["id"]
    assert await count_patients(client, staff.headers) == 1

    forced = await client.post(
        PATIENTS, json=body, params={"allow_duplicate": "true"}, headers=staff.headers
    )
    assert forced.status_code == 201, forced.text
    assert forced.json()["id"] != existing["id"]
    assert await count_patients(client, staff.headers) == 2


async def test_not_duplicates_other_dob_other_name_other_clinic(client, staff):
    await create_patient(
        client, staff.headers, first_name="Amara", last_name="Okafor", date_of_birth="2023-01-02"
    )
    await create_patient(
        client, staff.headers, first_name="Amara", last_name="Okafor", date_of_birth="2023-01-03"
    )
    await create_patient(
        client, staff.headers, first_name="Amaru", last_name="Okafor", date_of_birth="2023-01-02"
    )
    other = await create_clinic_admin(client, clinic_name="Other Clinic")
    await create_patient(
        client, other.headers, first_name="Amara", last_name="Okafor", date_of_birth="2023-01-02"
    )
    assert await count_patients(client, staff.headers) == 3
