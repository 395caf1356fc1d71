"""The stored forecast rows always equal a fresh engine run on the child's completed records."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from beanie import PydanticObjectId
from httpx import AsyncClient

from app.features.immunizations.due_rules import DUE_SOON_DAYS, Span, status_spans
from app.features.immunizations.models import ChildDueStatus, ForecastEntry
from app.features.schedules import service as schedules_service
from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    clinic_today,
    days_ago,
    immunizations_path,
    set_schedule,
)
from tests.features.immunizations.conftest import CHILD_AGE_DAYS

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb

Row = tuple[str, int | None, date | None, date | None, date | None, date | None]


def born_plus(days: int) -> str:
    return days_ago(CHILD_AGE_DAYS - days)


async def stored_rows(patient_id: str) -> list[Row]:
    entries = await ForecastEntry.find({"patient_id": PydanticObjectId(patient_id)}).to_list()
    return sorted(
        (
            e.vaccine_group,
            e.dose_number,
            e.earliest_date,
            e.recommended_date,
            e.past_due_date,
            e.latest_date,
        )
        for e in entries
    )


async def engine_rows(client: AsyncClient, headers: dict[str, str], patient_id: str) -> list[Row]:
    """A fresh run of the schedules service on what the API shows of the child, as of today."""
    clinic = (await client.get("/api/v1/clinic", headers=headers)).json()
    child = (await client.get(f"{PATIENTS}/{patient_id}", headers=headers)).json()
    records = (await client.get(immunizations_path(patient_id), headers=headers)).json()
    doses = [
        schedules_service.DoseInput(
            date.fromisoformat(r["date_administered"]),
            r["cvx"],
            r["mvx"],
            sub_standard=r["expired"],
        )
        for r in records
        # Completed doses on or after birth (one dated before a corrected birth date is kept on
        # record but is not part of any assessment).
        if r["status"] == "completed" and r["date_administered"] >= child["date_of_birth"]
    ]
    result = schedules_service.forecast(
        schedules_service.get_schedule(clinic["schedule_code"]),
        date_of_birth=date.fromisoformat(child["date_of_birth"]),
        sex=child["sex"],
        assessment_date=clinic_today(),
        doses=doses,
    )
    return sorted(
        (
            g.vaccine_group,
            g.forecast.dose_number,
            g.forecast.earliest_date,
            g.forecast.recommended_date,
            g.forecast.past_due_date,
            g.forecast.latest_date,
        )
        for g in result.vaccine_groups
        if g.forecast is not None
    )


@dataclass(frozen=True)
class Dates:
    recommended_date: date | None
    past_due_date: date | None
    latest_date: date | None


async def stored_due_status(patient_id: str) -> tuple[bool, list[Span]]:
    status = await ChildDueStatus.get(PydanticObjectId(patient_id))
    assert status is not None, "every child has a stored due status"
    return status.patient_active, [(s.status, s.starts, s.ends) for s in status.spans]


async def assert_in_step(
    client: AsyncClient, headers: dict[str, str], patient_id: str, *, active: bool = True
) -> list[Row]:
    stored = await stored_rows(patient_id)
    fresh = await engine_rows(client, headers, patient_id)
    assert stored == fresh
    assert stored, "a young child always has doses ahead"
    # The child's stored due and overdue days: those of a fresh run, by the one rule.
    expected_spans = status_spans([Dates(*row[3:]) for row in fresh], DUE_SOON_DAYS)
    assert await stored_due_status(patient_id) == (active, expected_spans)
    return stored


def dtap(rows: list[Row]) -> Row:
    return next(r for r in rows if r[0] == "DTaP/Tdap/Td")


async def test_stored_rows_follow_every_kind_of_change(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict
) -> None:
    pid, headers = child["id"], staff.headers
    rows = await assert_in_step(client, headers, pid)  # computed when the child was created
    assert dtap(rows)[1] == 1

    first = await add_dose(client, headers, pid, "20", born_plus(61))
    rows = await assert_in_step(client, headers, pid)
    assert dtap(rows)[1] == 2

    second = await add_dose(client, headers, pid, "20", born_plus(125))
    rows = await assert_in_step(client, headers, pid)
    assert dtap(rows)[1] == 3
    before_correction = dtap(rows)

    # A correction moving the second dose later moves dose 3's dates with it.
    patched = await client.patch(
        immunizations_path(pid, second["id"]),
        json={"date_administered": born_plus(140)},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    rows = await assert_in_step(client, headers, pid)
    assert dtap(rows)[1] == 3
    assert dtap(rows)[2] > before_correction[2]

    marked = await client.post(
        f"{immunizations_path(pid, second['id'])}/entered-in-error",
        json={"reason": "recorded on the wrong child"},
        headers=headers,
    )
    assert marked.status_code == 200, marked.text
    rows = await assert_in_step(client, headers, pid)
    assert dtap(rows)[1] == 2

    # A later date of birth: the first dose is now given younger (and so are the dates).
    new_birth = (date.fromisoformat(child["date_of_birth"]) + timedelta(days=30)).isoformat()
    edited = await client.patch(
        f"{PATIENTS}/{pid}", json={"date_of_birth": new_birth}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    rows = await assert_in_step(client, headers, pid)
    assert dtap(rows)[1] == 1  # given at 31 days: too young, dose 1 is due again

    # The clinic changes schedule: every child's rows are recomputed under the new one.
    await set_schedule(client, admin.headers, "who")
    rows = await assert_in_step(client, headers, pid)
    assert {r[0] for r in rows} <= {
        "BCG",
        "HepB",
        "Polio",
        "DTP",
        "Hib",
        "Pneumococcal",
        "Rotavirus",
        "Measles",
        "Rubella",
        "HPV",
    }
    entries = await ForecastEntry.find({"clinic_id": PydanticObjectId(admin.clinic_id)}).to_list()
    assert {e.schedule_code for e in entries} == {"who"}
    assert first["id"]


async def test_archiving_takes_rows_off_the_worklist_and_restoring_brings_them_back(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict
) -> None:
    pid = child["id"]
    await client.post(f"{PATIENTS}/{pid}/archive", json={"reason": "moved"}, headers=staff.headers)
    entries = await ForecastEntry.find({"patient_id": PydanticObjectId(pid)}).to_list()
    assert entries and not any(e.patient_active for e in entries)
    await assert_in_step(client, staff.headers, pid, active=False)
    await client.post(f"{PATIENTS}/{pid}/restore", headers=staff.headers)
    await assert_in_step(client, staff.headers, pid)
    entries = await ForecastEntry.find({"patient_id": PydanticObjectId(pid)}).to_list()
    assert all(e.patient_active for e in entries)


async def test_birth_date_moved_after_a_dose_keeps_the_record_usable(
    client: AsyncClient, staff: SignedIn, child: dict
) -> None:
    pid = child["id"]
    dose = await add_dose(client, staff.headers, pid, "20", born_plus(61))
    edited = await client.patch(
        f"{PATIENTS}/{pid}", json={"date_of_birth": born_plus(70)}, headers=staff.headers
    )
    assert edited.status_code == 200, edited.text
    listed = await client.get(immunizations_path(pid), headers=staff.headers)
    assert listed.status_code == 200, listed.text
    [record] = listed.json()
    assert record["id"] == dose["id"]
    assert record["evaluations"] == []  # kept on record, but dated before birth: not counted
    forecast = await client.get(f"{PATIENTS}/{pid}/forecast", headers=staff.headers)
    assert forecast.status_code == 200, forecast.text
    assert forecast.json()["doses"] == []
    rows = await assert_in_step(client, staff.headers, pid)
    assert dtap(rows)[1] == 1
