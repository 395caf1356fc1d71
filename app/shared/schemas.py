"""Schemas shared by every feature: pages, messages, the error shape."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Generic, Protocol, TypeVar

from bson import ObjectId
from pydantic import BaseModel, BeforeValidator, ConfigDict

# ASCII digits, whole string: `\d` takes any Unicode digit and `$` a trailing newline.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)


def _iso_date_only(value: Any) -> Any:
    """Dates are `YYYY-MM-DD` within 1900..2199: no Unix timestamps, no calendar overflows."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise ValueError("dates are written YYYY-MM-DD")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError("dates must lie between 1900-01-01 and 2199-12-31")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def _id_text(value: Any) -> Any:
    return str(value) if isinstance(value, ObjectId) else value


# Ids are strings in the API; one read from a document (an ObjectId) becomes its hex form.
IdStr = Annotated[str, BeforeValidator(_id_text)]


class ReadModel(BaseModel):
    """Base of response models built from a document's attributes (`Model.model_validate(doc)`)."""

    model_config = ConfigDict(from_attributes=True)


class RequestModel(BaseModel):
    """Base of every request body: unknown or server-owned fields are rejected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


T = TypeVar("T")


class PageRequest(Protocol):
    """Which page was asked for."""

    @property
    def page(self) -> int: ...

    @property
    def size(self) -> int: ...


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    page: int
    size: int

    @classmethod
    def of(cls, items: list[T], total: int, request: PageRequest) -> "Page[T]":
        """The page `request` asked for, holding `items` of `total`."""
        return cls(items=items, total=total, page=request.page, size=request.size)


class Message(BaseModel):
    """A plain acknowledgement."""

    message: str


class ErrorDetail(BaseModel):
    """The inside of the one error shape."""

    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """`{"error": {"code", "message", "details"}}`, for every 4xx and 5xx."""

    error: ErrorDetail


class AuditEventRead(ReadModel):
    """One audit event; `fields` names changed fields, never their values."""

    id: IdStr
    at: datetime
    actor_id: IdStr | None
    role: str | None
    clinic_id: IdStr | None
    action: str
    target_type: str | None
    target_id: str | None
    request_id: str | None
    # The caller's own X-Request-ID, when it sent a plain one; `request_id` is always ours.
    client_request_id: str | None
    ip: str | None
    fields: list[str]


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting the one error shape for these statuses."""
    return {code: {"model": ErrorResponse} for code in status_codes}
