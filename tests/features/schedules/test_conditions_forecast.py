"""Issue 15 part 2: a child's conditions reach the engine, through the API end to end.

The dose histories are CDC CDSi test cases (tests/data/cdsi); none of the 607 development
cases carries a medical history, so the observations are added to them, and the expected
outcomes come from the CDSi supporting data v4.64: the Varicella antigen's immunity
observations include 024 ("Healthcare provider verified history of or diagnosis of
Varicella"), and 080 ("Adverse reaction to vaccine component") contraindicates every antigen.
CDSi logic specification: immunity gives the series status "Immune", a contraindication
"Contraindicated".
"""

import json
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    assert_error,
    create_clinic_admin,
    create_patient,
    days_ago,
    set_schedule,
)

CASES = Path(__file__).resolve().parents[2] / "data" / "cdsi" / "test-cases-v4.45-dev.json"
FORECAST = "/api/v1/schedules/cdc-acip/forecast"
DUE_LIST = "/api/v1/immunizations/due-list"


def cases(vaccine_group: str, series_status: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(CASES.read_text())["cases"]
    return [
        c
        for c in found
        if c["vaccine_group"] == vaccine_group and c["expected"]["series_status"] == series_status
    ]


def request_of(case: dict[str, Any], observations: list[str]) -> dict[str, Any]:
    return {
        "date_of_birth": case["dob"],
        "sex": "female" if case["sex"] == "F" else "male",
        "assessment_date": case["assessment_date"],
        "doses": [{"date_administered": d["date"], "cvx": d["cvx"]} for d in case["doses"]],
        "observations": observations,
    }


def group(body: dict[str, Any], name: str) -> dict[str, Any]:
    return next(g for g in body["vaccine_groups"] if g["vaccine_group"] == name)


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


async def forecast(client: AsyncClient, admin: SignedIn, body: dict[str, Any]) -> Any:
    response = await client.post(FORECAST, json=body, headers=admin.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_history_of_varicella_makes_varicella_immune(
    client: AsyncClient, admin: SignedIn
) -> None:
    tried = 0
    for case in cases("VAR", "Not complete")[:5]:
        plain = await forecast(client, admin, request_of(case, []))
        if group(plain, "Varicella")["status"] != "not_complete":
            continue  # a case the engine does not pass yet (issue 15 part 3) says nothing here
        tried += 1
        body = await forecast(client, admin, request_of(case, ["024"]))
        varicella = group(body, "Varicella")
        assert (varicella["status"], varicella["forecast"], varicella["conditions"]) == (
            "immune",
            None,
            ["024"],
        ), case["id"]
        others = [g for g in body["vaccine_groups"] if g["vaccine_group"] != "Varicella"]
        assert all(g["conditions"] == [] for g in others), case["id"]
        assert [g for g in plain["vaccine_groups"] if g["vaccine_group"] != "Varicella"] == others
    assert tried >= 1


async def test_adverse_reaction_to_a_component_contraindicates(
    client: AsyncClient, admin: SignedIn
) -> None:
    case = cases("MMR", "Not complete")[0]
    body = await forecast(client, admin, request_of(case, ["080"]))
    mmr = group(body, "MMR")
    assert (mmr["status"], mmr["forecast"], mmr["conditions"]) == ("contraindicated", None, ["080"])


async def test_two_conditions_each_named_where_it_acts(
    client: AsyncClient, admin: SignedIn
) -> None:
    case = cases("VAR", "Not complete")[0]
    body = await forecast(client, admin, request_of(case, ["024", "080"]))
    # Immunity is checked before contraindications (CDSi): varicella is immune by 024.
    assert (group(body, "Varicella")["status"], group(body, "Varicella")["conditions"]) == (
        "immune",
        ["024"],
    )
    assert (group(body, "MMR")["status"], group(body, "MMR")["conditions"]) == (
        "contraindicated",
        ["080"],
    )


@pytest.mark.parametrize(
    ("observations", "code"),
    [(["999"], "unknown_observation"), (["x"], None), (["024"] * 51, None)],
)
async def test_bad_observations_are_422(
    client: AsyncClient, admin: SignedIn, observations: list[str], code: str | None
) -> None:
    body = request_of(cases("VAR", "Not complete")[0], observations)
    assert_error(await client.post(FORECAST, json=body, headers=admin.headers), 422, code)


async def test_a_childs_condition_changes_the_stored_forecast(
    client: AsyncClient, admin: SignedIn
) -> None:
    # 15 months old with MMR at 12 months (CVX 03): varicella dose 1 is due (CDSi: 12 months).
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(460))
    await add_dose(client, admin.headers, child["id"], "03", days_ago(90))
    url = f"{PATIENTS}/{child['id']}"

    async def varicella() -> tuple[dict[str, Any], list[str]]:
        body = (await client.get(f"{url}/forecast", headers=admin.headers)).json()
        rows = await client.get(DUE_LIST, params={"size": 100}, headers=admin.headers)
        listed = [
            r["vaccine_group"] for r in rows.json()["items"] if r["child"]["id"] == child["id"]
        ]
        return group(body, "Varicella"), listed

    before, listed_before = await varicella()
    assert before["status"] == "not_complete" and "Varicella" in listed_before

    created = await client.post(f"{url}/conditions", json={"code": "024"}, headers=admin.headers)
    assert created.status_code == 201, created.text
    during, listed_during = await varicella()
    assert (during["status"], during["conditions"]) == ("immune", ["024"])
    assert "Varicella" not in listed_during and "Pneumococcal" in listed_during

    ended = await client.post(
        f"{url}/conditions/{created.json()['id']}/end", json={}, headers=admin.headers
    )
    assert ended.status_code == 200, ended.text
    after, listed_after = await varicella()
    assert after == before and listed_after == listed_before
