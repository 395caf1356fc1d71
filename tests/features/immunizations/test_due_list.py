"""The due/overdue worklist on a constructed cohort: rows, order, filters, pages and CSV.

Expected dates come from each child's forecast endpoint (which the stored-forecast tests check
against a fresh engine run); the due list must agree with it and with the forecast summary.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    clinic_today,
    create_patient,
    days_ago,
)

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb

DUE_LIST = "/api/v1/immunizations/due-list"
DTAP = "DTaP/Tdap/Td"
CSV_HEADER = [
    "patient_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "age_months",
    "vaccine_group",
    "dose_number",
    "recommended_date",
    "past_due_date",
    "days_overdue",
    "status",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
]


@dataclass
class Expected:
    """One worklist row as the forecast endpoint predicts it."""

    child: dict
    dose_number: int
    recommended_date: date
    past_due_date: date

    @property
    def days_overdue(self) -> int:
        return max(0, (clinic_today() - self.past_due_date).days)

    @property
    def status(self) -> str:
        return "overdue" if self.past_due_date <= clinic_today() else "due"

    def row(self) -> tuple:
        return (
            self.child["id"],
            self.child["first_name"],
            self.dose_number,
            self.days_overdue,
            self.status,
            f"Guardian of {self.child['first_name']}",
            "0803 555 0101",
            f"{self.child['first_name'].lower()}@example.org",
        )


def row_of(item: dict) -> tuple:
    guardian = item["primary_guardian"]
    return (
        item["child"]["id"],
        item["child"]["first_name"],
        item["dose_number"],
        item["days_overdue"],
        item["status"],
        guardian["name"],
        guardian["phone"],
        guardian["email"],
    )


async def new_child(client, headers, name: str, age_days: int, dtap_at: list[int]) -> dict:
    guardians = [
        {"name": "Other Carer", "relationship": "other", "phone": "000"},
        {
            "name": f"Guardian of {name}",
            "relationship": "mother",
            "phone": "0803 555 0101",
            "email": f"{name.lower()}@example.org",
            "is_primary": True,
        },
    ]
    child = await create_patient(
        client, headers, first_name=name, date_of_birth=days_ago(age_days), guardians=guardians
    )
    for age in dtap_at:
        await add_dose(client, headers, child["id"], "20", days_ago(age_days - age))
    return child


async def expected_dtap(client, headers, child: dict) -> Expected | None:
    response = await client.get(f"{PATIENTS}/{child['id']}/forecast", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    group = next(g for g in body["vaccine_groups"] if g["vaccine_group"] == DTAP)
    forecast = group["forecast"]
    overdue = DTAP in body["summary"]["overdue_vaccine_groups"]
    past_due = date.fromisoformat(forecast["past_due_date"])
    assert overdue == (past_due <= clinic_today())  # the summary agrees with the dates
    recommended = date.fromisoformat(forecast["recommended_date"])
    assert date.fromisoformat(body["summary"]["next_due_date"]) <= recommended
    if not overdue and recommended > date.fromordinal(clinic_today().toordinal() + 30):
        return None
    return Expected(child, forecast["dose_number"], recommended, past_due)


@dataclass
class Cohort:
    long_overdue: Expected
    overdue: Expected
    due_now: Expected
    due_soon: Expected
    vaccinated: dict


@pytest.fixture
async def cohort(client, staff: SignedIn) -> Cohort:
    headers = staff.headers
    children = {
        # 400 days old, never vaccinated: dose 1 long past due.
        "Lola": await new_child(client, headers, "Lola", 400, []),
        # 200 days old, dose 1 at 2 months only: dose 2 past due.
        "Omar": await new_child(client, headers, "Omar", 200, [61]),
        # 65 days old: dose 1 recommended at 2 months (4 days ago), not past due yet.
        "Nia": await new_child(client, headers, "Nia", 65, []),
        # 50 days old: dose 1 recommended at 2 months, in 11 days.
        "Dara": await new_child(client, headers, "Dara", 50, []),
        # 200 days old with doses at 2, 4 and 6 months: dose 4 is not due for months.
        "Vera": await new_child(client, headers, "Vera", 200, [61, 122, 183]),
    }
    expected = {
        name: await expected_dtap(client, headers, child) for name, child in children.items()
    }
    assert expected["Vera"] is None
    cohort = Cohort(
        long_overdue=expected["Lola"],  # type: ignore[arg-type]
        overdue=expected["Omar"],  # type: ignore[arg-type]
        due_now=expected["Nia"],  # type: ignore[arg-type]
        due_soon=expected["Dara"],  # type: ignore[arg-type]
        vaccinated=children["Vera"],
    )
    # The cohort is what its construction says.
    assert (cohort.long_overdue.dose_number, cohort.long_overdue.status) == (1, "overdue")
    assert (cohort.overdue.dose_number, cohort.overdue.status) == (2, "overdue")
    assert cohort.long_overdue.days_overdue > cohort.overdue.days_overdue > 0
    assert (cohort.due_now.dose_number, cohort.due_now.status) == (1, "due")
    assert cohort.due_now.recommended_date <= clinic_today()
    assert (cohort.due_soon.dose_number, cohort.due_soon.status) == (1, "due")
    assert cohort.due_soon.recommended_date > clinic_today()
    return cohort


async def due_rows(client, headers, **params) -> list[tuple]:
    response = await client.get(
        DUE_LIST, params={"vaccine_group": DTAP, "size": 100, **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    for item in body["items"]:
        assert item["vaccine_group"] == DTAP
    return [row_of(item) for item in body["items"]]


async def test_overdue_rows_most_overdue_first(client, staff, cohort):
    rows = await due_rows(client, staff.headers, status="overdue")
    assert rows == [cohort.long_overdue.row(), cohort.overdue.row()]


async def test_due_rows_include_doses_already_due(client, staff, cohort):
    rows = await due_rows(client, staff.headers, status="due")
    assert rows == [cohort.due_now.row(), cohort.due_soon.row()]
    # `from` narrows the due rows to recommended dates on or after it.
    rows = await due_rows(client, staff.headers, status="due", **{"from": days_ago(0)})
    assert rows == [cohort.due_soon.row()]
    # `to` before the coming dose leaves it out.
    rows = await due_rows(client, staff.headers, status="due", to=days_ago(0))
    assert rows == [cohort.due_now.row()]


async def test_all_rows_without_status_and_pages(client, admin, staff, cohort):
    everyone = [
        cohort.long_overdue.row(),
        cohort.overdue.row(),
        cohort.due_now.row(),
        cohort.due_soon.row(),
    ]
    assert await due_rows(client, staff.headers) == everyone
    assert await due_rows(client, admin.headers) == everyone
    seen: list[tuple] = []
    for page in (1, 2, 3):
        response = await client.get(
            DUE_LIST, params={"vaccine_group": DTAP, "size": 3, "page": page}, headers=staff.headers
        )
        body = response.json()
        assert (body["total"], body["page"], body["size"]) == (4, page, 3)
        seen += [row_of(item) for item in body["items"]]
    assert seen == everyone
    first = (
        await client.get(DUE_LIST, params={"vaccine_group": DTAP}, headers=staff.headers)
    ).json()
    item = first["items"][0]
    assert item["child"]["date_of_birth"] == cohort.long_overdue.child["date_of_birth"]
    assert item["age_months"] == 13
    assert item["recommended_date"] == cohort.long_overdue.recommended_date.isoformat()
    assert item["past_due_date"] == cohort.long_overdue.past_due_date.isoformat()


async def test_csv_has_a_header_and_the_same_rows(client, staff, cohort):
    response = await client.get(
        DUE_LIST, params={"vaccine_group": DTAP, "format": "csv"}, headers=staff.headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="due-list-{clinic_today().isoformat()}.csv"'
    )
    header, *lines = list(csv.reader(io.StringIO(response.text)))
    assert header == CSV_HEADER
    json_rows = (
        await client.get(DUE_LIST, params={"vaccine_group": DTAP}, headers=staff.headers)
    ).json()["items"]
    assert len(lines) == len(json_rows) == 4
    for line, item in zip(lines, json_rows, strict=True):
        record = dict(zip(CSV_HEADER, line, strict=True))
        assert record["patient_id"] == item["child"]["id"]
        assert record["dose_number"] == str(item["dose_number"])
        assert record["days_overdue"] == str(item["days_overdue"])
        assert record["past_due_date"] == item["past_due_date"]
        assert record["status"] == item["status"]
        assert record["guardian_phone"] == "0803 555 0101"
        assert record["guardian_email"] == item["primary_guardian"]["email"]


async def test_a_new_dose_takes_the_child_off_the_overdue_list(client, staff, cohort):
    await add_dose(client, staff.headers, cohort.overdue.child["id"], "20", days_ago(0))
    rows = await due_rows(client, staff.headers, status="overdue")
    assert rows == [cohort.long_overdue.row()]


async def test_archived_children_leave_the_list(client, staff, cohort):
    child_id = cohort.long_overdue.child["id"]
    archived = await client.post(
        f"{PATIENTS}/{child_id}/archive", json={"reason": "moved"}, headers=staff.headers
    )
    assert archived.status_code == 200
    rows = await due_rows(client, staff.headers, status="overdue")
    assert rows == [cohort.overdue.row()]


@pytest.mark.parametrize(
    "params",
    [{"status": "late"}, {"from": "2024-02-30"}, {"page": 0}, {"size": 101}, {"format": "xml"}],
)
async def test_bad_parameters_are_422(client, staff, params):
    response = await client.get(DUE_LIST, params=params, headers=staff.headers)
    assert response.status_code == 422, response.text
