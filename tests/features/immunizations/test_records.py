"""Recording doses: the record, its evaluations, validation, duplicates, archived children."""

from datetime import timedelta

import pytest

from tests.factories import (
    PATIENTS,
    add_dose,
    assert_error,
    clinic_today,
    days_ago,
    immunizations_path,
)
from tests.features.immunizations.conftest import CHILD_AGE_DAYS

DTAP_ANTIGENS = {"Diphtheria", "Tetanus", "Pertussis"}


def born_plus(days: int) -> str:
    """The ISO date `days` after the fixture child's birth."""
    return days_ago(CHILD_AGE_DAYS - days)


async def test_dose_is_recorded_with_every_field_and_its_evaluations(client, staff, child):
    body = {
        "cvx": "20",
        "date_administered": born_plus(61),
        "mvx": "PMC",
        "lot_number": "LOT-42",
        "expiration_date": (clinic_today() + timedelta(days=300)).isoformat(),
        "site": "left_thigh",
        "route": "intramuscular",
        "dose_volume_ml": 0.5,
        "source": "administered",
        "performer_name": "Nurse Joy",
        "notes": "no reaction",
    }
    response = await client.post(immunizations_path(child["id"]), json=body, headers=staff.headers)
    assert response.status_code == 201, response.text
    record = response.json()
    for key, value in body.items():
        assert record[key] == value, key
    assert record["status"] == "completed"
    assert record["vaccine_name"] == "DTaP"
    assert record["vaccine_groups"] == ["DTaP/Tdap/Td"]
    assert record["expired"] is False
    assert record["revisions"] == []
    assert response.headers["ETag"] == f'"{record["id"]}.1"'
    evaluations = {e["antigen"]: e for e in record["evaluations"]}
    assert set(evaluations) == DTAP_ANTIGENS
    for evaluation in evaluations.values():
        assert evaluation["status"] == "valid"
        assert evaluation["reason"] is None
        assert evaluation["dose_number"] == 1
        assert evaluation["vaccine_group"] == "DTaP/Tdap/Td"


async def test_dose_given_too_young_is_not_valid(client, staff, child):
    # DTaP dose 1: absolute minimum age 6 weeks - 4 days (38 days); 20 days is too young.
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(20))
    assert {e["antigen"] for e in record["evaluations"]} == DTAP_ANTIGENS
    for evaluation in record["evaluations"]:
        assert evaluation["status"] == "not_valid"
        assert evaluation["reason"] == "Age: Too Young"


async def test_list_is_oldest_first_with_names_groups_and_evaluations(client, staff, child):
    later = await add_dose(client, staff.headers, child["id"], "20", born_plus(125))
    earlier = await add_dose(client, staff.headers, child["id"], "10", born_plus(61))
    first_dtap = await add_dose(client, staff.headers, child["id"], "20", born_plus(62))
    response = await client.get(immunizations_path(child["id"]), headers=staff.headers)
    assert response.status_code == 200, response.text
    items = response.json()
    assert [i["id"] for i in items] == [earlier["id"], first_dtap["id"], later["id"]]
    assert items[0]["vaccine_name"] == "IPV"
    assert items[0]["vaccine_groups"] == ["Polio"]
    assert [(e["antigen"], e["status"]) for e in items[0]["evaluations"]] == [("Polio", "valid")]
    # The later DTaP is dose 2 of the series now that dose 1 is on record.
    assert {e["dose_number"] for e in items[2]["evaluations"]} == {2}
    assert {e["status"] for e in items[2]["evaluations"]} == {"valid"}


async def test_read_one_has_an_etag(client, staff, child):
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    response = await client.get(
        immunizations_path(child["id"], record["id"]), headers=staff.headers
    )
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{record["id"]}.1"'
    assert response.json() == record


async def test_expired_vaccine_is_recorded_flagged_and_not_counted(client, staff, child):
    given = born_plus(61)
    record = await add_dose(
        client, staff.headers, child["id"], "20", given, expiration_date=born_plus(60)
    )
    assert record["expired"] is True
    assert {e["antigen"] for e in record["evaluations"]} == DTAP_ANTIGENS
    for evaluation in record["evaluations"]:
        assert evaluation["status"] == "sub_standard"
        assert evaluation["reason"] == "Sub-standard dose"
        assert evaluation["dose_number"] is None
    forecast = (
        await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=staff.headers)
    ).json()
    dtap = next(g for g in forecast["vaccine_groups"] if g["vaccine_group"] == "DTaP/Tdap/Td")
    assert dtap["forecast"]["dose_number"] == 1  # the expired dose does not count


async def test_every_source_is_accepted(client, staff, child):
    for offset, source in enumerate(("administered", "historical", "reported")):
        record = await add_dose(
            client, staff.headers, child["id"], "10", born_plus(61 + 40 * offset), source=source
        )
        assert record["source"] == source


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "invented"}, "source"),
        ({"site": "forehead"}, "site"),
        ({"route": "topical"}, "route"),
        ({"dose_volume_ml": 0}, "dose_volume_ml"),
        ({"dose_volume_ml": -1}, "dose_volume_ml"),
        ({"cvx": "DTaP"}, "cvx"),
        ({"date_administered": "2024-13-01"}, "date_administered"),
        ({"date_administered": "1700000000"}, "date_administered"),
        ({"lot_number": ""}, "lot_number"),
        ({"clinic_id": "0123456789abcdef01234567"}, "clinic_id"),
        ({"status": "entered_in_error"}, "status"),
        ({"evaluations": []}, "evaluations"),
    ],
)
async def test_malformed_bodies_are_422(client, staff, child, change, field):
    body = {"cvx": "20", "date_administered": born_plus(61), "source": "administered", **change}
    response = await client.post(immunizations_path(child["id"]), json=body, headers=staff.headers)
    error = assert_error(response, 422)
    assert field in str(error["details"]), error


@pytest.mark.parametrize("missing", ["cvx", "date_administered", "source"])
async def test_required_fields_are_422(client, staff, child, missing):
    body = {"cvx": "20", "date_administered": born_plus(61), "source": "administered"}
    del body[missing]
    response = await client.post(immunizations_path(child["id"]), json=body, headers=staff.headers)
    assert_error(response, 422)


async def test_date_in_the_future_is_422(client, staff, child):
    tomorrow = (clinic_today() + timedelta(days=1)).isoformat()
    response = await client.post(
        immunizations_path(child["id"]),
        json={"cvx": "20", "date_administered": tomorrow, "source": "administered"},
        headers=staff.headers,
    )
    error = assert_error(response, 422, "invalid_date")
    assert "future" in error["message"]


async def test_date_before_birth_is_422(client, staff, child):
    response = await client.post(
        immunizations_path(child["id"]),
        json={"cvx": "20", "date_administered": born_plus(-1), "source": "historical"},
        headers=staff.headers,
    )
    error = assert_error(response, 422, "invalid_date")
    assert "birth" in error["message"]


async def test_cvx_unknown_to_the_schedule_is_422_with_the_allowed_codes(client, staff, child):
    response = await client.post(
        immunizations_path(child["id"]),
        json={"cvx": "9999", "date_administered": born_plus(61), "source": "administered"},
        headers=staff.headers,
    )
    error = assert_error(response, 422, "unknown_cvx")
    assert error["details"]["unknown_cvx"] == ["9999"]
    assert {"20", "10", "110"} <= set(error["details"]["allowed_cvx"])
    listed = await client.get(immunizations_path(child["id"]), headers=staff.headers)
    assert listed.json() == []


async def test_same_vaccine_same_day_is_409_unless_allowed(client, staff, child):
    first = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    body = {"cvx": "20", "date_administered": born_plus(61), "source": "reported"}
    path = immunizations_path(child["id"])
    error = assert_error(
        await client.post(path, json=body, headers=staff.headers), 409, "duplicate_dose"
    )
    assert error["details"]["existing_id"] == first["id"]
    # Another vaccine the same day, or the same vaccine another day, is no duplicate.
    await add_dose(client, staff.headers, child["id"], "10", born_plus(61))
    await add_dose(client, staff.headers, child["id"], "20", born_plus(62))
    second = await client.post(f"{path}?allow_duplicate=true", json=body, headers=staff.headers)
    assert second.status_code == 201, second.text
    assert len((await client.get(path, headers=staff.headers)).json()) == 4


async def test_archived_child_accepts_no_new_records(client, staff, child):
    dose = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    archived = await client.post(
        f"{PATIENTS}/{child['id']}/archive", json={"reason": "moved away"}, headers=staff.headers
    )
    assert archived.status_code == 200, archived.text
    path = immunizations_path(child["id"])
    body = {"cvx": "10", "date_administered": born_plus(61), "source": "administered"}
    assert_error(await client.post(path, json=body, headers=staff.headers), 409, "patient_archived")
    not_done = {"vaccine_group": "Polio", "date": days_ago(0), "reason": "refusal"}
    assert_error(
        await client.post(f"{path}/not-done", json=not_done, headers=staff.headers),
        409,
        "patient_archived",
    )
    # Existing records stay readable.
    listed = await client.get(path, headers=staff.headers)
    assert [r["id"] for r in listed.json()] == [dose["id"]]


async def test_every_change_and_read_is_audited(client, admin, staff, child):
    path = immunizations_path(child["id"])
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    await client.get(path, headers=staff.headers)
    await client.get(f"{path}/{record['id']}", headers=staff.headers)
    await client.patch(f"{path}/{record['id']}", json={"lot_number": "L2"}, headers=staff.headers)
    await client.post(
        f"{path}/{record['id']}/entered-in-error", json={"reason": "x"}, headers=staff.headers
    )
    await client.post(
        f"{path}/not-done",
        json={"vaccine_group": "Polio", "date": days_ago(0), "reason": "illness"},
        headers=staff.headers,
    )
    await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=staff.headers)
    events = await client.get(
        f"{PATIENTS}/{child['id']}/audit-events?size=100", headers=admin.headers
    )
    by_action = {e["action"]: e for e in events.json()["items"]}
    for action in (
        "immunization.create",
        "immunizations.read",
        "immunization.read",
        "immunization.update",
        "immunization.entered_in_error",
        "immunization.not_done",
        "forecast.read",
    ):
        assert action in by_action, (action, sorted(by_action))
        assert by_action[action]["actor_id"] == staff.user_id
        assert by_action[action]["target_id"] == child["id"]
    assert by_action["immunization.update"]["fields"] == ["lot_number"]
    assert "L2" not in str(events.json())  # names of fields, never values
