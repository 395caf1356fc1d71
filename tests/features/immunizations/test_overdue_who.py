"""Issue 15 part 1: under `who`, a dose with no past-due age in the data is overdue after the
clinic's `overdue_after_days` (28 by default), everywhere the clinic looks for defaulters."""

from datetime import date, timedelta
from typing import Any

from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    add_guardian,
    clinic_today,
    create_clinic_admin,
    create_patient,
    days_ago,
    read_outbox,
    run_reminders,
    set_schedule,
    unique_email,
    update_clinic,
)

DUE_LIST = "/api/v1/immunizations/due-list"
DEFAULTERS = "/api/v1/reports/defaulters"
SUMMARY = "/api/v1/reports/summary"
# 23 months old (700 days) and never vaccinated: WHO's infant doses (6, 10, 14 weeks; measles
# and rubella at 9 months) are all many weeks behind, and rotavirus is still givable (to 24 m).
AGE_DAYS = 700
# WHO Table 2 infant groups whose first dose is recommended before 9 months, and which the
# WHO data gives no past-due age for (see WHO-SCHEDULE.md).
INFANT_GROUPS = {"BCG", "HepB", "Polio", "DTP", "Hib", "Pneumococcal", "Rotavirus"}
MEASLES_GROUPS = {"Measles", "Rubella"}


async def forecast_of(client: AsyncClient, headers: dict[str, str], patient_id: str) -> Any:
    response = await client.get(f"{PATIENTS}/{patient_id}/forecast", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def rows_of(
    client: AsyncClient, headers: dict[str, str], path: str, patient_id: str, **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(path, params={"size": 100, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [row for row in response.json()["items"] if row["child"]["id"] == patient_id]


async def test_a_23_month_old_with_no_dose_is_overdue_for_every_infant_group(
    client: AsyncClient,
) -> None:
    admin = await create_clinic_admin(client)  # a new clinic follows `who`
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))

    body = await forecast_of(client, admin.headers, child["id"])

    assert body["schedule"] == "who"
    groups = {g["vaccine_group"]: g for g in body["vaccine_groups"]}
    today = clinic_today()
    for name in INFANT_GROUPS | MEASLES_GROUPS:
        dose = groups[name]["forecast"]
        recommended = date.fromisoformat(dose["recommended_date"])
        assert dose["past_due_rule"] == "clinic_overdue_after_days", name
        assert dose["past_due_date"] == (recommended + timedelta(days=28)).isoformat(), name
        assert date.fromisoformat(dose["past_due_date"]) <= today, name
        assert groups[name]["conditions"] == []
    # HPV (girls from 9 years) keeps the past-due age the WHO data gives it.
    assert groups["HPV"]["forecast"]["past_due_rule"] == "schedule"
    assert body["summary"]["status"] == "overdue"
    assert set(body["summary"]["overdue_vaccine_groups"]) == INFANT_GROUPS | MEASLES_GROUPS


async def test_the_defaulter_is_on_the_due_list_in_defaulters_and_in_the_summary(
    client: AsyncClient,
) -> None:
    admin = await create_clinic_admin(client)
    before = (await client.get(SUMMARY, headers=admin.headers)).json()["overdue"]
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))

    due = await rows_of(client, admin.headers, DUE_LIST, child["id"], status="overdue")
    defaulters = await rows_of(client, admin.headers, DEFAULTERS, child["id"])
    summary = await client.get(SUMMARY, headers=admin.headers)

    expected = INFANT_GROUPS | MEASLES_GROUPS
    assert {row["vaccine_group"] for row in due} == expected
    assert {row["status"] for row in due} == {"overdue"}
    assert all(row["days_overdue"] > 0 for row in due)
    assert {row["vaccine_group"] for row in defaulters} == expected
    assert summary.status_code == 200, summary.text
    assert (before, summary.json()["overdue"]) == (0, 1)


async def test_the_defaulter_gets_an_overdue_reminder(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))
    email = unique_email("guardian")
    await add_guardian(client, admin.headers, child["id"], email=email)

    result = await run_reminders(client, admin.headers)

    assert result["created"] >= 1 and result["failed"] == 0
    sent = [m for m in await read_outbox(client, admin.headers) if m["to"] == email]
    assert [m["kind"] for m in sent] == ["dose_overdue"]


async def test_a_dose_given_clears_that_group_only(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(AGE_DAYS))
    await add_dose(client, admin.headers, child["id"], "19", days_ago(1))  # BCG today-ish

    due = await rows_of(client, admin.headers, DUE_LIST, child["id"], status="overdue")

    assert {row["vaccine_group"] for row in due} == (INFANT_GROUPS | MEASLES_GROUPS) - {"BCG"}


async def test_cdc_results_keep_the_schedule_rule(client: AsyncClient) -> None:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    # 45 days old: CDSi gives rotavirus dose 1 no past-due date (only a latest age).
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(45))

    body = await forecast_of(client, admin.headers, child["id"])

    dated = [g["forecast"] for g in body["vaccine_groups"] if g["forecast"]]
    assert dated and {d["past_due_rule"] for d in dated} == {"schedule"}
    rotavirus = next(g for g in body["vaccine_groups"] if g["vaccine_group"] == "Rotavirus")
    assert rotavirus["forecast"]["past_due_date"] is None


async def test_stateless_forecast_uses_the_callers_setting(
    client: AsyncClient, admin: SignedIn
) -> None:
    await update_clinic(client, admin.headers, overdue_after_days=10)
    born = clinic_today() - timedelta(days=AGE_DAYS)
    body = {"date_of_birth": born.isoformat(), "assessment_date": clinic_today().isoformat()}

    response = await client.post("/api/v1/schedules/who/forecast", json=body, headers=admin.headers)

    assert response.status_code == 200, response.text
    dtp = next(g for g in response.json()["vaccine_groups"] if g["vaccine_group"] == "DTP")
    recommended = date.fromisoformat(dtp["forecast"]["recommended_date"])
    assert dtp["forecast"]["past_due_date"] == (recommended + timedelta(days=10)).isoformat()
    assert dtp["forecast"]["past_due_rule"] == "clinic_overdue_after_days"
