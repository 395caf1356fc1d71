"""HTTP routes of the FHIR R4 face (`/fhir`): reads, searches, `$everything`, `$immds-forecast`.

Every answer is `application/fhir+json`; every error an OperationOutcome (`FhirRoute`).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.routing import APIRoute
from starlette.routing import Match

from app.core.errors import AppError, NotFound
from app.features.auth.dependencies import CurrentUser, actor
from app.features.fhir import capability, operations, service
from app.features.fhir.outcomes import FhirResponse, FhirRoute, fhir_response
from app.shared.text import SingleLine

router = APIRouter(
    prefix="/fhir", tags=["fhir"], route_class=FhirRoute, default_response_class=FhirResponse
)

_OUTCOME = {
    "description": "An OperationOutcome",
    "content": {
        "application/fhir+json": {
            "schema": {"type": "object", "required": ["resourceType", "issue"]}
        }
    },
}
_ERRORS: dict[int | str, dict[str, Any]] = {code: _OUTCOME for code in (401, 403, 404, 422)}
PatientSearch = Annotated[
    str, SingleLine, Query(min_length=1, max_length=100, description="`Patient/<id>` or `<id>`")
]


def base_url(request: Request) -> str:
    """The FHIR base of this server, as the caller reached it."""
    return str(request.url_for("fhir_metadata")).removesuffix("/metadata")


@router.get("/metadata", name="fhir_metadata")
async def metadata(request: Request) -> FhirResponse:
    """The server's CapabilityStatement (public, like every FHIR server's)."""
    version = request.app.version
    return fhir_response(capability.capability_statement(base_url(request), version))


@router.get("/Patient/{patient_id}", responses=_ERRORS)
async def read_patient(patient_id: str, user: CurrentUser) -> FhirResponse:
    """A child as a FHIR Patient."""
    return fhir_response(await service.read_patient(viewer=actor(user), patient_id=patient_id))


@router.get("/Patient/{patient_id}/$everything", responses=_ERRORS)
async def patient_everything(patient_id: str, user: CurrentUser, request: Request) -> FhirResponse:
    """The child, guardians, immunizations, their evaluations and the recommendation (a Bundle)."""
    found = await service.everything(viewer=actor(user), patient_id=patient_id)
    return fhir_response(service.searchset(base_url(request), str(request.url), found))


@router.get("/Immunization/{immunization_id}", responses=_ERRORS)
async def read_immunization(immunization_id: str, user: CurrentUser) -> FhirResponse:
    """One immunization record (id `<patient id>-<record id>`)."""
    resource = await service.read_immunization(viewer=actor(user), immunization_id=immunization_id)
    return fhir_response(resource)


@router.get("/Immunization", responses=_ERRORS)
async def search_immunizations(
    patient: PatientSearch, user: CurrentUser, request: Request
) -> FhirResponse:
    """Every immunization record of a child (a searchset Bundle)."""
    found = await service.child_immunizations(
        viewer=actor(user), patient_id=service.patient_id_of(patient)
    )
    entries = [(resource, "match") for resource in found]
    return fhir_response(service.searchset(base_url(request), str(request.url), entries))


@router.get("/ImmunizationRecommendation", responses=_ERRORS)
async def search_recommendations(
    patient: PatientSearch, user: CurrentUser, request: Request
) -> FhirResponse:
    """The child's forecast as of the clinic's today (a searchset Bundle of one)."""
    found = await service.child_recommendation(
        viewer=actor(user), patient_id=service.patient_id_of(patient)
    )
    entries = [(resource, "match") for resource in found]
    return fhir_response(service.searchset(base_url(request), str(request.url), entries))


@router.post("/$immds-forecast", responses=_ERRORS)
async def immds_forecast(
    body: Annotated[dict[str, Any], Body(description="A Parameters resource (ImmDS IG)")],
    user: CurrentUser,
) -> FhirResponse:
    """HL7 ImmDS `$immds-forecast`: evaluate and forecast a history, storing nothing.

    In: `assessmentDate`, `patient`, `immunization`*, and optionally `schedule` (a schedule
    code; default: the caller's clinic's). Out: `evaluation`*, `recommendation`.
    """
    return fhir_response(await operations.immds_forecast(viewer=actor(user), body=body))


class MethodNotAllowed(AppError):
    """A FHIR path that exists, asked with a method it does not take."""

    status_code = 405
    code = "method_not_allowed"


@router.api_route(
    "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
async def unknown(path: str, request: Request) -> FhirResponse:
    """Anything else under the FHIR base: 405 on a known path, else 404 (OperationOutcome)."""
    # The path as this router's own routes spell it (the app adds the API prefix in front).
    scope = {**request.scope, "path": f"{router.prefix}/{path}", "root_path": ""}
    allowed = sorted(
        method
        for route in router.routes
        if isinstance(route, APIRoute)
        and route.endpoint is not unknown
        and route.matches(scope)[0] == Match.PARTIAL
        for method in route.methods or ()
    )
    if allowed:
        raise MethodNotAllowed(
            f"{request.method} is not supported here", headers={"Allow": ", ".join(allowed)}
        )
    raise NotFound(f"No FHIR resource or operation at '{path}'", code="not_supported")
