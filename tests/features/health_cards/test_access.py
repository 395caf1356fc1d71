"""Who may have a child's card: the clinic's staff and the child's parents; reads are audited."""

import pytest

from tests.factories import (
    PATIENTS,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_patient,
    invite_parent,
)
from tests.features.health_cards.conftest import card_path

SUFFIXES = ("", "/qr.png", "/qr.svg", "/shc")


async def test_the_childs_parent_has_the_card(client, mailbox, staff, child):
    parent = await invite_parent(client, mailbox, staff.headers, child["id"])
    for suffix in SUFFIXES:
        response = await client.get(card_path(child["id"], suffix), headers=parent.headers)
        assert response.status_code == 200, (suffix, response.text)


async def test_the_admin_has_the_card(client, admin, child):
    response = await client.get(card_path(child["id"], "/shc"), headers=admin.headers)
    assert response.status_code == 200, response.text


async def test_another_parent_does_not_see_the_child(client, mailbox, staff, child):
    sibling = await create_patient(client, staff.headers)
    parent = await invite_parent(client, mailbox, staff.headers, sibling["id"])
    stranger = await create_parent(client)
    for headers in (parent.headers, stranger.headers):
        for suffix in SUFFIXES:
            response = await client.get(card_path(child["id"], suffix), headers=headers)
            assert_error(response, 404, "patient_not_found")


async def test_another_clinic_sees_nothing(client, child):
    other = await create_clinic_admin(client, clinic_name="Other Clinic")
    for suffix in SUFFIXES:
        response = await client.get(card_path(child["id"], suffix), headers=other.headers)
        assert_error(response, 404, "patient_not_found")


@pytest.mark.parametrize("patient_id", ["nope", "0" * 24, "6650c0ffee0ddba11c0ffee0"])
async def test_malformed_or_unknown_ids_are_404(client, staff, patient_id):
    for suffix in SUFFIXES:
        response = await client.get(card_path(patient_id, suffix), headers=staff.headers)
        assert_error(response, 404, "patient_not_found")


async def test_every_card_read_is_audited(client, admin, staff, child):
    for suffix in SUFFIXES:
        response = await client.get(card_path(child["id"], suffix), headers=staff.headers)
        assert response.status_code == 200
    events = await client.get(
        f"{PATIENTS}/{child['id']}/audit-events", params={"size": 100}, headers=admin.headers
    )
    actions = [e["action"] for e in events.json()["items"] if e["action"].startswith("health_")]
    assert sorted(actions) == sorted(
        ["health_card.download", "health_card.read", "health_card.read", "health_card.read"]
    )
    assert {e["actor_id"] for e in events.json()["items"] if e["action"].startswith("health_")} == {
        staff.user_id
    }


async def test_an_archived_childs_card_is_still_served(client, staff, child):
    archived = await client.post(
        f"{PATIENTS}/{child['id']}/archive", json={"reason": "moved away"}, headers=staff.headers
    )
    assert archived.status_code == 200, archived.text
    response = await client.get(card_path(child["id"]), headers=staff.headers)
    assert response.status_code == 200, response.text
