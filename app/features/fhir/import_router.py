"""`POST /patients/{patient_id}/immunizations/$import`: a FHIR Bundle of a child's past doses.

Outside `/fhir`, so a refused request (auth, role, unknown child, not a Bundle) answers in the
API's one error shape; the answer itself is a FHIR `batch-response` Bundle whose entries say,
each, created (201), already present (200) or refused (with an OperationOutcome).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body

from app.features.auth.dependencies import ClinicMember
from app.features.fhir import imports
from app.features.fhir.outcomes import FhirResponse, fhir_response

# Refusals of the whole request keep the API's one error shape, as `application/json`
# (the answer itself is `application/fhir+json`).
_HOUSE_ERROR: dict[str, Any] = {
    "description": "The one error shape",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
}
router = APIRouter(
    prefix="/patients/{patient_id}",
    tags=["fhir"],
    responses={code: _HOUSE_ERROR for code in (401, 403, 404, 409, 413, 422)},
)


@router.post("/immunizations/$import", response_class=FhirResponse)
async def import_immunizations(
    patient_id: str,
    body: Annotated[dict[str, Any], Body(description="A FHIR Bundle of Immunization resources")],
    member: ClinicMember,
) -> FhirResponse:
    """Import a child's past doses from a FHIR Bundle as `historical` records, idempotently.

    An entry whose `Immunization.identifier` the child's records already carry is answered
    `200 OK` with that record; the child's forecast is refreshed once.
    """
    bundle = await imports.import_bundle(viewer=member, patient_id=patient_id, body=body)
    return fhir_response(bundle)
