"""Defaulters: every overdue dose of the clinic's active children, most overdue first."""

import csv
import io
from datetime import timedelta

from tests.factories import assert_error
from tests.features.reports.small_clinic import build_small_clinic

DEFAULTERS = "/api/v1/reports/defaulters"
COVERAGE = "/api/v1/reports/coverage"


async def test_overdue_rows_most_overdue_first_with_guardian_contacts(client):
    clinic = await build_small_clinic(client)
    response = await client.get(DEFAULTERS, headers=clinic.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    rows = body["items"]
    children = [row["child"]["id"] for row in rows]
    # 150-day-old: HepB, DTaP, Hib, pneumococcal and polio overdue (rotavirus is past its
    # latest age: it can no longer be given); 40-day-old: HepB. Nobody else, and not the
    # archived child nor the other clinic's.
    assert body["total"] == len(rows) == 6
    assert children.count(clinic.ids["overdue_many"]) == 5
    assert children.count(clinic.ids["overdue_one"]) == 1
    assert {row["status"] for row in rows} == {"overdue"}
    days = [row["days_overdue"] for row in rows]
    assert days == sorted(days, reverse=True) and days[-1] > 0
    assert rows[0]["child"]["id"] == clinic.ids["overdue_many"]
    assert rows[0]["vaccine_group"] == "HepB"
    assert {row["vaccine_group"] for row in rows if row["child"]["id"] == children[0]} == {
        "HepB",
        "DTaP/Tdap/Td",
        "Hib",
        "Pneumococcal",
        "Polio",
    }
    for row in rows:
        assert (clinic.today - timedelta(days=row["days_overdue"])).isoformat() == row[
            "past_due_date"
        ]
    last = rows[-1]
    assert last["child"]["id"] == clinic.ids["overdue_one"]
    assert last["primary_guardian"] == {
        "name": "Olu Mother",
        "phone": "+234 801 000 0001",
        "email": "olu.mother@example.org",
    }
    assert rows[0]["primary_guardian"]["phone"] == "+234 801 000 0002"
    assert rows[0]["primary_guardian"]["email"] is None


async def test_as_of_and_pages(client):
    clinic = await build_small_clinic(client)
    earlier = (clinic.today - timedelta(days=20)).isoformat()
    body = (await client.get(DEFAULTERS, params={"as_of": earlier}, headers=clinic.headers)).json()
    # 20 days ago the 40-day-old's HepB (past due at 27 days of age) was not late yet.
    assert {r["child"]["id"] for r in body["items"]} == {clinic.ids["overdue_many"]}
    assert body["total"] == 5
    assert body["items"][0]["vaccine_group"] == "HepB"
    assert body["items"][0]["days_overdue"] == 150 - 27 - 20
    page = await client.get(DEFAULTERS, params={"page": 2, "size": 4}, headers=clinic.headers)
    assert page.json()["total"] == 6
    assert len(page.json()["items"]) == 2
    assert page.json()["items"][-1]["child"]["id"] == clinic.ids["overdue_one"]


async def test_other_clinic_and_archived_children_are_not_listed(client):
    clinic = await build_small_clinic(client)
    theirs = (await client.get(DEFAULTERS, headers=clinic.other_admin.headers)).json()
    assert [row["child"]["id"] for row in theirs["items"]] == [clinic.ids["elsewhere"]]
    ours = (await client.get(DEFAULTERS, params={"size": 100}, headers=clinic.headers)).json()
    listed = {row["child"]["id"] for row in ours["items"]}
    assert clinic.ids["archived"] not in listed
    assert clinic.ids["elsewhere"] not in listed


async def test_defaulters_csv_has_the_same_rows(client):
    clinic = await build_small_clinic(client)
    json_rows = (await client.get(DEFAULTERS, headers=clinic.headers)).json()["items"]
    response = await client.get(DEFAULTERS, params={"format": "csv"}, headers=clinic.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert f"defaulters-{clinic.today.isoformat()}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["patient_id"], r["vaccine_group"], r["days_overdue"]) for r in rows] == [
        (j["child"]["id"], j["vaccine_group"], str(j["days_overdue"])) for j in json_rows
    ]
    # A leading "+" could start a spreadsheet formula: the export neutralises it with a quote.
    assert rows[-1]["guardian_phone"] == "'+234 801 000 0001"
    assert rows[-1]["guardian_email"] == "olu.mother@example.org"
    earlier = (clinic.today - timedelta(days=20)).isoformat()
    dated = await client.get(
        DEFAULTERS, params={"format": "csv", "as_of": earlier}, headers=clinic.headers
    )
    assert f"defaulters-{earlier}.csv" in dated.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(dated.text)))) == 5


async def test_coverage_csv_counts_only_this_clinic(client):
    clinic = await build_small_clinic(client)
    # Everyone is under 12 months: a cohort of the under-ones is `born:` this year or last.
    year = clinic.today.year
    response = await client.get(
        COVERAGE, params={"cohort": f"born:{year}", "format": "csv"}, headers=clinic.headers
    )
    assert response.status_code == 200, response.text
    assert (
        f"coverage-born-{year}-{clinic.today.isoformat()}.csv"
        in (response.headers["content-disposition"])
    )
    lines = response.text.strip().splitlines()
    assert lines[0] == "indicator,vaccine_group,eligible,vaccinated,coverage_pct"
    json_body = (
        await client.get(COVERAGE, params={"cohort": f"born:{year}"}, headers=clinic.headers)
    ).json()
    born_this_year = json_body["eligible"]
    assert born_this_year <= 6  # never the archived child nor the other clinic's
    hepb = next(i for i in json_body["indicators"] if i["vaccine_group"] == "HepB")
    assert f"{hepb['indicator']},HepB,{born_this_year},{hepb['vaccinated']}," in response.text


async def test_bad_page_size_is_refused(client):
    clinic = await build_small_clinic(client)
    response = await client.get(DEFAULTERS, params={"size": 1000}, headers=clinic.headers)
    assert_error(response, 422)
