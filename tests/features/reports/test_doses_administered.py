"""Doses given at the clinic, by month and by vaccine group, with inclusive date bounds."""

import csv
import io
from datetime import date, timedelta

import pytest

from tests.factories import (
    add_dose,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_patient,
    immunizations_path,
    set_schedule,
)

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb

DOSES = "/api/v1/reports/doses-administered"
DTAP, IPV, HIB, HEXAVALENT, HEPB, PCV = "20", "10", "48", "146", "08", "215"


def first_of_march() -> date:
    """1 March of last year: always in the past, and March has 31 days."""
    return date(clinic_today().year - 1, 3, 1)


@pytest.fixture
async def clinic(client):
    """One child of a cdc-acip clinic with doses around the turn of March and April.

    Counted: 1 Mar DTaP + IPV, 31 Mar Hib, 1 Apr DTaP-IPV-Hib-HepB (one dose, four groups),
    1 May HepB. Not counted: a historical dose, a dose entered in error, a not-done record,
    and another clinic's dose.
    """
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    march = first_of_march()
    born = march - timedelta(days=200)
    child = (await create_patient(client, admin.headers, date_of_birth=born.isoformat()))["id"]
    for cvx, day in [
        (DTAP, march),
        (IPV, march),
        (HIB, date(march.year, 3, 31)),
        (HEXAVALENT, date(march.year, 4, 1)),
        (HEPB, date(march.year, 5, 1)),
    ]:
        await add_dose(client, admin.headers, child, cvx, day)
    await add_dose(client, admin.headers, child, DTAP, date(march.year, 4, 15), source="historical")
    wrong = await add_dose(client, admin.headers, child, PCV, date(march.year, 4, 20))
    marked = await client.post(
        f"{immunizations_path(child, wrong['id'])}/entered-in-error",
        json={"reason": "wrong child"},
        headers=admin.headers,
    )
    assert marked.status_code == 200, marked.text
    refused = await client.post(
        f"{immunizations_path(child)}/not-done",
        json={"vaccine_group": "Rotavirus", "date": f"{march.year}-04-10", "reason": "refusal"},
        headers=admin.headers,
    )
    assert refused.status_code == 201, refused.text

    other = await create_clinic_admin(client, clinic_name="Elsewhere Clinic")
    await set_schedule(client, other.headers, "cdc-acip")
    theirs = (await create_patient(client, other.headers, date_of_birth=born.isoformat()))["id"]
    await add_dose(client, other.headers, theirs, DTAP, date(march.year, 3, 15))
    return admin


def window(start: str, end: str, **params: str) -> dict[str, str]:
    year = first_of_march().year
    return {"from": f"{year}-{start}", "to": f"{year}-{end}", **params}


async def test_by_month_counts_clinic_doses_only(client, clinic):
    response = await client.get(DOSES, params=window("03-01", "04-30"), headers=clinic.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    year = first_of_march().year
    assert body["group_by"] == "month"
    assert (body["date_from"], body["date_to"]) == (f"{year}-03-01", f"{year}-04-30")
    assert body["rows"] == [
        {"key": f"{year}-03", "doses": 3},
        {"key": f"{year}-04", "doses": 1},
    ]
    assert body["total"] == 4


async def test_by_vaccine_group_counts_each_group_of_a_combination(client, clinic):
    params = window("03-01", "04-30", group_by="vaccine_group")
    body = (await client.get(DOSES, params=params, headers=clinic.headers)).json()
    assert {row["key"]: row["doses"] for row in body["rows"]} == {
        "DTaP/Tdap/Td": 2,
        "Polio": 2,
        "Hib": 2,
        "HepB": 1,
    }
    assert [row["key"] for row in body["rows"]] == sorted(row["key"] for row in body["rows"])
    assert body["total"] == 4  # doses, not group rows


@pytest.mark.parametrize(
    ("start", "end", "total"),
    [
        ("03-31", "04-01", 2),  # both bounds inclusive
        ("03-02", "03-30", 0),
        ("05-01", "05-01", 1),
        ("01-01", "12-31", 5),
    ],
)
async def test_bounds_are_inclusive(client, clinic, start, end, total):
    body = (await client.get(DOSES, params=window(start, end), headers=clinic.headers)).json()
    assert body["total"] == total
    assert sum(row["doses"] for row in body["rows"]) == total


async def test_from_after_to_is_refused(client, clinic):
    response = await client.get(DOSES, params=window("04-02", "04-01"), headers=clinic.headers)
    assert_error(response, 422)


@pytest.mark.parametrize("group_by", ["week", "vaccine", ""])
async def test_unknown_group_by_is_refused(client, clinic, group_by):
    response = await client.get(DOSES, params={"group_by": group_by}, headers=clinic.headers)
    assert_error(response, 422)


async def test_default_window_is_the_last_365_days(client, clinic):
    body = (await client.get(DOSES, headers=clinic.headers)).json()
    today = clinic_today()
    assert body["date_to"] == today.isoformat()
    assert body["date_from"] == (today - timedelta(days=365)).isoformat()


async def test_csv_by_month_and_by_group(client, clinic):
    year = first_of_march().year
    response = await client.get(
        DOSES, params=window("03-01", "04-30", format="csv"), headers=clinic.headers
    )
    assert response.status_code == 200, response.text
    assert f"doses-administered-{year}-04-30.csv" in response.headers["content-disposition"]
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["month", "doses"],
        [f"{year}-03", "3"],
        [f"{year}-04", "1"],
    ]
    by_group = await client.get(
        DOSES,
        params=window("03-01", "04-30", format="csv", group_by="vaccine_group"),
        headers=clinic.headers,
    )
    rows = list(csv.reader(io.StringIO(by_group.text)))
    assert rows[0] == ["vaccine_group", "doses"]
    assert dict(rows[1:]) == {"DTaP/Tdap/Td": "2", "HepB": "1", "Hib": "2", "Polio": "2"}
