"""HTTP routes of milestones (`/api/v1/milestones`, `/api/v1/patients/{id}/milestones`)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicMember, CurrentUser, actor
from app.features.milestones import service
from app.features.milestones.schemas import (
    AgeRead,
    CatalogGroupRead,
    ChecklistStatusRead,
    ConcernRead,
    ConcernRowRead,
    ItemStatusRead,
    ObservationRead,
    ObserveRequest,
    ObserveResponse,
    PatientMilestonesRead,
    observation_seen,
)
from app.shared.schemas import IsoDate, Page, error_responses

router = APIRouter(tags=["milestones"], responses=error_responses(401, 403, 404, 422))


@router.get("/milestones")
async def list_catalog(
    _: CurrentUser,
    age_months: Annotated[
        int | None, Query(ge=0, le=120, description="One age's items; 404 when none")
    ] = None,
) -> list[CatalogGroupRead]:
    """The milestone catalog: CDC checklists by age, with the WHO motor windows."""
    groups = service.get_catalog(age_months=age_months)
    return [CatalogGroupRead.model_validate(g) for g in groups]


@router.get("/milestones/concerns", responses=error_responses(403))
async def list_concerns(member: ClinicMember, pagination: Pagination) -> Page[ConcernRowRead]:
    """The clinic's children with milestone concerns, most urgent first (admin, staff)."""
    rows, total = await service.list_concerns(
        viewer=member, page=pagination.page, size=pagination.size
    )
    return Page.of([ConcernRowRead.model_validate(row) for row in rows], total, pagination)


@router.get("/patients/{patient_id}/milestones")
async def read_patient_milestones(
    patient_id: str,
    user: CurrentUser,
    as_of: Annotated[
        IsoDate | None, Query(description="Assessment date; default: today at the clinic")
    ] = None,
) -> PatientMilestonesRead:
    """The child's due checklists with the latest observations, and concerns."""
    view = await service.read_patient_milestones(
        viewer=actor(user), patient_id=patient_id, as_of=as_of
    )
    age = view.age
    parent = user.role == "parent"
    return PatientMilestonesRead(
        patient_id=str(view.patient.id),
        as_of=age.as_of,
        date_of_birth=view.patient.date_of_birth,
        age_used=age.age_used,
        age=AgeRead(months=age.months, days=age.days),
        chronological_age=AgeRead(months=age.chronological_months, days=age.chronological_days),
        checklists=[
            ChecklistStatusRead(
                age_months=months,
                items=[ItemStatusRead.of(s.item, s.latest, parent) for s in statuses],
            )
            for months, statuses in view.checklists
        ],
        motor_milestones=[
            ItemStatusRead.of(s.item, s.latest, parent) for s in view.motor_milestones
        ],
        concerns=[ConcernRead.model_validate(c) for c in view.concerns],
    )


@router.put("/patients/{patient_id}/milestones/{code}", responses=error_responses(409))
async def observe_milestone(
    patient_id: str, code: str, body: ObserveRequest, user: CurrentUser
) -> ObserveResponse:
    """Record an observation of a milestone (kept in the history; the latest one counts)."""
    status, recorded = await service.record_observation(
        viewer=actor(user),
        patient_id=patient_id,
        code=code,
        status=body.status,
        observed_on=body.observed_on,
        notes=body.notes,
    )
    parent = user.role == "parent"
    return ObserveResponse(
        **ItemStatusRead.of(status.item, status.latest, parent).model_dump(),
        recorded=observation_seen(recorded, parent),
    )


@router.get("/patients/{patient_id}/milestones/{code}/history")
async def list_milestone_history(
    patient_id: str, code: str, user: CurrentUser, pagination: Pagination
) -> Page[ObservationRead]:
    """Every observation of one of the child's milestones, newest first."""
    observations, total = await service.list_history(
        viewer=actor(user),
        patient_id=patient_id,
        code=code,
        page=pagination.page,
        size=pagination.size,
    )
    parent = user.role == "parent"
    items = [observation_seen(o, parent) for o in observations]
    return Page.of(items, total, pagination)
