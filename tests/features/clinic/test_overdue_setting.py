"""Issue 15: the clinic's `overdue_after_days` (1..365, default 28) and what changing it moves."""

from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    assert_error,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
    update_clinic,
)
from tests.mail import Mailbox

CLINIC = "/api/v1/clinic"
DUE_LIST = "/api/v1/immunizations/due-list"
# 10 weeks old, never vaccinated, under `who`: DTP 1 was recommended at 6 weeks (28 days ago).
AGE_DAYS = 70


async def dtp_dose(client: AsyncClient, headers: dict[str, str], patient_id: str) -> Any:
    response = await client.get(f"{PATIENTS}/{patient_id}/forecast", headers=headers)
    assert response.status_code == 200, response.text
    return next(g for g in response.json()["vaccine_groups"] if g["vaccine_group"] == "DTP")[
        "forecast"
    ]


async def overdue_groups(client: AsyncClient, headers: dict[str, str], patient_id: str) -> set:
    response = await client.get(
        DUE_LIST, params={"status": "overdue", "size": 100}, headers=headers
    )
    assert response.status_code == 200, response.text
    return {r["vaccine_group"] for r in response.json()["items"] if r["child"]["id"] == patient_id}


async def test_default_is_28_and_admins_change_it(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    assert (await client.get(CLINIC, headers=admin.headers)).json()["overdue_after_days"] == 28

    for days in (1, 365):
        assert (await update_clinic(client, admin.headers, overdue_after_days=days))[
            "overdue_after_days"
        ] == days


@pytest.mark.parametrize("value", [0, 366, -1, None, "soon", 1.5])
async def test_out_of_range_or_cleared_is_422(client: AsyncClient, value: object) -> None:
    admin = await create_clinic_admin(client)
    response = await client.patch(CLINIC, json={"overdue_after_days": value}, headers=admin.headers)
    assert_error(response, 422)
    assert (await client.get(CLINIC, headers=admin.headers)).json()["overdue_after_days"] == 28


async def test_staff_may_not_change_it(client: AsyncClient, mailbox: Mailbox) -> None:
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    response = await client.patch(CLINIC, json={"overdue_after_days": 10}, headers=staff.headers)
    assert_error(response, 403)


async def test_changing_it_moves_past_due_dates_and_the_stored_rows(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))
    before = await dtp_dose(client, admin.headers, child["id"])
    recommended = date.fromisoformat(before["recommended_date"])
    assert before["past_due_date"] == (recommended + timedelta(days=28)).isoformat()
    assert "DTP" in await overdue_groups(client, admin.headers, child["id"])

    await update_clinic(client, admin.headers, overdue_after_days=60)

    after = await dtp_dose(client, admin.headers, child["id"])
    assert after["past_due_date"] == (recommended + timedelta(days=60)).isoformat()
    assert after["past_due_rule"] == "clinic_overdue_after_days"
    # The stored rows were refreshed: the due list no longer counts DTP overdue, only due.
    assert "DTP" not in await overdue_groups(client, admin.headers, child["id"])
    response = await client.get(DUE_LIST, params={"status": "due"}, headers=admin.headers)
    rows = [r for r in response.json()["items"] if r["child"]["id"] == child["id"]]
    dtp = next(r for r in rows if r["vaccine_group"] == "DTP")
    assert dtp["past_due_date"] == after["past_due_date"]


async def test_the_setting_does_not_touch_a_cdc_clinic(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))
    response = await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=admin.headers)
    before = response.json()["vaccine_groups"]

    await update_clinic(client, admin.headers, overdue_after_days=5)

    response = await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=admin.headers)
    assert response.json()["vaccine_groups"] == before
