"""`POST /patients/{id}/immunizations/$import`: per-entry answers, idempotence, refresh, errors."""

from typing import Any

from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_parent,
    days_ago,
    immunizations_path,
)
from tests.features.fhir.conftest import fhir_resource

REGISTRY = "urn:oid:2.16.840.1.113883.3.72.5.30"  # a registry's identifier system (example)


def immunization(
    cvx: str | None = "08", day: str | None = None, *, ident: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A FHIR Immunization as another registry would send it."""
    resource: dict[str, Any] = {
        "resourceType": "Immunization",
        "status": "completed",
        "patient": {"reference": "Patient/elsewhere-17"},
        "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": cvx}]}
        if cvx
        else {"text": "a vaccine"},
        **extra,
    }
    if day is not None:
        resource["occurrenceDateTime"] = day
    if ident is not None:
        resource["identifier"] = [{"system": REGISTRY, "value": ident}]
    return resource


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [{"resource": r} for r in resources],
    }


async def send(
    client: AsyncClient, headers: dict[str, str], patient_id: str, body: Any
) -> dict[str, Any]:
    response = await client.post(
        f"{immunizations_path(patient_id)}/$import",
        json=body,
        headers={**headers, "Content-Type": "application/fhir+json"},
    )
    result: dict[str, Any] = fhir_resource(response, 200, "Bundle")
    assert result["type"] == "batch-response"
    return result


async def records(client: AsyncClient, headers: dict[str, str], patient_id: str) -> list[Any]:
    response = await client.get(immunizations_path(patient_id), headers=headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()
    return items


async def hep_b_due_row(client: AsyncClient, headers: dict[str, str], patient_id: str) -> Any:
    response = await client.get(
        "/api/v1/immunizations/due-list",
        params={"vaccine_group": "HepB", "size": 100},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return next((r for r in response.json()["items"] if r["child"]["id"] == patient_id), None)


async def test_import_creates_historical_records_and_is_idempotent(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    assert (await hep_b_due_row(client, staff.headers, child["id"]))["dose_number"] == 1
    doses = bundle(
        immunization(
            "08",
            days_ago(199),
            ident="A-1",
            lotNumber="LOT-A",
            manufacturer={"identifier": {"system": "http://hl7.org/fhir/sid/mvx", "value": "MSD"}},
            site={"coding": [{"system": "x", "code": "RT"}]},
            route={"coding": [{"system": "x", "code": "IM"}]},
            doseQuantity={"value": 0.5, "unit": "mL", "code": "mL"},
        ),
        immunization("08", days_ago(139), ident="A-2"),
    )
    first = await send(client, staff.headers, child["id"], doses)
    statuses = [e["response"]["status"] for e in first["entry"]]
    assert statuses == ["201 Created", "201 Created"]
    stored = await records(client, staff.headers, child["id"])
    assert [r["source"] for r in stored] == ["historical", "historical"]
    assert stored[0]["lot_number"] == "LOT-A" and stored[0]["mvx"] == "MSD"
    assert (stored[0]["site"], stored[0]["route"]) == ("right_thigh", "intramuscular")
    assert stored[0]["dose_volume_ml"] == 0.5
    assert first["entry"][0]["response"]["location"] == (
        f"Immunization/{child['id']}-{stored[0]['id']}"
    )
    # The stored forecast was refreshed: HepB dose 3 is next.
    assert (await hep_b_due_row(client, staff.headers, child["id"]))["dose_number"] == 3

    again = await send(client, staff.headers, child["id"], doses)
    assert [e["response"]["status"] for e in again["entry"]] == ["200 OK", "200 OK"]
    assert [e["resource"]["id"] for e in again["entry"]] == [
        e["resource"]["id"] for e in first["entry"]
    ]
    assert len(await records(client, staff.headers, child["id"])) == 2


async def test_each_bad_entry_is_refused_alone(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    body = bundle(
        {"resourceType": "Observation", "status": "final"},
        immunization(None, days_ago(100)),  # no CVX coding
        immunization("08", days_ago(-3)),  # in the future
        immunization("9999", days_ago(100)),  # unknown to the schedule
        immunization("08", days_ago(100), status="not-done"),
        immunization("08", "2026-01"),  # not a full date
        {"resourceType": "Immunization", "status": "completed"},  # invalid FHIR
        immunization("20", days_ago(100), ident="OK-1"),
        immunization("20", days_ago(100)),  # the same vaccine on the same day
    )
    answer = await send(client, staff.headers, child["id"], body)
    statuses = [e["response"]["status"] for e in answer["entry"]]
    assert statuses == ["422 Unprocessable Entity"] * 7 + ["201 Created", "409 Conflict"]
    for entry in answer["entry"]:
        if "outcome" in entry["response"]:
            outcome = entry["response"]["outcome"]
            assert outcome["resourceType"] == "OperationOutcome"
            assert outcome["issue"][0]["severity"] == "error"
    codes = [
        e["response"]["outcome"]["issue"][0]["details"]["coding"][0]["code"]
        for e in answer["entry"]
        if "outcome" in e["response"]
    ]
    assert codes[0] == "wrong_resource_type"
    assert codes[2] == "invalid_date" and codes[3] == "unknown_cvx"
    assert codes[4] == "not_completed" and codes[-1] == "duplicate_dose"
    assert len(await records(client, staff.headers, child["id"])) == 1


async def test_whole_request_errors_keep_the_house_shape(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    path = f"{immunizations_path(child['id'])}/$import"
    wrong_type = await client.post(path, json={"resourceType": "Parameters"}, headers=staff.headers)
    assert_error(wrong_type, 422, "wrong_resource_type")
    not_a_list = {"resourceType": "Bundle", "entry": {"resource": {}}}
    assert_error(await client.post(path, json=not_a_list, headers=staff.headers), 422)
    parent = await create_parent(client)
    assert_error(await client.post(path, json=bundle(), headers=parent.headers), 403, "forbidden")
    other = await create_clinic_admin(client, clinic_name="Elsewhere")
    assert_error(await client.post(path, json=bundle(), headers=other.headers), 404)
    assert_error(
        await client.post(
            f"{immunizations_path('not-an-id')}/$import", json=bundle(), headers=staff.headers
        ),
        404,
        "patient_not_found",
    )
    assert_error(await client.post(path, json=bundle()), 401)


async def test_archived_child_refuses_imports(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    archived = await client.post(
        f"/api/v1/patients/{child['id']}/archive", json={"reason": "moved"}, headers=staff.headers
    )
    assert archived.status_code == 200, archived.text
    response = await client.post(
        f"{immunizations_path(child['id'])}/$import",
        json=bundle(immunization("08", days_ago(100))),
        headers=staff.headers,
    )
    assert_error(response, 409)
