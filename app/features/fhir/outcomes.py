"""FHIR answers: `application/fhir+json`, and every error as an OperationOutcome (FHIR routes).

The app's handlers render the one error shape everywhere; the routes of this feature use
`FhirRoute`, which turns the same errors into OperationOutcome resources with the same HTTP
status before those handlers see them, so the rest of the API is untouched.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import AppError
from app.features.fhir import codes

# HTTP status -> OperationOutcome.issue.code (http://hl7.org/fhir/issue-type).
_ISSUE_TYPE = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    412: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
    429: "throttled",
}


class FhirResponse(JSONResponse):
    """A FHIR resource as `application/fhir+json`."""

    media_type = codes.FHIR_JSON


def resource_json(resource: Resource) -> dict[str, Any]:
    """A resource as FHIR JSON (no empty elements)."""
    data: dict[str, Any] = resource.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def fhir_response(resource: Resource, status_code: int = 200, **headers: str) -> FhirResponse:
    """A resource as the body of an `application/fhir+json` response."""
    return FhirResponse(resource_json(resource), status_code=status_code, headers=headers or None)


def outcome(
    status_code: int, error_code: str, message: str, expression: list[str] | None = None
) -> OperationOutcome:
    """An OperationOutcome of one error; the product's error code is its `details` coding."""
    return OperationOutcome(
        issue=[
            {
                "severity": "error",
                "code": _ISSUE_TYPE.get(
                    status_code, "processing" if status_code < 500 else "exception"
                ),
                "details": {
                    "coding": [{"system": codes.ERROR_CODE, "code": error_code}],
                    "text": message,
                },
                "diagnostics": message,
                **({"expression": expression} if expression else {}),
            }
        ]
    )


def validation_outcome(
    errors: list[dict[str, Any]], error_code: str = "validation_error"
) -> OperationOutcome:
    """One issue per validation error, located by a FHIRPath-like expression."""
    issues = []
    for error in errors:
        path = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        message = str(error.get("msg", "invalid"))
        issues.append(
            {
                "severity": "error",
                "code": "invalid",
                "details": {
                    "coding": [{"system": codes.ERROR_CODE, "code": error_code}],
                    "text": message,
                },
                "diagnostics": f"{path}: {message}" if path else message,
                **({"expression": [path]} if path else {}),
            }
        )
    return OperationOutcome(issue=issues or outcome(422, error_code, "invalid").issue)


def error_response(exc: Exception) -> FhirResponse | None:
    """The OperationOutcome answer to an error, or None for an unexpected one (a 500)."""
    if isinstance(exc, AppError):
        details = jsonable_encoder(exc.details)
        if isinstance(details, list) and all(isinstance(d, dict) for d in details):
            body = validation_outcome(details, exc.code)
        else:
            body = outcome(exc.status_code, exc.code, exc.message)
        return fhir_response(body, exc.status_code, **(exc.headers or {}))
    if isinstance(exc, RequestValidationError):
        return fhir_response(validation_outcome(list(exc.errors())), 422)
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 400:  # a body FastAPI cannot decode: as invalid as bad JSON
            return fhir_response(
                outcome(422, "validation_error", "The body is not valid JSON"), 422
            )
        message = exc.detail if isinstance(exc.detail, str) else "Request failed"
        return fhir_response(outcome(exc.status_code, "http_error", message), exc.status_code)
    return None


class FhirRoute(APIRoute):
    """A route whose errors (auth, roles, validation, domain) answer as OperationOutcome."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def fhir_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                answer = error_response(exc)
                if answer is None:
                    raise
                return answer

        return fhir_handler
