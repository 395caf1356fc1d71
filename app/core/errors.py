"""Domain errors and the handlers that render every error in one shape."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.context import current_context
from app.core.security_headers import NO_STORE, NOSNIFF

logger = logging.getLogger("app.errors")


class AppError(Exception):
    """An expected failure that the API reports to its caller."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        details: Any = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers
        if code:
            self.code = code


class BadRequest(AppError):
    """The request cannot be processed as sent."""


class Unauthorized(AppError):
    """Missing, invalid or revoked credentials."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Not authenticated", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(AppError):
    """The caller is known but may not do this."""

    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    """The resource does not exist, or not for this caller."""

    status_code = 404
    code = "not_found"


class Conflict(AppError):
    """The request clashes with the current state."""

    status_code = 409
    code = "conflict"


class PreconditionFailed(AppError):
    """An `If-Match` precondition did not hold."""

    status_code = 412
    code = "precondition_failed"


class UnprocessableEntity(AppError):
    """The request is well formed but its values are not acceptable."""

    status_code = 422
    code = "validation_error"


class TooManyRequests(AppError):
    """A rate limit was reached."""

    status_code = 429
    code = "rate_limited"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message, "details": details}}


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    body = error_body(exc.code, exc.message, jsonable_encoder(exc.details))
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    body = error_body("validation_error", "The request is not valid", details)
    return JSONResponse(body, status_code=422)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


# FastAPI's answer to a body it cannot decode (e.g. invalid UTF-8 sent as JSON).
_UNPARSABLE_BODY = "There was an error parsing the body"


_METHODS = ("delete", "get", "head", "options", "patch", "post", "put", "trace")


def _fits(template: str, path: str) -> bool:
    wanted, given = template.split("/"), path.split("/")
    return len(wanted) == len(given) and all(
        w == g or (w.startswith("{") and w.endswith("}") and g)
        for w, g in zip(wanted, given, strict=True)
    )


def _documented_methods(request: Request) -> str | None:
    """The methods the API document lists for the requested path, or None if it has no entry.

    The first path template that fits wins, as in routing: `/clinic/staff/invitations` is
    that resource, not `/clinic/staff/{user_id}`.
    """
    path, root = request.scope["path"], request.scope.get("root_path", "")
    path = path[len(root) :] if root and path.startswith(root) else path
    paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    for template, operations in paths.items():
        if _fits(template, path):
            return ", ".join(m.upper() for m in _METHODS if m in operations)
    return None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        # A body that is not JSON at all is as invalid as malformed JSON: one 422 for both.
        details = [{"loc": ["body"], "msg": "The body is not valid JSON", "type": "json_invalid"}]
        return JSONResponse(
            error_body("validation_error", "The request is not valid", details), status_code=422
        )
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = "No such resource"
    headers = exc.headers
    if exc.status_code == 405 and (allowed := _documented_methods(request)) is not None:
        # Starlette lists only the first route that matched the path (GET /me, not PATCH /me).
        headers = {**(headers or {}), "Allow": allowed}
    return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=headers)


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error", exc_info=exc)
    # Starlette sends this answer outside every middleware: it adds their headers itself.
    headers = dict([NOSNIFF, NO_STORE])
    headers["X-Request-ID"] = current_context().request_id
    return JSONResponse(
        error_body("internal_error", "An unexpected error occurred"),
        status_code=500,
        headers=headers,
    )


def register_error_handlers(app: FastAPI) -> None:
    """Route every error through the one error shape."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
