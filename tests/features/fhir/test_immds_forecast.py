"""`POST /fhir/$immds-forecast`: ImmDS Parameters in and out, agreeing with the schedules route."""

from collections.abc import Callable
from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import SignedIn, create_parent, days_ago, update_clinic
from tests.features.fhir.conftest import FHIR, fhir_resource, outcome_of

OPERATION = f"{FHIR}/$immds-forecast"
CHILD_AGE_DAYS = 200


def history_of(*doses: tuple[str, int]) -> list[tuple[str, str]]:
    """(CVX, date) pairs from (CVX, days ago), read on the pinned clock (not at import time)."""
    return [(cvx, days_ago(ago)) for cvx, ago in doses]


def default_history() -> list[tuple[str, str]]:
    return history_of(("08", 200), ("110", 139), ("20", 75))


def parameters(
    history: list[tuple[str, str]] | None = None, *, assessment: str | None = None, **extra: Any
) -> dict[str, Any]:
    """An ImmDS request: assessmentDate, a Patient, its Immunizations."""
    history = default_history() if history is None else history
    params: list[dict[str, Any]] = [
        {"name": "assessmentDate", "valueDate": assessment or days_ago(0)},
        {
            "name": "patient",
            "resource": {
                "resourceType": "Patient",
                "id": "child-1",
                "gender": "female",
                "birthDate": days_ago(CHILD_AGE_DAYS),
            },
        },
    ]
    for n, (cvx, day) in enumerate(history):
        params.append(
            {
                "name": "immunization",
                "resource": {
                    "resourceType": "Immunization",
                    "id": f"imm-{n}",
                    "status": "completed",
                    "patient": {"reference": "Patient/child-1"},
                    "vaccineCode": {
                        "coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": cvx}]
                    },
                    "occurrenceDateTime": day,
                },
            }
        )
    params += [{"name": k, "valueString": v} for k, v in extra.items()]
    return {"resourceType": "Parameters", "parameter": params}


async def schedules_forecast(
    client: AsyncClient, headers: dict[str, str], code: str, history: list[tuple[str, str]]
) -> dict[str, Any]:
    body = {
        "date_of_birth": days_ago(CHILD_AGE_DAYS),
        "sex": "female",
        "assessment_date": days_ago(0),
        "doses": [{"cvx": cvx, "date_administered": day} for cvx, day in history],
    }
    response = await client.post(f"/api/v1/schedules/{code}/forecast", json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def outputs(body: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    evaluations = [p["resource"] for p in body["parameter"] if p["name"] == "evaluation"]
    [recommendation] = [p["resource"] for p in body["parameter"] if p["name"] == "recommendation"]
    return evaluations, recommendation


@pytest.mark.parametrize("code", ["cdc-acip", "who"])
async def test_agrees_with_the_schedules_forecast(
    client: AsyncClient, staff: SignedIn, code: str
) -> None:
    history = default_history() if code == "cdc-acip" else history_of(("08", 200), ("10", 139))
    response = await client.post(
        OPERATION,
        json=parameters(history, schedule=code),
        headers={**staff.headers, "Content-Type": "application/fhir+json"},
    )
    evaluations, recommendation = outputs(fhir_resource(response, 200, "Parameters"))
    expected = await schedules_forecast(client, staff.headers, code, history)

    wanted = [
        (f"Immunization/imm-{d['index']}", e["antigen"], e["status"], e["dose_number"])
        for d in expected["doses"]
        for e in d["evaluations"]
    ]
    got = [
        (
            e["immunizationEvent"]["reference"],
            e["targetDisease"]["text"],
            e["doseStatus"]["text"],
            e.get("doseNumberPositiveInt"),
        )
        for e in evaluations
    ]
    assert got == wanted and got
    assert all(e["patient"] == {"reference": "Patient/child-1"} for e in evaluations)

    by_group = {r["targetDisease"]["text"]: r for r in recommendation["recommendation"]}
    assert set(by_group) == {g["vaccine_group"] for g in expected["vaccine_groups"]}
    loinc = {
        "earliest_date": "30981-5",
        "recommended_date": "30980-7",
        "past_due_date": "59778-1",
        "latest_date": "59777-3",
    }
    for group in expected["vaccine_groups"]:
        item = by_group[group["vaccine_group"]]
        assert item["forecastStatus"]["text"] == group["status"]
        dates = {c["code"]["coding"][0]["code"]: c["value"] for c in item.get("dateCriterion", [])}
        forecast = group["forecast"] or {}
        assert dates == {loinc[k]: v for k, v in forecast.items() if k in loinc and v}
        assert item.get("doseNumberPositiveInt") == forecast.get("dose_number")


async def test_the_clinics_schedule_is_the_default(
    client: AsyncClient, admin: SignedIn, staff: SignedIn
) -> None:
    default = await client.post(OPERATION, json=parameters(), headers=staff.headers)
    _, recommendation = outputs(fhir_resource(default, 200, "Parameters"))
    assert "cdc-acip" in recommendation["authority"]["display"]
    await update_clinic(client, admin.headers, schedule_code="who")
    switched = await client.post(
        OPERATION, json=parameters(history_of(("08", 200))), headers=staff.headers
    )
    _, recommendation = outputs(fhir_resource(switched, 200, "Parameters"))
    assert "'who'" in recommendation["authority"]["display"]


async def test_a_parent_without_clinic_names_the_schedule(client: AsyncClient) -> None:
    parent = await create_parent(client)
    refused = await client.post(OPERATION, json=parameters(), headers=parent.headers)
    assert "schedule" in outcome_of(refused, 422)["diagnostics"]
    allowed = await client.post(
        OPERATION, json=parameters(schedule="cdc-acip"), headers=parent.headers
    )
    fhir_resource(allowed, 200, "Parameters")


# Bodies are built in the test, on the pinned clock (a lambda each), never at import time.
@pytest.mark.parametrize(
    ("make_body", "code"),
    [
        (lambda: {"resourceType": "Bundle", "type": "batch"}, "wrong_resource_type"),
        (
            lambda: {
                "resourceType": "Parameters",
                "parameter": [{"name": "x", "valueInteger": "a"}],
            },
            None,
        ),
        (lambda: {"resourceType": "Parameters", "parameter": []}, "invalid_parameters"),
        (lambda: parameters(assessment="2020-01-01"), "invalid_dose_date"),
        (lambda: parameters(history_of(("9999", 10))), "unknown_cvx"),
        (lambda: parameters(history_of(("08", -5))), "invalid_dose_date"),
        (lambda: parameters(schedule="nope"), "invalid_parameters"),
        (lambda: parameters(unknown="x"), "invalid_parameters"),
        (lambda: parameters([("08", "2026-01")]), "invalid_parameters"),
    ],
)
async def test_bad_input_is_a_422_operation_outcome(
    client: AsyncClient, staff: SignedIn, make_body: Callable[[], Any], code: str | None
) -> None:
    response = await client.post(OPERATION, json=make_body(), headers=staff.headers)
    issue = outcome_of(response, 422)
    assert issue["code"] == "invalid"
    if code is not None:
        assert issue["details"]["coding"][0]["code"] == code


async def test_not_json_and_no_token(client: AsyncClient, staff: SignedIn) -> None:
    garbled = await client.post(
        OPERATION,
        content=b"{not json",
        headers={**staff.headers, "Content-Type": "application/fhir+json"},
    )
    assert outcome_of(garbled, 422)["code"] == "invalid"
    assert outcome_of(await client.post(OPERATION, json=parameters()), 401)["code"] == "login"
