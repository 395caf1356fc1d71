"""Bulk reads of personal data are audited: one event per request naming the query.

The patient list and search, the due list, the defaulters report and every CSV download each
write exactly one event on the clinic, whose `fields` name the query parameters given (never
their values, never the children returned). Before this fix none of them was audited.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
)
from tests.mail import Mailbox

EVENTS = "/api/v1/clinic/audit-events"
SEARCHED_NAME = "Zuberi"

# (path, query parameters, expected action, expected `fields`)
BULK_READS: list[tuple[str, dict[str, str], str, list[str]]] = [
    (PATIENTS, {}, "patients.list", ["status"]),
    (
        PATIENTS,
        {"q": SEARCHED_NAME, "born_from": "2000-01-01"},
        "patients.list",
        ["born_from", "q", "status"],
    ),
    (PATIENTS, {"status": "archived"}, "patients.list", ["status"]),
    ("/api/v1/immunizations/due-list", {}, "immunizations.due_list.read", []),
    (
        "/api/v1/immunizations/due-list",
        {"format": "csv", "status": "overdue", "vaccine_group": "Polio"},
        "immunizations.due_list.export",
        ["status", "vaccine_group"],
    ),
    ("/api/v1/reports/defaulters", {}, "reports.defaulters.read", ["status"]),
    ("/api/v1/reports/defaulters", {"format": "csv"}, "reports.defaulters.export", ["status"]),
    ("/api/v1/reports/summary", {"format": "csv"}, "reports.summary.export", []),
    (
        "/api/v1/reports/coverage",
        {"format": "csv", "cohort": "24-35m"},
        "reports.coverage.export",
        ["cohort"],
    ),
    (
        "/api/v1/reports/doses-administered",
        {"format": "csv", "group_by": "vaccine_group"},
        "reports.doses_administered.export",
        ["group_by"],
    ),
]


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    staff = await create_staff(client, mailbox, admin)
    # Two unvaccinated children: every list and report has several rows about them.
    for _ in range(2):
        await create_patient(
            client, staff.headers, first_name=SEARCHED_NAME, date_of_birth=days_ago(400)
        )
    return staff


async def trail(client: AsyncClient, admin: SignedIn) -> dict[str, Any]:
    """The clinic's audit trail, newest first (reading it is not itself audited)."""
    response = await client.get(EVENTS, params={"size": 100}, headers=admin.headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


@pytest.mark.parametrize(
    ("path", "params", "action", "fields"),
    BULK_READS,
    ids=[
        f"{action}{'?' + ','.join(params) if params else ''}" for _, params, action, _ in BULK_READS
    ],
)
async def test_a_bulk_read_writes_one_event_naming_the_query(
    client: AsyncClient,
    admin: SignedIn,
    staff: SignedIn,
    path: str,
    params: dict[str, str],
    action: str,
    fields: list[str],
) -> None:
    before = await trail(client, admin)
    response = await client.get(path, params=params, headers=staff.headers)
    assert response.status_code == 200, response.text
    after = await trail(client, admin)

    assert after["total"] == before["total"] + 1, [e["action"] for e in after["items"]]
    event = after["items"][0]
    assert event["action"] == action
    assert event["fields"] == fields
    assert event["actor_id"] == staff.user_id
    assert (event["target_type"], event["target_id"]) == ("clinic", admin.clinic_id)
    # Names, not values: a searched name is personal data and stays out of the trail.
    assert SEARCHED_NAME.lower() not in str(event).lower()


async def test_each_page_of_the_patient_list_is_one_event(
    client: AsyncClient, admin: SignedIn, staff: SignedIn
) -> None:
    before = await trail(client, admin)
    for page in (1, 2):
        listed = await client.get(PATIENTS, params={"size": 1, "page": page}, headers=staff.headers)
        assert listed.status_code == 200, listed.text
    after = await trail(client, admin)
    new = after["items"][: after["total"] - before["total"]]
    assert [e["action"] for e in new] == ["patients.list", "patients.list"]
