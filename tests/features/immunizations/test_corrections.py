"""Corrections (ETag, If-Match, revisions), entered in error, and doses not given."""

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

DTAP = "DTaP/Tdap/Td"


def born_plus(days: int) -> str:
    return days_ago(CHILD_AGE_DAYS - days)


async def dtap_forecast(client, headers, patient_id: str) -> dict:
    response = await client.get(f"{PATIENTS}/{patient_id}/forecast", headers=headers)
    assert response.status_code == 200, response.text
    group = next(g for g in response.json()["vaccine_groups"] if g["vaccine_group"] == DTAP)
    forecast: dict = group["forecast"]
    return forecast


async def test_correction_keeps_previous_values_in_revisions(client, staff, child):
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61), lot_number="A")
    path = immunizations_path(child["id"], record["id"])
    etag = (await client.get(path, headers=staff.headers)).headers["ETag"]
    response = await client.patch(
        path,
        json={"lot_number": "B", "date_administered": born_plus(62), "site": "right_thigh"},
        headers={**staff.headers, "If-Match": etag},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["lot_number"], body["date_administered"], body["site"]) == (
        "B",
        born_plus(62),
        "right_thigh",
    )
    assert response.headers["ETag"] == f'"{record["id"]}.2"'
    [revision] = body["revisions"]
    assert revision["version"] == 1
    assert revision["changed_by"] == staff.user_id
    assert revision["previous"] == {
        "date_administered": born_plus(61),
        "lot_number": "A",
        "site": None,
    }
    # A second correction adds a second revision; the first stays.
    again = await client.patch(path, json={"lot_number": "C"}, headers=staff.headers)
    assert [r["previous"] for r in again.json()["revisions"]][1] == {"lot_number": "B"}
    assert again.headers["ETag"] == f'"{record["id"]}.3"'


async def test_stale_if_match_is_412_and_changes_nothing(client, staff, admin, child):
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61), lot_number="A")
    path = immunizations_path(child["id"], record["id"])
    stale = (await client.get(path, headers=staff.headers)).headers["ETag"]
    first = await client.patch(
        path, json={"lot_number": "B"}, headers={**admin.headers, "If-Match": stale}
    )
    assert first.status_code == 200, first.text
    for body in ({"lot_number": "C", "notes": "late"}, {"lot_number": "B"}):
        response = await client.patch(path, json=body, headers={**staff.headers, "If-Match": stale})
        assert_error(response, 412)
    foreign = await client.patch(
        path, json={"lot_number": "D"}, headers={**staff.headers, "If-Match": '"abc.1"'}
    )
    assert_error(foreign, 412)
    now = await client.get(path, headers=staff.headers)
    assert now.json()["lot_number"] == "B"
    assert now.json()["notes"] is None
    assert len(now.json()["revisions"]) == 1
    assert now.headers["ETag"] == f'"{record["id"]}.2"'


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"date_administered": None}, 422, None),
        ({"cvx": None}, 422, None),
        ({"source": None}, 422, None),
        ({"cvx": "9999"}, 422, "unknown_cvx"),
        ({"date_administered": "future"}, 422, "invalid_date"),
        ({"date_administered": "before-birth"}, 422, "invalid_date"),
        ({"status": "entered_in_error"}, 422, None),
        ({"revisions": []}, 422, None),
        ({"cvx": "10"}, 409, "duplicate_dose"),
    ],
)
async def test_invalid_corrections_change_nothing(client, staff, child, body, status, code):
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    await add_dose(client, staff.headers, child["id"], "10", born_plus(61))
    if body.get("date_administered") == "future":
        body = {"date_administered": (clinic_today() + timedelta(days=1)).isoformat()}
    if body.get("date_administered") == "before-birth":
        body = {"date_administered": born_plus(-1)}
    path = immunizations_path(child["id"], record["id"])
    assert_error(await client.patch(path, json=body, headers=staff.headers), status, code)
    after = await client.get(path, headers=staff.headers)
    assert after.json() == record
    assert after.headers["ETag"] == f'"{record["id"]}.1"'


async def test_entered_in_error_stays_marked_and_stops_counting(client, staff, child):
    first = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    second = await add_dose(client, staff.headers, child["id"], "20", born_plus(125))
    assert (await dtap_forecast(client, staff.headers, child["id"]))["dose_number"] == 3
    path = immunizations_path(child["id"], second["id"])
    response = await client.post(
        f"{path}/entered-in-error", json={"reason": "wrong child"}, headers=staff.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "entered_in_error"
    assert body["entered_in_error_reason"] == "wrong child"
    assert body["evaluations"] == []
    # The forecast goes back to dose 2, due from the first dose again.
    forecast = await dtap_forecast(client, staff.headers, child["id"])
    assert forecast["dose_number"] == 2
    listed = (await client.get(immunizations_path(child["id"]), headers=staff.headers)).json()
    assert [r["id"] for r in listed] == [first["id"], second["id"]]
    assert listed[1]["status"] == "entered_in_error"
    # Marked once; it can be neither corrected nor marked again.
    again = await client.post(
        f"{path}/entered-in-error", json={"reason": "x"}, headers=staff.headers
    )
    assert_error(again, 409, "record_not_correctable")
    assert_error(
        await client.patch(path, json={"lot_number": "X"}, headers=staff.headers),
        409,
        "record_not_correctable",
    )
    # The same vaccine on that day may now be recorded without ?allow_duplicate.
    await add_dose(client, staff.headers, child["id"], "20", born_plus(125))


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x", "status": "completed"}])
async def test_entered_in_error_needs_a_reason(client, staff, child, body):
    record = await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    path = immunizations_path(child["id"], record["id"])
    assert_error(
        await client.post(f"{path}/entered-in-error", json=body, headers=staff.headers), 422
    )


async def test_not_done_is_recorded_and_does_not_count(client, staff, child):
    path = immunizations_path(child["id"])
    response = await client.post(
        f"{path}/not-done",
        json={"vaccine_group": DTAP, "date": days_ago(0), "reason": "refusal", "notes": "parent"},
        headers=staff.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "not_done"
    assert body["not_done_reason"] == "refusal"
    assert body["vaccine_groups"] == [DTAP]
    assert body["cvx"] is None
    assert body["evaluations"] == []
    assert (await dtap_forecast(client, staff.headers, child["id"]))["dose_number"] == 1
    assert_error(
        await client.patch(f"{path}/{body['id']}", json={"notes": "x"}, headers=staff.headers),
        409,
        "record_not_correctable",
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"vaccine_group": "Smallpox", "date": "today", "reason": "refusal"},
            "unknown_vaccine_group",
        ),
        ({"vaccine_group": DTAP, "date": "today", "reason": "forgot"}, None),
        ({"vaccine_group": DTAP, "date": "tomorrow", "reason": "other"}, "invalid_date"),
        ({"vaccine_group": DTAP, "date": "before-birth", "reason": "other"}, "invalid_date"),
        ({"vaccine_group": DTAP, "reason": "other"}, None),
    ],
)
async def test_not_done_validation(client, staff, child, body, code):
    dates = {
        "today": days_ago(0),
        "tomorrow": (clinic_today() + timedelta(days=1)).isoformat(),
        "before-birth": born_plus(-1),
    }
    if "date" in body:
        body = {**body, "date": dates[body["date"]]}
    path = f"{immunizations_path(child['id'])}/not-done"
    error = assert_error(await client.post(path, json=body, headers=staff.headers), 422, code)
    if code == "unknown_vaccine_group":
        assert DTAP in error["details"]["allowed_vaccine_groups"]
