"""Coverage on a constructed cohort whose answer is known, counting valid doses only."""

from datetime import date, timedelta

import pytest

from app.shared.time import add_months, latest_birth_date_at_age
from tests.factories import (
    add_dose,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_patient,
)

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb

COVERAGE = "/api/v1/reports/coverage"
DTP, MEASLES = "01", "05"  # CVX: DTP (whole cell), measles


def weeks(n: int) -> timedelta:
    return timedelta(weeks=n)


async def child(client, headers, born: date, *, dtp: list[date], measles: bool) -> str:
    patient = await create_patient(client, headers, date_of_birth=born.isoformat())
    for day in dtp:
        await add_dose(client, headers, patient["id"], DTP, day)
    if measles:
        await add_dose(client, headers, patient["id"], MEASLES, add_months(born, 9))
    return patient["id"]


@pytest.fixture
async def who_clinic(client):
    admin = await create_clinic_admin(client)
    response = await client.patch(
        "/api/v1/clinic", json={"schedule_code": "who"}, headers=admin.headers
    )
    assert response.status_code == 200
    return admin


async def test_known_cohort_gives_exact_figures(client, who_clinic):
    """10 children 12-23 months old: 9 with DTP1, 6 with three DTP doses of which one has a
    third dose too soon after the second (not valid), 7 with MCV1."""
    headers = who_clinic.headers
    today = clinic_today()
    born = latest_birth_date_at_age(today, 18)
    on_time = [born + weeks(6), born + weeks(10), born + weeks(14)]
    too_soon = [born + weeks(6), born + weeks(10), born + weeks(11)]  # 1 week < 4-week minimum
    plans = (
        [(on_time, True)] * 5  # DTP3 valid, MCV1
        + [(too_soon, True)]  # three doses, only two valid; MCV1
        + [(on_time[:1], True)]  # DTP1 only; MCV1
        + [(on_time[:2], False)] * 2  # DTP1 and DTP2; no MCV1
        + [([], False)]  # nothing
    )
    for dtp, measles in plans:
        await child(client, headers, born, dtp=dtp, measles=measles)
    # Outside the cohort (30 months old) and fully vaccinated: must not count anywhere.
    await child(client, headers, latest_birth_date_at_age(today, 30), dtp=on_time, measles=True)

    response = await client.get(COVERAGE, params={"cohort": "12-23m"}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    by_name = {i["indicator"]: i for i in body["indicators"]}
    assert body["eligible"] == 10
    assert (by_name["DTP1"]["vaccinated"], by_name["DTP1"]["coverage_pct"]) == (9, 90.0)
    assert (by_name["DTP3"]["vaccinated"], by_name["DTP3"]["coverage_pct"]) == (5, 50.0)
    assert (by_name["MCV1"]["vaccinated"], by_name["MCV1"]["coverage_pct"]) == (7, 70.0)
    assert by_name["MCV2"]["vaccinated"] == 0
    assert body["dropout_dtp1_dtp3_pct"] == 44.4
    assert [i["indicator"] for i in body["indicators"]] == [
        "BCG",
        "HepB-birth",
        "DTP1",
        "DTP3",
        "Polio3",
        "PCV3",
        "Rota-last",
        "MCV1",
        "MCV2",
    ]

    older = await client.get(COVERAGE, params={"cohort": "24-35m"}, headers=headers)
    older_by_name = {i["indicator"]: i for i in older.json()["indicators"]}
    assert older.json()["eligible"] == 1
    assert older_by_name["DTP3"]["coverage_pct"] == 100.0

    csv = await client.get(COVERAGE, params={"cohort": "12-23m", "format": "csv"}, headers=headers)
    assert csv.status_code == 200
    assert "attachment" in csv.headers["content-disposition"]
    assert f"coverage-12-23m-{today.isoformat()}.csv" in csv.headers["content-disposition"]
    lines = csv.text.strip().splitlines()
    assert lines[0] == "indicator,vaccine_group,eligible,vaccinated,coverage_pct"
    assert "DTP3,DTP,10,5,50.0" in lines
    assert lines[-1].startswith("dropout_dtp1_dtp3_pct")


async def test_birth_year_cohort_and_bad_cohorts(client, who_clinic):
    headers = who_clinic.headers
    today = clinic_today()
    born = date(today.year - 1, 3, 1)
    await child(client, headers, born, dtp=[born + weeks(6)], measles=False)
    response = await client.get(COVERAGE, params={"cohort": f"born:{born.year}"}, headers=headers)
    assert response.json()["eligible"] == 1
    assert response.json()["born_from"] == f"{born.year}-01-01"
    for bad in ("born:1800", "6-11m", "born:abcd", f"born:{today.year + 1}"):
        assert_error(await client.get(COVERAGE, params={"cohort": bad}, headers=headers), 422)
