"""Lost-update protection (ETag / If-Match) and the audit trail of a child's record."""

import asyncio
import json

import pytest

from app.features.patients import service as patients_service
from tests.factories import (
    PATIENTS,
    add_guardian,
    assert_error,
    create_patient,
    invite_parent,
)


async def read(client, headers, patient_id):
    response = await client.get(f"{PATIENTS}/{patient_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response


async def test_etag_is_sent_and_changes_with_every_change(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    first = (await read(client, staff.headers, patient["id"])).headers["ETag"]
    assert first.startswith('"') and first.endswith('"')
    assert (await read(client, staff.headers, patient["id"])).headers["ETag"] == first

    patched = await client.patch(url, json={"notes": "n"}, headers=staff.headers)
    second = patched.headers["ETag"]
    assert second != first
    assert (await read(client, staff.headers, patient["id"])).headers["ETag"] == second
    archived = await client.post(f"{url}/archive", json={"reason": "r"}, headers=staff.headers)
    assert archived.headers["ETag"] not in (first, second)
    other = await create_patient(client, staff.headers)
    assert (await read(client, staff.headers, other["id"])).headers["ETag"] != second


async def test_stale_if_match_is_412_and_nothing_changes(client, staff):
    patient = await create_patient(client, staff.headers, notes="original")
    url = f"{PATIENTS}/{patient['id']}"
    etag = (await read(client, staff.headers, patient["id"])).headers["ETag"]

    first = await client.patch(
        url, json={"notes": "first edit"}, headers={**staff.headers, "If-Match": etag}
    )
    assert first.status_code == 200, first.text
    second = await client.patch(
        url,
        json={"notes": "second edit", "address": "Elsewhere"},
        headers={**staff.headers, "If-Match": etag},
    )
    assert_error(second, 412, "precondition_failed")
    after = (await read(client, staff.headers, patient["id"])).json()
    assert after["notes"] == "first edit"
    assert after["address"] is None

    fresh = first.headers["ETag"]
    third = await client.patch(
        url, json={"address": "Elsewhere"}, headers={**staff.headers, "If-Match": fresh}
    )
    assert third.status_code == 200, third.text
    assert third.json()["notes"] == "first edit"


@pytest.mark.parametrize("if_match", ['"somethingelse.1"', "garbage", '"{other}.1"', '"{own}.x"'])
async def test_if_match_naming_no_version_of_this_child_is_412(client, staff, if_match):
    patient = await create_patient(client, staff.headers)
    other = await create_patient(client, staff.headers)
    header = if_match.format(other=other["id"], own=patient["id"])
    response = await client.patch(
        f"{PATIENTS}/{patient['id']}",
        json={"notes": "x"},
        headers={**staff.headers, "If-Match": header},
    )
    assert_error(response, 412)
    assert (await read(client, staff.headers, patient["id"])).json()["notes"] is None


async def test_if_match_star_and_the_current_etag_are_accepted(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    star = await client.patch(url, json={"notes": "a"}, headers={**staff.headers, "If-Match": "*"})
    assert star.status_code == 200
    current = star.headers["ETag"]
    again = await client.patch(
        url, json={"notes": "b"}, headers={**staff.headers, "If-Match": current}
    )
    assert again.status_code == 200, again.text
    assert again.json()["notes"] == "b"


async def test_concurrent_patches_with_the_same_etag_one_wins(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    etag = (await read(client, staff.headers, patient["id"])).headers["ETag"]
    headers = {**staff.headers, "If-Match": etag}
    responses = await asyncio.gather(
        client.patch(url, json={"notes": "from tab one"}, headers=headers),
        client.patch(url, json={"notes": "from tab two"}, headers=headers),
    )
    assert sorted(r.status_code for r in responses) == [200, 412]
    winner = next(r for r in responses if r.status_code == 200)
    after = (await read(client, staff.headers, patient["id"])).json()
    assert after["notes"] == winner.json()["notes"]


async def test_interleaved_patches_are_caught_at_write_time(client, staff, monkeypatch):
    """Both requests pass the If-Match check before either writes: only one write may land."""
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    etag = (await read(client, staff.headers, patient["id"])).headers["ETag"]
    both_read = asyncio.Barrier(2)
    original_commit = patients_service.commit

    async def commit_once_both_have_read(loaded, *, expected_version=None):
        await both_read.wait()
        await original_commit(loaded, expected_version=expected_version)

    monkeypatch.setattr(patients_service, "commit", commit_once_both_have_read)
    headers = {**staff.headers, "If-Match": etag}
    responses = await asyncio.wait_for(
        asyncio.gather(
            client.patch(url, json={"notes": "one", "address": "A"}, headers=headers),
            client.patch(url, json={"notes": "two"}, headers=headers),
        ),
        timeout=10,
    )
    assert sorted(r.status_code for r in responses) == [200, 412]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 412)
    assert_error(loser, 412, "precondition_failed")
    after = (await read(client, staff.headers, patient["id"])).json()
    assert (after["notes"], after["address"]) == (winner["notes"], winner["address"])


async def test_audit_trail_names_actor_action_and_fields_never_values(
    client, mailbox, admin, staff
):
    secret_note = "Mother reports seizures 2x weekly"
    patient = await create_patient(client, staff.headers, medical_record_number="MRN-55")
    url = f"{PATIENTS}/{patient['id']}"
    parent = await invite_parent(client, mailbox, staff.headers, patient["id"])
    await read(client, parent.headers, patient["id"])
    await read(client, staff.headers, patient["id"])
    patched = await client.patch(
        url, json={"notes": secret_note, "address": "7 Hidden Lane"}, headers=staff.headers
    )
    assert patched.status_code == 200
    guardians = await client.get(f"{url}/guardians", headers=parent.headers)
    assert guardians.status_code == 200
    extra = await add_guardian(client, staff.headers, patient["id"], name="Grandpa")
    await client.patch(
        f"{url}/guardians/{extra['id']}", json={"phone": "+1 555 0100"}, headers=staff.headers
    )
    await client.delete(f"{url}/guardians/{extra['id']}", headers=staff.headers)
    await client.post(
        f"{url}/archive", json={"reason": "Family relocated abroad"}, headers=admin.headers
    )
    await client.post(f"{url}/restore", headers=admin.headers)

    response = await client.get(f"{url}/audit-events", params={"size": 100}, headers=admin.headers)
    assert response.status_code == 200, response.text
    events = response.json()["items"]
    actions = [e["action"] for e in events]
    assert actions[:9] == [
        "patient.restore",
        "patient.archive",
        "guardian.remove",
        "guardian.update",
        "guardian.add",
        "guardians.read",
        "patient.update",
        "patient.read",
        "patient.read",
    ]
    assert actions[-1] == "patient.create"
    assert {"guardian.invite", "guardian.add", "guardian.portal_linked"} <= set(actions)
    by_action = {}
    for event in reversed(events):
        by_action[event["action"]] = event
    assert by_action["patient.create"]["actor_id"] == staff.user_id
    assert by_action["patient.update"]["actor_id"] == staff.user_id
    assert by_action["patient.update"]["fields"] == ["address", "notes"]
    assert by_action["guardian.update"]["fields"] == ["guardians.phone"]
    assert by_action["guardians.read"]["actor_id"] == parent.account.user_id
    assert by_action["guardians.read"]["role"] == "parent"
    assert by_action["patient.archive"]["actor_id"] == admin.user_id
    assert by_action["patient.restore"]["actor_id"] == admin.user_id
    reads = [e for e in events if e["action"] == "patient.read"]
    assert {e["actor_id"] for e in reads} >= {parent.account.user_id, staff.user_id}
    for event in events:
        assert event["target_type"] == "patient" and event["target_id"] == patient["id"]
        assert event["clinic_id"] == staff.clinic_id
        assert event["ip"] == "203.0.113.7"
        assert event["request_id"]
    raw = json.dumps(response.json())
    for value in (secret_note, "7 Hidden Lane", "Family relocated abroad", "+1 555 0100", "MRN-55"):
        assert value not in raw
    ats = [e["at"] for e in events]
    assert ats == sorted(ats, reverse=True)


async def test_a_rejected_change_writes_no_update_event(client, admin, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}"
    stale = (await read(client, staff.headers, patient["id"])).headers["ETag"]
    await client.patch(url, json={"notes": "ok"}, headers=staff.headers)
    refused = await client.patch(
        url, json={"notes": "no"}, headers={**staff.headers, "If-Match": stale}
    )
    assert refused.status_code == 412
    unchanged = await client.patch(url, json={"notes": "ok"}, headers=staff.headers)
    assert unchanged.status_code == 200
    events = (await client.get(f"{url}/audit-events", headers=admin.headers)).json()["items"]
    assert [e["action"] for e in events].count("patient.update") == 1


async def test_audit_events_are_paged(client, admin, staff):
    patient = await create_patient(client, staff.headers)
    for _ in range(4):
        await read(client, staff.headers, patient["id"])
    url = f"{PATIENTS}/{patient['id']}/audit-events"
    first = (await client.get(url, params={"size": 2}, headers=admin.headers)).json()
    assert first["total"] == 5 and len(first["items"]) == 2
    last = (await client.get(url, params={"size": 2, "page": 3}, headers=admin.headers)).json()
    assert [e["action"] for e in last["items"]] == ["patient.create"]
