"""Errors inside /api/v1/fhir are OperationOutcome resources; elsewhere, the one error shape."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    add_dose,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_patient,
    days_ago,
)
from tests.features.fhir.conftest import FHIR, outcome_of

MISSING_ID = "0123456789abcdef01234567"


@pytest.mark.parametrize(
    "path",
    [
        "/Patient/not-an-id",
        f"/Patient/{MISSING_ID}",
        f"/Patient/{MISSING_ID}/$everything",
        "/Immunization/not-an-id",
        f"/Immunization/{MISSING_ID}-{MISSING_ID}",
        "/Immunization/a-b-c",
    ],
)
async def test_malformed_and_unknown_ids_are_not_found(
    client: AsyncClient, staff: SignedIn, path: str
) -> None:
    issue = outcome_of(await client.get(f"{FHIR}{path}", headers=staff.headers), 404)
    assert issue["code"] == "not-found"
    assert issue["details"]["coding"][0]["system"] == "urn:health-passport:error"


async def test_another_clinics_child_and_record_are_not_found(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    record = await add_dose(client, staff.headers, child["id"], "08", days_ago(199))
    other = await create_clinic_admin(client, clinic_name="Elsewhere")
    for path in (
        f"/Patient/{child['id']}",
        f"/Patient/{child['id']}/$everything",
        f"/Immunization/{child['id']}-{record['id']}",
    ):
        issue = outcome_of(await client.get(f"{FHIR}{path}", headers=other.headers), 404)
        assert issue["code"] == "not-found"
    for path in ("/Immunization", "/ImmunizationRecommendation"):
        response = await client.get(
            f"{FHIR}{path}", params={"patient": child["id"]}, headers=other.headers
        )
        assert outcome_of(response, 404)["details"]["coding"][0]["code"] == "patient_not_found"


async def test_a_record_read_through_another_child_is_not_found(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    record = await add_dose(client, staff.headers, child["id"], "08", days_ago(199))
    sibling = await create_patient(client, staff.headers)
    response = await client.get(
        f"{FHIR}/Immunization/{sibling['id']}-{record['id']}", headers=staff.headers
    )
    assert outcome_of(response, 404)["details"]["coding"][0]["code"] == "immunization_not_found"


async def test_parent_of_no_child_is_refused_with_not_found(
    client: AsyncClient, child: dict[str, Any]
) -> None:
    parent = await create_parent(client)
    response = await client.get(f"{FHIR}/Patient/{child['id']}", headers=parent.headers)
    assert outcome_of(response, 404)["code"] == "not-found"


async def test_no_or_bad_token_is_a_login_outcome(
    client: AsyncClient, child: dict[str, Any]
) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}):
        response = await client.get(f"{FHIR}/Patient/{child['id']}", headers=headers)
        assert outcome_of(response, 401)["code"] == "login"
        assert response.headers["www-authenticate"] == "Bearer"


async def test_search_without_patient_and_unknown_paths(
    client: AsyncClient, staff: SignedIn
) -> None:
    missing = await client.get(f"{FHIR}/Immunization", headers=staff.headers)
    issue = outcome_of(missing, 422)
    assert issue["code"] == "invalid" and "patient" in issue["expression"][0]
    for method, path in (("GET", "/Observation/1"), ("GET", "/")):
        response = await client.request(method, f"{FHIR}{path}", headers=staff.headers)
        assert outcome_of(response, 404)["details"]["coding"][0]["code"] == "not_supported"


async def test_the_rest_of_the_api_keeps_the_house_error_shape(
    client: AsyncClient, staff: SignedIn
) -> None:
    assert_error(
        await client.get("/api/v1/patients/not-an-id", headers=staff.headers),
        404,
        "patient_not_found",
    )
    assert_error(await client.get("/api/v1/patients/not-an-id"), 401, "unauthorized")
    response = await client.get("/api/v1/patients/not-an-id", headers=staff.headers)
    assert response.headers["content-type"].startswith("application/json")


async def test_a_known_path_with_another_method_is_405(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    response = await client.delete(f"{FHIR}/Patient/{child['id']}", headers=staff.headers)
    assert outcome_of(response, 405)["code"] == "not-supported"
    assert response.headers["allow"] == "GET"
    response = await client.get(f"{FHIR}/$immds-forecast", headers=staff.headers)
    assert outcome_of(response, 405)["code"] == "not-supported"
    assert response.headers["allow"] == "POST"
