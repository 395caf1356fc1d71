"""The summary report on a small clinic whose figures are known (see small_clinic.py)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.features.immunizations.due_rules import DUE_SOON_DAYS, dose_status
from tests.factories import (
    PATIENTS,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_parent,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
)
from tests.features.reports.small_clinic import EXPECTED_SUMMARY, build_small_clinic

SUMMARY = "/api/v1/reports/summary"
REPORTS = ("summary", "coverage", "doses-administered", "defaulters")


async def test_summary_counts_children_doses_and_concerns(client):
    clinic = await build_small_clinic(client)
    response = await client.get(SUMMARY, headers=clinic.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"as_of": clinic.today.isoformat(), **EXPECTED_SUMMARY}


async def test_summary_as_of_moves_the_overdue_line(client):
    clinic = await build_small_clinic(client)
    # 20 days ago the 40-day-old's birth dose of HepB (past due at 27 days) was not yet late.
    earlier = (clinic.today - timedelta(days=20)).isoformat()
    body = (await client.get(SUMMARY, params={"as_of": earlier}, headers=clinic.headers)).json()
    assert body["as_of"] == earlier
    assert body["overdue"] == 1
    assert body["active_patients"] == 6
    # The five doses of 25 days ago are within the 30 days before it; the birth doses are not.
    assert body["doses_administered_last_30_days"] == 5
    # In 18 days, the 10-day-old whose HepB was entered in error (past due at 27 days) is late
    # too; of the doses, only the newborn's (10 days ago) is still within the last 30 days.
    later = (clinic.today + timedelta(days=18)).isoformat()
    body = (await client.get(SUMMARY, params={"as_of": later}, headers=clinic.headers)).json()
    assert body["overdue"] == 3
    assert body["doses_administered_last_30_days"] == 1


async def test_other_clinic_sees_only_its_own_child(client):
    clinic = await build_small_clinic(client)
    body = (await client.get(SUMMARY, headers=clinic.other_admin.headers)).json()
    assert body["active_patients"] == 1
    assert body["overdue"] == 1
    assert body["doses_administered_last_30_days"] == 1
    assert body["up_to_date_pct"] == 0.0


async def test_empty_clinic_answers_zeros(client, mailbox):
    admin = await create_clinic_admin(client)
    body = (await client.get(SUMMARY, headers=admin.headers)).json()
    assert body["active_patients"] == 0
    assert body["overdue"] == body["due_next_30_days"] == 0
    assert body["doses_administered_last_30_days"] == 0
    assert body["children_with_milestone_concerns"] == 0


async def test_summary_csv_has_the_same_figures(client):
    clinic = await build_small_clinic(client)
    response = await client.get(SUMMARY, params={"format": "csv"}, headers=clinic.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert "attachment" in disposition
    assert f"summary-{clinic.today.isoformat()}.csv" in disposition
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    assert rows[0]["as_of"] == clinic.today.isoformat()
    for field, value in EXPECTED_SUMMARY.items():
        assert rows[0][field] == str(value), field


@pytest.mark.parametrize("report", REPORTS)
async def test_reports_need_a_clinic_member(client, mailbox, report):
    admin = await create_clinic_admin(client)
    path = f"/api/v1/reports/{report}"
    assert_error(await client.get(path), 401)
    parent = await create_parent(client)
    assert_error(await client.get(path, headers=parent.headers), 403)
    staff = await create_staff(client, mailbox, admin)
    assert (await client.get(path, headers=staff.headers)).status_code == 200


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("as_of", ["2026-13-01", "yesterday", "20260101", "2026-02-30"])
async def test_as_of_must_be_an_iso_date(client, report, as_of):
    admin = await create_clinic_admin(client)
    response = await client.get(
        f"/api/v1/reports/{report}", params={"as_of": as_of}, headers=admin.headers
    )
    if report == "doses-administered":  # no as_of there: from/to instead
        response = await client.get(
            f"/api/v1/reports/{report}", params={"from": as_of}, headers=admin.headers
        )
    assert_error(response, 422)


@pytest.mark.parametrize("report", REPORTS)
async def test_unknown_format_is_refused(client, report):
    admin = await create_clinic_admin(client)
    response = await client.get(
        f"/api/v1/reports/{report}", params={"format": "xml"}, headers=admin.headers
    )
    assert_error(response, 422)


async def test_summary_counts_follow_the_due_rule_on_any_day(client):
    """Around every date of a child's forecast, the summary's counts say what the rule says."""
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(75))
    forecast = await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=admin.headers)
    assert forecast.status_code == 200, forecast.text
    fields = ("recommended_date", "past_due_date", "latest_date")
    rows = [
        Dates(*(_day(g["forecast"][f]) for f in fields))
        for g in forecast.json()["vaccine_groups"]
        if g["forecast"]
    ]
    edges = {clinic_today()}
    for row in rows:
        for day, shift in ((row.recommended_date, -DUE_SOON_DAYS), (row.past_due_date, 0)):
            if day is not None:
                edges |= {day + timedelta(days=shift + d) for d in (-1, 0)}
        if row.latest_date is not None:
            edges |= {row.latest_date, row.latest_date + timedelta(days=1)}
    seen = set()
    for day in sorted(edges):
        statuses = {dose_status(r, day, day + timedelta(days=DUE_SOON_DAYS)) for r in rows}
        expected = "overdue" if "overdue" in statuses else "due" if "due" in statuses else None
        seen.add(expected)
        params = {"as_of": day.isoformat()}
        body = (await client.get(SUMMARY, params=params, headers=admin.headers)).json()
        assert (body["overdue"], body["due_next_30_days"]) == (
            int(expected == "overdue"),
            int(expected == "due"),
        ), day
    assert seen == {"overdue", "due", None}, "the days tried cover every status"


@dataclass(frozen=True)
class Dates:
    recommended_date: date | None
    past_due_date: date | None
    latest_date: date | None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
