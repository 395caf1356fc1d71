"""Conditions under the `who` schedule: evidence of immunity from the WHO reference data.

The codes and titles are the reference's (fhir-fli/cicada who-reference,
schedule_supporting_data.json): 1070 "Serologic evidence of HepB immunity", named by HepB.json's
`immunity.clinicalHistory`, and 1071 "Laboratory evidence of Measles immunity", named by
Measles.json's. CDSi logic: evidence of immunity makes the antigen's series "Immune".
"""

from typing import Any

import pytest
from httpx import AsyncClient

from app.features.schedules import service
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

HEPB_EVIDENCE = ("1070", "Serologic evidence of HepB immunity")
MEASLES_EVIDENCE = ("1071", "Laboratory evidence of Measles immunity")
FORECAST = "/api/v1/schedules/who/forecast"


def group(body: dict[str, Any], name: str) -> dict[str, Any]:
    return next(g for g in body["vaccine_groups"] if g["vaccine_group"] == name)


def others(body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [g for g in body["vaccine_groups"] if g["vaccine_group"] != name]


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "who")
    return admin


def test_the_who_antigens_carry_the_references_immunity_evidence() -> None:
    schedule = service.get_schedule("who")
    immunity = {
        name: antigen.immunity_observations
        for name, antigen in schedule.antigens.items()
        if antigen.immunity_observations
    }
    assert immunity == {"HepB": {"1070"}, "Measles": {"1071"}}
    # Every code the data acts on can be recorded, and nothing else is offered.
    referenced = frozenset().union(*service.group_observations(schedule).values())
    assert set(service.observation_catalog(schedule)) == referenced


async def test_who_observations_list_the_evidence_of_immunity(
    client: AsyncClient, admin: SignedIn
) -> None:
    response = await client.get("/api/v1/schedules/who/observations", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert [(o["code"], o["text"]) for o in response.json()] == [HEPB_EVIDENCE, MEASLES_EVIDENCE]


async def test_evidence_of_measles_immunity_on_the_record_makes_measles_immune(
    client: AsyncClient, admin: SignedIn
) -> None:
    # 11 months old with the HepB birth dose: MCV1 (from 9 months) is due.
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(335))
    await add_dose(client, admin.headers, child["id"], "08", days_ago(335))
    url = f"{PATIENTS}/{child['id']}"

    async def read_forecast() -> dict[str, Any]:
        response = await client.get(f"{url}/forecast", headers=admin.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    before = await read_forecast()
    assert group(before, "Measles")["status"] == "not_complete"
    assert group(before, "Measles")["forecast"] is not None

    created = await client.post(
        f"{url}/conditions", json={"code": MEASLES_EVIDENCE[0]}, headers=admin.headers
    )
    assert created.status_code == 201, created.text
    assert (created.json()["code"], created.json()["text"]) == MEASLES_EVIDENCE

    during = await read_forecast()
    measles = group(during, "Measles")
    assert (measles["status"], measles["forecast"], measles["conditions"]) == (
        "immune",
        None,
        ["1071"],
    )
    # Rubella included: the reference gives measles evidence no effect on any other antigen.
    assert others(during, "Measles") == others(before, "Measles")
    assert all(g["conditions"] == [] for g in others(during, "Measles"))

    ended = await client.post(
        f"{url}/conditions/{created.json()['id']}/end", json={}, headers=admin.headers
    )
    assert ended.status_code == 200, ended.text
    assert await read_forecast() == before


async def test_stateless_forecast_with_evidence_of_hepb_immunity(
    client: AsyncClient, admin: SignedIn
) -> None:
    request = {
        "date_of_birth": "2026-01-05",
        "sex": "female",
        "assessment_date": "2026-06-17",
        "doses": [{"date_administered": "2026-01-05", "cvx": "08"}],
    }
    plain = await client.post(FORECAST, json=request, headers=admin.headers)
    assert plain.status_code == 200, plain.text
    assert group(plain.json(), "HepB")["status"] == "not_complete"

    response = await client.post(
        FORECAST, json={**request, "observations": ["1070"]}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    hepb = group(response.json(), "HepB")
    assert (hepb["status"], hepb["forecast"], hepb["conditions"]) == ("immune", None, ["1070"])
    assert others(response.json(), "HepB") == others(plain.json(), "HepB")

    both = await client.post(
        FORECAST, json={**request, "observations": ["1070", "1071"]}, headers=admin.headers
    )
    assert both.status_code == 200, both.text
    assert {
        g["vaccine_group"]: g["conditions"]
        for g in both.json()["vaccine_groups"]
        if g["conditions"]
    } == {"HepB": ["1070"], "Measles": ["1071"]}


@pytest.mark.parametrize(
    "code",
    [
        "003",  # cdc-acip "Immunocompromised": not a WHO code
        "020",  # cdc-acip measles immunity evidence: WHO's is 1071
        "1010",  # defined by the reference, read by no shipped series (WHO-SCHEDULE.md)
    ],
)
async def test_codes_the_who_schedule_does_not_list_are_422(
    client: AsyncClient, admin: SignedIn, code: str
) -> None:
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(400))
    response = await client.post(
        f"{PATIENTS}/{child['id']}/conditions", json={"code": code}, headers=admin.headers
    )
    assert_error(response, 422, "unknown_observation")
    stateless = await client.post(
        FORECAST,
        json={
            "date_of_birth": "2025-05-13",
            "assessment_date": "2026-06-17",
            "observations": [code],
        },
        headers=admin.headers,
    )
    assert_error(stateless, 422, "unknown_observation")
