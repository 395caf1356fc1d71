"""HTTP routes of the immunizations feature: a child's records and forecast, the due list."""

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status

from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicMember, CurrentUser, actor
from app.features.auth.models import User
from app.features.immunizations import service
from app.features.immunizations.due_rows_http import due_rows_response
from app.features.immunizations.schemas import (
    DueRow,
    EnteredInErrorRequest,
    NotDoneRequest,
    PatientForecast,
    RecordCreate,
    RecordRead,
    RecordUpdate,
    parent_record_view,
)
from app.shared.concurrency import etag
from app.shared.schemas import IsoDate, Page, error_responses
from app.shared.text import SingleLine

records_router = APIRouter(
    prefix="/patients/{patient_id}",
    tags=["immunizations"],
    responses=error_responses(401, 403, 404, 422),
)
worklist_router = APIRouter(
    prefix="/immunizations", tags=["immunizations"], responses=error_responses(401, 403, 422)
)


def record_read(view: service.RecordView) -> RecordRead:
    """The API view of a record."""
    return RecordRead.of(
        view.record,
        vaccine_name=view.vaccine_name,
        vaccine_groups=view.vaccine_groups,
        evaluations=view.evaluations,
    )


def _seen_by(user: User, read: RecordRead) -> RecordRead:
    # Parents never receive the clinic's notes (issue 14).
    return parent_record_view(read) if user.role == "parent" else read


def _respond(view: service.RecordView, response: Response) -> RecordRead:
    response.headers["ETag"] = etag(view.record)
    return record_read(view)


@records_router.post(
    "/immunizations", status_code=status.HTTP_201_CREATED, responses=error_responses(409)
)
async def add_record(
    patient_id: str,
    body: RecordCreate,
    member: ClinicMember,
    response: Response,
    allow_duplicate: Annotated[
        bool, Query(description="Record the same vaccine twice a day")
    ] = False,
) -> RecordRead:
    """Record a dose; the child's forecast is refreshed."""
    view = await service.add_record(
        viewer=member,
        patient_id=patient_id,
        fields=body.model_dump(exclude_unset=True),
        allow_duplicate=allow_duplicate,
    )
    return _respond(view, response)


@records_router.post(
    "/immunizations/not-done", status_code=status.HTTP_201_CREATED, responses=error_responses(409)
)
async def record_not_done(
    patient_id: str, body: NotDoneRequest, member: ClinicMember, response: Response
) -> RecordRead:
    """Record a dose that was not given, and why."""
    view = await service.record_not_done(
        viewer=member,
        patient_id=patient_id,
        vaccine_group=body.vaccine_group,
        day=body.date,
        reason=body.reason,
        notes=body.notes,
    )
    return _respond(view, response)


@records_router.get("/immunizations")
async def list_records(patient_id: str, user: CurrentUser) -> list[RecordRead]:
    """The child's records, oldest first, each with its evaluations."""
    views = await service.list_records(viewer=actor(user), patient_id=patient_id)
    return [_seen_by(user, record_read(v)) for v in views]


@records_router.get("/immunizations/{record_id}")
async def read_record(
    patient_id: str, record_id: str, user: CurrentUser, response: Response
) -> RecordRead:
    """One record; its `ETag` guards corrections."""
    view = await service.read_record(viewer=actor(user), patient_id=patient_id, record_id=record_id)
    response.headers["ETag"] = etag(view.record)
    return _seen_by(user, record_read(view))


@records_router.patch("/immunizations/{record_id}", responses=error_responses(409, 412))
async def correct_record(
    patient_id: str,
    record_id: str,
    body: RecordUpdate,
    member: ClinicMember,
    response: Response,
    if_match: Annotated[str | None, Header(description="The ETag last read")] = None,
) -> RecordRead:
    """Correct a dose; a stale `If-Match` gets 412 and the old values stay in `revisions`."""
    view = await service.correct_record(
        viewer=member,
        patient_id=patient_id,
        record_id=record_id,
        changes=body.model_dump(exclude_unset=True),
        if_match=if_match,
    )
    return _respond(view, response)


@records_router.post("/immunizations/{record_id}/entered-in-error", responses=error_responses(409))
async def mark_entered_in_error(
    patient_id: str,
    record_id: str,
    body: EnteredInErrorRequest,
    member: ClinicMember,
    response: Response,
) -> RecordRead:
    """Mark a record entered in error: it stays, and stops counting."""
    view = await service.mark_entered_in_error(
        viewer=member, patient_id=patient_id, record_id=record_id, reason=body.reason
    )
    return _respond(view, response)


@records_router.get("/forecast")
async def read_forecast(
    patient_id: str,
    user: CurrentUser,
    as_of: Annotated[IsoDate | None, Query(description="Default: today in the clinic")] = None,
) -> PatientForecast:
    """The child's evaluation and forecast under the clinic's schedule, with a summary."""
    result, summary = await service.read_forecast(
        viewer=actor(user), patient_id=patient_id, as_of=as_of
    )
    return PatientForecast(**result.model_dump(), summary=summary)


@worklist_router.get(
    "/due-list",
    response_model=Page[DueRow],
    responses={200: {"content": {"text/csv": {}}, "description": "JSON page, or CSV"}},
)
async def due_list(
    member: ClinicMember,
    pagination: Pagination,
    date_from: Annotated[IsoDate | None, Query(alias="from")] = None,
    date_to: Annotated[IsoDate | None, Query(alias="to")] = None,
    status_: Annotated[Literal["due", "overdue"] | None, Query(alias="status")] = None,
    vaccine_group: Annotated[str | None, Query(max_length=50), SingleLine] = None,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Page[DueRow] | Response:
    """Children due by `to` (default: in 30 days) or overdue today, most overdue first.

    `from` narrows the due rows to recommended dates on or after it.

    `?format=csv` downloads every matching row (up to 50,000) instead of one page.
    """
    return await due_rows_response(
        member,
        pagination,
        csv_wanted=format_ == "csv",
        name="due-list",
        audit_prefix="immunizations.due_list",
        date_from=date_from,
        date_to=date_to,
        status=status_,
        vaccine_group=vaccine_group,
    )
