"""HTTP routes of the schedules feature (`/api/v1/schedules`)."""

from fastapi import APIRouter

from app.features.auth.dependencies import CurrentUser
from app.features.schedules import service
from app.features.schedules.schemas import (
    ForecastRequest,
    ForecastResponse,
    ObservationRead,
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


@router.get("/{code}/observations", responses=error_responses(404))
async def list_observations(code: str, _: CurrentUser) -> list[ObservationRead]:
    """The observations (a child's conditions) that can be recorded under the schedule."""
    return service.observations(service.get_schedule(code))


@router.post("/{code}/forecast", responses=error_responses(404))
async def forecast(code: str, body: ForecastRequest, user: CurrentUser) -> ForecastResponse:
    """Evaluate a history and forecast every vaccine group, without storing anything.

    `observations` are the child's conditions (codes from `GET /schedules/{code}/observations`).
    Where the schedule gives a dose no past-due age, the caller's clinic's `overdue_after_days`
    applies (28 for a caller without a clinic).
    """
    schedule = service.get_schedule(code)
    overdue_after_days = await service.overdue_after_days_of(user.clinic_id)
    return service.forecast(
        schedule,
        date_of_birth=body.date_of_birth,
        sex=body.sex,
        assessment_date=body.assessment_date,
        doses=[service.DoseInput(d.date_administered, d.cvx, d.mvx) for d in body.doses],
        observations=body.observations,
        overdue_after_days=overdue_after_days,
    )
