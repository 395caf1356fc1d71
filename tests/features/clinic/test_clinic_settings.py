"""The clinic's settings: who may read and change them, what is refused, what is audited."""

from datetime import datetime

import pytest

from tests.factories import (
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_staff,
)

CLINIC = "/api/v1/clinic"
CLINIC_FIELDS = {
    "id",
    "name",
    "address",
    "phone",
    "email",
    "timezone",
    "logo_url",
    "primary_color",
    "schedule_code",
    "reminder_days_before",
    "overdue_after_days",
    "created_at",
    "updated_at",
}


async def clinic_updates(client, admin: SignedIn) -> list[dict]:
    response = await client.get(
        "/api/v1/clinic/audit-events", params={"action": "clinic.update"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def parse_instant(value: str) -> datetime:
    assert value.endswith("Z"), value
    return datetime.fromisoformat(value)


async def test_admin_reads_the_clinic_with_its_defaults(client):
    admin = await create_clinic_admin(client, clinic_name="Lakeside Clinic")
    response = await client.get(CLINIC, headers=admin.headers)
    assert response.status_code == 200, response.text
    clinic = response.json()
    assert set(clinic) == CLINIC_FIELDS
    assert clinic["id"] == admin.clinic_id
    assert clinic["name"] == "Lakeside Clinic"
    assert clinic["timezone"] == "UTC"
    assert clinic["primary_color"] == "#1F6FEB"
    assert clinic["schedule_code"] == "who"
    assert clinic["reminder_days_before"] == 7
    assert clinic["address"] is None and clinic["logo_url"] is None
    assert parse_instant(clinic["created_at"]) <= parse_instant(clinic["updated_at"])


async def test_staff_read_their_clinic(client, mailbox):
    admin = await create_clinic_admin(client, clinic_name="Hillside Clinic")
    staff = await create_staff(client, mailbox, admin)
    response = await client.get(CLINIC, headers=staff.headers)
    assert response.status_code == 200, response.text
    assert set(response.json()) == CLINIC_FIELDS
    assert response.json()["id"] == admin.clinic_id
    assert response.json()["name"] == "Hillside Clinic"


async def test_parents_and_strangers_cannot_read_a_clinic(client):
    parent = await create_parent(client)
    assert_error(await client.get(CLINIC, headers=parent.headers), 403, "forbidden")
    assert_error(await client.get(CLINIC), 401)
    bogus = {"Authorization": "Bearer not-a-token"}
    assert_error(await client.get(CLINIC, headers=bogus), 401)


async def test_admin_changes_settings_and_they_persist(client):
    admin = await create_clinic_admin(client)
    before = (await client.get(CLINIC, headers=admin.headers)).json()
    changes = {
        "name": "  Riverside Children's Clinic  ",
        "address": "1 River Road, Kisumu",
        "phone": "+254 700 000 000",
        "email": "front-desk@riverside.example.org",
        "timezone": "Africa/Nairobi",
        "logo_url": "https://cdn.example.org/riverside.png",
        "primary_color": "#0a7f3c",
        "schedule_code": "cdc-acip",
        "reminder_days_before": 14,
    }
    response = await client.patch(CLINIC, json=changes, headers=admin.headers)
    assert response.status_code == 200, response.text
    after = (await client.get(CLINIC, headers=admin.headers)).json()
    assert after == response.json()
    assert after["name"] == "Riverside Children's Clinic"
    for key in ("address", "phone", "email", "timezone", "primary_color", "schedule_code"):
        assert after[key] == changes[key]
    assert after["logo_url"] == "https://cdn.example.org/riverside.png"
    assert after["reminder_days_before"] == 14
    assert after["created_at"] == before["created_at"]
    assert parse_instant(after["updated_at"]) > parse_instant(before["updated_at"])


async def test_reminder_days_accept_both_bounds(client):
    admin = await create_clinic_admin(client)
    for days in (0, 60):
        response = await client.patch(
            CLINIC, json={"reminder_days_before": days}, headers=admin.headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["reminder_days_before"] == days


async def test_optional_contact_fields_can_be_cleared(client):
    admin = await create_clinic_admin(client)
    await client.patch(CLINIC, json={"address": "2 Hill St"}, headers=admin.headers)
    response = await client.patch(CLINIC, json={"address": None}, headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["address"] is None
    assert (await client.get(CLINIC, headers=admin.headers)).json()["address"] is None


async def test_update_is_audited_with_the_changed_field_names_only(client):
    admin = await create_clinic_admin(client, clinic_name="Sunrise Clinic")
    response = await client.patch(
        CLINIC,
        # The name and colour are today's values: not changes, so not audited.
        json={"name": "Sunrise Clinic", "primary_color": "#1F6FEB", "timezone": "Asia/Manila"},
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text
    [event] = await clinic_updates(client, admin)
    assert event["fields"] == ["timezone"]
    assert event["actor_id"] == admin.user_id
    assert event["role"] == "admin"
    assert event["clinic_id"] == admin.clinic_id
    assert event["target_type"] == "clinic" and event["target_id"] == admin.clinic_id
    assert "Asia/Manila" not in str(event)

    await client.patch(
        CLINIC, json={"schedule_code": "cdc-acip", "phone": "555 0100"}, headers=admin.headers
    )
    newest, _ = await clinic_updates(client, admin)
    assert newest["fields"] == ["phone", "schedule_code"]


async def test_an_update_that_changes_nothing_is_not_audited(client):
    admin = await create_clinic_admin(client, clinic_name="Sunrise Clinic")
    response = await client.patch(
        CLINIC, json={"name": "Sunrise Clinic", "timezone": "UTC"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert await clinic_updates(client, admin) == []


async def test_staff_and_parents_cannot_change_settings(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    parent = await create_parent(client)
    for caller in (staff, parent):
        response = await client.patch(CLINIC, json={"name": "Taken"}, headers=caller.headers)
        assert_error(response, 403, "forbidden")
    assert (await client.get(CLINIC, headers=admin.headers)).json()["name"] == "Sunrise Clinic"
    assert await clinic_updates(client, admin) == []


INVALID_CHANGES = [
    pytest.param({"timezone": "Mars/Olympus_Mons"}, id="unknown-timezone"),
    pytest.param({"timezone": "../../etc/passwd"}, id="path-as-timezone"),
    pytest.param({"timezone": "EAT+3"}, id="abbreviation-timezone"),
    pytest.param({"timezone": ""}, id="empty-timezone"),
    pytest.param({"primary_color": "red"}, id="colour-name"),
    pytest.param({"primary_color": "#12345"}, id="colour-too-short"),
    pytest.param({"primary_color": "#1234567"}, id="colour-too-long"),
    pytest.param({"primary_color": "#GGGGGG"}, id="colour-not-hex"),
    pytest.param({"primary_color": "1F6FEB"}, id="colour-without-hash"),
    pytest.param({"schedule_code": "WHO"}, id="schedule-wrong-case"),
    pytest.param({"schedule_code": "nhs"}, id="schedule-unknown"),
    pytest.param({"reminder_days_before": -1}, id="reminder-negative"),
    pytest.param({"reminder_days_before": 61}, id="reminder-too-far"),
    pytest.param({"reminder_days_before": 2.5}, id="reminder-fraction"),
    pytest.param({"name": ""}, id="empty-name"),
    pytest.param({"name": "   "}, id="blank-name"),
    pytest.param({"name": "x" * 201}, id="long-name"),
    pytest.param({"email": "not-an-address"}, id="bad-email"),
    pytest.param({"logo_url": "javascript:alert(1)"}, id="script-url"),
    pytest.param({"name": None}, id="null-name"),
    pytest.param({"timezone": None}, id="null-timezone"),
    pytest.param({"primary_color": None}, id="null-colour"),
    pytest.param({"schedule_code": None}, id="null-schedule"),
    pytest.param({"reminder_days_before": None}, id="null-reminder"),
    pytest.param({"colour": "#000000"}, id="unknown-field"),
    pytest.param({"id": "65f000000000000000000000"}, id="server-owned-id"),
    pytest.param({"clinic_id": "65f000000000000000000000"}, id="server-owned-clinic-id"),
    pytest.param({"created_at": "2020-01-01T00:00:00Z"}, id="server-owned-created-at"),
    pytest.param({"updated_at": "2020-01-01T00:00:00Z"}, id="server-owned-updated-at"),
    pytest.param({"name_key": "hijack"}, id="internal-name-key"),
    pytest.param({"name": "Fine", "timezone": "Nowhere/Else"}, id="one-bad-field-spoils-all"),
]


@pytest.mark.parametrize("changes", INVALID_CHANGES)
async def test_invalid_changes_are_refused_and_nothing_changes(client, changes):
    admin = await create_clinic_admin(client)
    before = (await client.get(CLINIC, headers=admin.headers)).json()
    response = await client.patch(CLINIC, json=changes, headers=admin.headers)
    error = assert_error(response, 422, "validation_error")
    assert error["details"], error
    assert (await client.get(CLINIC, headers=admin.headers)).json() == before
    assert await clinic_updates(client, admin) == []


async def test_a_body_that_is_not_an_object_is_refused(client):
    admin = await create_clinic_admin(client)
    for body in ([], "name", 7):
        response = await client.patch(CLINIC, json=body, headers=admin.headers)
        assert_error(response, 422, "validation_error")


async def test_the_api_document_offers_null_only_for_clearable_fields(client):
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["ClinicUpdate"]
    fields = schema["properties"]
    assert schema["additionalProperties"] is False
    for required in ("name", "timezone", "primary_color", "schedule_code", "reminder_days_before"):
        assert "null" not in str(fields[required].get("anyOf", fields[required]["type"]))
    for clearable in ("address", "phone", "email", "logo_url"):
        assert {"type": "null"} in fields[clearable]["anyOf"]
