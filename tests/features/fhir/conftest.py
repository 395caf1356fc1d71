"""FHIR tests: a cdc-acip clinic with an admin, a member of staff and a child, and a validator."""

from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from httpx import AsyncClient, Response

from tests.factories import (
    SignedIn,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
)
from tests.mail import Mailbox

FHIR = "/api/v1/fhir"
CHILD_AGE_DAYS = 200  # about 6.5 months: past due for the 2-month doses


def fhir_resource(response: Response, status: int = 200, resource_type: str | None = None) -> Any:
    """Assert a FHIR answer (status, media type) and validate its body with fhir.resources."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    body = response.json()
    if resource_type is not None:
        assert body["resourceType"] == resource_type, body
    # The maintained model library (R4B models: R4's resources, see the feature README).
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    return body


def outcome_of(response: Response, status: int) -> dict[str, Any]:
    """Assert an OperationOutcome error with this status; its first issue."""
    body = fhir_resource(response, status, "OperationOutcome")
    issue: dict[str, Any] = body["issue"][0]
    assert issue["severity"] == "error"
    return issue


def resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The resources of one type in a Bundle, in order."""
    return [
        e["resource"]
        for e in bundle.get("entry", [])
        if e.get("resource", {}).get("resourceType") == resource_type
    ]


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client, clinic_name="Sunrise Clinic")
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)


@pytest.fixture
async def child(client: AsyncClient, staff: SignedIn) -> dict[str, Any]:
    return await create_patient(
        client,
        staff.headers,
        date_of_birth=days_ago(CHILD_AGE_DAYS),
        medical_record_number="MRN-0042",
    )
