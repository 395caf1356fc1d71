"""Issue 15 part 2: a child's conditions (CDSi observations) on the record, and every refusal."""

from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_parent,
    create_patient,
    days_ago,
    invite_parent,
    set_schedule,
)
from tests.mail import Mailbox

# CDC CDSi supporting data v4.64, schedule.xml <observations>: code 024's title.
VARICELLA_HISTORY = ("024", "Healthcare provider verified history of or diagnosis of Varicella")
MISSING_ID = "0123456789abcdef01234567"


def conditions_url(patient_id: str, condition_id: str | None = None) -> str:
    base = f"{PATIENTS}/{patient_id}/conditions"
    return f"{base}/{condition_id}/end" if condition_id else base


@pytest.fixture
async def cdc_admin(client: AsyncClient, admin: SignedIn) -> SignedIn:
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


@pytest.fixture
async def child(client: AsyncClient, cdc_admin: SignedIn) -> dict[str, Any]:
    return await create_patient(client, cdc_admin.headers, date_of_birth=days_ago(800))


async def add(client: AsyncClient, headers: dict[str, str], patient_id: str, **body: Any) -> Any:
    response = await client.post(conditions_url(patient_id), json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_observations_of_a_schedule(client: AsyncClient, admin: SignedIn) -> None:
    cdc = await client.get("/api/v1/schedules/cdc-acip/observations", headers=admin.headers)
    assert cdc.status_code == 200, cdc.text
    listed = {o["code"]: o["text"] for o in cdc.json()}
    assert listed[VARICELLA_HISTORY[0]] == VARICELLA_HISTORY[1]
    assert all(set(o) == {"code", "text"} for o in cdc.json())
    # The WHO data reads only its two kinds of evidence of immunity (WHO-SCHEDULE.md).
    who = await client.get("/api/v1/schedules/who/observations", headers=admin.headers)
    assert who.status_code == 200 and [o["code"] for o in who.json()] == ["1070", "1071"]
    missing = await client.get("/api/v1/schedules/nope/observations", headers=admin.headers)
    assert_error(missing, 404, "schedule_not_found")
    assert_error(await client.get("/api/v1/schedules/who/observations"), 401)


async def test_record_list_and_end_a_condition(
    client: AsyncClient, cdc_admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    created = await add(client, staff.headers, child["id"], code="024", notes="Chickenpox at 1")

    assert (created["code"], created["text"]) == VARICELLA_HISTORY
    assert created["recorded_on"] == clinic_today().isoformat()
    assert created["recorded_by"] == staff.user_id
    assert (created["status"], created["ends_on"], created["notes"]) == (
        "active",
        None,
        "Chickenpox at 1",
    )
    ended = await client.post(
        conditions_url(child["id"], created["id"]),
        json={"reason": "Entered for the wrong child"},
        headers=cdc_admin.headers,
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "ended"
    assert ended.json()["ends_on"] == clinic_today().isoformat()
    assert ended.json()["end_reason"] == "Entered for the wrong child"
    # Ended, never deleted; the same code may then be recorded again.
    again = await add(client, staff.headers, child["id"], code="024")
    listed = await client.get(conditions_url(child["id"]), headers=staff.headers)
    assert [c["id"] for c in listed.json()] == [created["id"], again["id"]]
    assert [c["status"] for c in listed.json()] == ["ended", "active"]


async def test_changes_are_audited_and_move_the_etag(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    url = f"{PATIENTS}/{child['id']}"
    etag = (await client.get(url, headers=cdc_admin.headers)).headers["ETag"]

    created = await add(client, cdc_admin.headers, child["id"], code="024")
    await client.get(conditions_url(child["id"]), headers=cdc_admin.headers)
    await client.post(
        conditions_url(child["id"], created["id"]), json={}, headers=cdc_admin.headers
    )

    stale = await client.patch(
        url, json={"first_name": "Ada"}, headers={**cdc_admin.headers, "If-Match": etag}
    )
    assert_error(stale, 412)
    events = (await client.get(f"{url}/audit-events", headers=cdc_admin.headers)).json()["items"]
    actions = [e["action"] for e in events]
    assert actions.index("condition.end") < actions.index("conditions.read")
    assert actions.index("conditions.read") < actions.index("condition.create")
    create_event = next(e for e in events if e["action"] == "condition.create")
    assert create_event["fields"] == ["code", "recorded_on"]


async def test_a_code_the_schedule_does_not_define_is_422(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    for code, error in (("999", "unknown_observation"), ("abc", None), ("", None)):
        response = await client.post(
            conditions_url(child["id"]), json={"code": code}, headers=cdc_admin.headers
        )
        assert_error(response, 422, error)
    extra = await client.post(
        conditions_url(child["id"]),
        json={"code": "024", "recorded_by": "someone"},
        headers=cdc_admin.headers,
    )
    assert_error(extra, 422)


async def test_who_clinic_refuses_cdc_codes(client: AsyncClient, admin: SignedIn) -> None:
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(400))
    response = await client.post(
        conditions_url(child["id"]), json={"code": "024"}, headers=admin.headers
    )
    assert_error(response, 422, "unknown_observation")


async def test_the_same_code_active_twice_is_409(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    first = await add(client, cdc_admin.headers, child["id"], code="024")
    response = await client.post(
        conditions_url(child["id"]), json={"code": "024"}, headers=cdc_admin.headers
    )
    error = assert_error(response, 409, "duplicate_condition")
    assert error["details"] == {"existing_id": first["id"]}


async def test_bad_dates_are_422(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    tomorrow = (clinic_today() + timedelta(days=1)).isoformat()
    before_birth = days_ago(801)
    for recorded_on in (tomorrow, before_birth, "2024-02-30", "yesterday"):
        response = await client.post(
            conditions_url(child["id"]),
            json={"code": "024", "recorded_on": recorded_on},
            headers=cdc_admin.headers,
        )
        assert_error(response, 422)
    created = await add(
        client, cdc_admin.headers, child["id"], code="024", recorded_on=days_ago(10)
    )
    end = conditions_url(child["id"], created["id"])
    for ends_on in (days_ago(11), tomorrow):
        response = await client.post(end, json={"ends_on": ends_on}, headers=cdc_admin.headers)
        assert_error(response, 422, "invalid_condition_date")
    same_day = await client.post(end, json={"ends_on": days_ago(10)}, headers=cdc_admin.headers)
    assert same_day.status_code == 200, same_day.text


async def test_ending_twice_is_409(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    created = await add(client, cdc_admin.headers, child["id"], code="024")
    end = conditions_url(child["id"], created["id"])
    assert (await client.post(end, json={}, headers=cdc_admin.headers)).status_code == 200
    response = await client.post(end, json={"ends_on": days_ago(0)}, headers=cdc_admin.headers)
    assert_error(response, 409, "condition_already_ended")


async def test_malformed_and_missing_ids_are_404(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    headers = cdc_admin.headers
    for patient_id in ("not-an-id", MISSING_ID):
        assert_error(await client.get(conditions_url(patient_id), headers=headers), 404)
        response = await client.post(
            conditions_url(patient_id), json={"code": "024"}, headers=headers
        )
        assert_error(response, 404, "patient_not_found")
    for condition_id in ("not-an-id", MISSING_ID):
        response = await client.post(
            conditions_url(child["id"], condition_id), json={}, headers=headers
        )
        assert_error(response, 404, "condition_not_found")


async def test_another_clinic_sees_nothing(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    created = await add(client, cdc_admin.headers, child["id"], code="024")
    other = await create_clinic_admin(client, clinic_name="Other Clinic")
    await set_schedule(client, other.headers, "cdc-acip")

    read = await client.get(conditions_url(child["id"]), headers=other.headers)
    write = await client.post(
        conditions_url(child["id"]), json={"code": "020"}, headers=other.headers
    )
    end = await client.post(
        conditions_url(child["id"], created["id"]), json={}, headers=other.headers
    )

    for response in (read, write, end):
        assert_error(response, 404, "patient_not_found")


async def test_parents_read_their_own_child_only_and_never_write(
    client: AsyncClient, mailbox: Mailbox, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    created = await add(client, cdc_admin.headers, child["id"], code="024")
    parent = await invite_parent(client, mailbox, cdc_admin.headers, child["id"])
    stranger = await create_parent(client)

    own = await client.get(conditions_url(child["id"]), headers=parent.headers)
    assert own.status_code == 200 and [c["id"] for c in own.json()] == [created["id"]]
    assert_error(await client.get(conditions_url(child["id"]), headers=stranger.headers), 404)
    write = await client.post(
        conditions_url(child["id"]), json={"code": "020"}, headers=parent.headers
    )
    assert_error(write, 403)
    end = await client.post(
        conditions_url(child["id"], created["id"]), json={}, headers=parent.headers
    )
    assert_error(end, 403)


async def test_archived_child_is_read_only(
    client: AsyncClient, cdc_admin: SignedIn, child: dict[str, Any]
) -> None:
    created = await add(client, cdc_admin.headers, child["id"], code="024")
    archive = await client.post(
        f"{PATIENTS}/{child['id']}/archive", json={"reason": "moved"}, headers=cdc_admin.headers
    )
    assert archive.status_code == 200, archive.text

    write = await client.post(
        conditions_url(child["id"]), json={"code": "020"}, headers=cdc_admin.headers
    )
    end = await client.post(
        conditions_url(child["id"], created["id"]), json={}, headers=cdc_admin.headers
    )

    assert_error(write, 409, "patient_archived")
    assert_error(end, 409, "patient_archived")
    assert (
        await client.get(conditions_url(child["id"]), headers=cdc_admin.headers)
    ).status_code == 200
