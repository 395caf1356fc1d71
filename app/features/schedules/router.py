"""HTTP routes of the schedules feature (`/api/v1/schedules`)."""

from fastapi import APIRouter

from app.features.auth.dependencies import CurrentUser
from app.features.schedules import service
from app.features.schedules.schemas import (
    ForecastRequest,
    ForecastResponse,
    ScheduleDetail,
    ScheduleSummary,
    VaccineRead,
)
from app.shared.schemas import error_responses

router = APIRouter(prefix="/schedules", tags=["schedules"], responses=error_responses(401, 422))


@router.get("")
async def list_schedules(_: CurrentUser) -> list[ScheduleSummary]:
    """The immunization schedules the product ships."""
    return [service.summary(s) for s in service.available_schedules()]


@router.get("/{code}", responses=error_responses(404))
async def read_schedule(code: str, _: CurrentUser) -> ScheduleDetail:
    """A schedule's vaccine groups, antigens, series and dose rules in readable form."""
    return service.detail(service.get_schedule(code))


@router.get("/{code}/vaccines", responses=error_responses(404))
async def list_vaccines(code: str, _: CurrentUser) -> list[VaccineRead]:
    """The vaccines (CVX codes) the schedule knows."""
    return service.vaccines(service.get_schedule(code))


@router.post("/{code}/forecast", responses=error_responses(404))
async def forecast(code: str, body: ForecastRequest, _: CurrentUser) -> ForecastResponse:
    """Evaluate a history and forecast every vaccine group, without storing anything."""
    return service.forecast(
        service.get_schedule(code),
        date_of_birth=body.date_of_birth,
        sex=body.sex,
        assessment_date=body.assessment_date,
        doses=[service.DoseInput(d.date_administered, d.cvx, d.mvx) for d in body.doses],
    )
