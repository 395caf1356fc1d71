"""HTTP routes of milestones (`/api/v1/milestones`, `/api/v1/patients/{id}/milestones`)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.dependencies import ClinicUser, CurrentUser, Pagination, actor
from app.features.milestones import service
from app.features.milestones.models import MilestoneObservation
from app.features.milestones.rules import Concern, MilestoneItem
from app.features.milestones.schemas import (
    AgeRead,
    CatalogGroupRead,
    CatalogItemRead,
    ChecklistStatusRead,
    ConcernRead,
    ConcernRowRead,
    ItemStatusRead,
    ObservationRead,
    ObserveRequest,
    ObserveResponse,
    PatientMilestonesRead,
)
from app.shared.schemas import IsoDate, Page, error_responses

router = APIRouter(tags=["milestones"], responses=error_responses(401, 403, 404, 422))


def catalog_item_read(item: MilestoneItem) -> CatalogItemRead:
    """The API view of a catalog item."""
    return CatalogItemRead(
        code=item.code,
        domain=item.domain,
        text=item.text,
        source=item.source,
        revision=item.revision,
        window_start_months=item.window_start_months,
        window_end_months=item.window_end_months,
        criterion=item.criterion,
    )


def observation_read(observation: MilestoneObservation) -> ObservationRead:
    """The API view of one observation."""
    return ObservationRead(
        id=str(observation.id),
        code=observation.code,
        status=observation.status,
        observed_on=observation.observed_on,
        notes=observation.notes,
        source=observation.source,
        recorded_by=str(observation.recorded_by) if observation.recorded_by else None,
        recorded_at=observation.recorded_at,
    )


def item_status_read(status: service.ItemStatus) -> ItemStatusRead:
    """A catalog item with the child's latest observation."""
    latest = status.latest
    return ItemStatusRead(
        **catalog_item_read(status.item).model_dump(),
        status=latest.status if latest else None,
        observation=observation_read(latest) if latest else None,
    )


def concern_read(concern: Concern) -> ConcernRead:
    """The API view of a concern."""
    return ConcernRead(kind=concern.kind, code=concern.code, text=concern.text, since=concern.since)


@router.get("/milestones")
async def list_catalog(
    _: CurrentUser,
    age_months: Annotated[
        int | None, Query(ge=0, le=120, description="One age's items; 404 when none")
    ] = None,
) -> list[CatalogGroupRead]:
    """The milestone catalog: CDC checklists by age, with the WHO motor windows."""
    groups = service.get_catalog(age_months=age_months)
    return [
        CatalogGroupRead(age_months=g.age_months, items=[catalog_item_read(i) for i in g.items])
        for g in groups
    ]


@router.get("/milestones/concerns", responses=error_responses(403))
async def list_concerns(user: ClinicUser, pagination: Pagination) -> Page[ConcernRowRead]:
    """The clinic's children with milestone concerns, most urgent first (admin, staff)."""
    rows, total = await service.list_concerns(
        viewer=actor(user), page=pagination.page, size=pagination.size
    )
    return Page.of(
        [
            ConcernRowRead(
                patient_id=str(row.patient_id),
                first_name=row.first_name,
                last_name=row.last_name,
                date_of_birth=row.date_of_birth,
                concerns=[concern_read(c) for c in row.concerns],
            )
            for row in rows
        ],
        total,
        pagination,
    )


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
    return PatientMilestonesRead(
        patient_id=str(view.patient.id),
        as_of=age.as_of,
        date_of_birth=view.patient.date_of_birth,
        age_used=age.age_used,
        age=AgeRead(months=age.months, days=age.days),
        chronological_age=AgeRead(months=age.chronological_months, days=age.chronological_days),
        checklists=[
            ChecklistStatusRead(age_months=months, items=[item_status_read(s) for s in statuses])
            for months, statuses in view.checklists
        ],
        motor_milestones=[item_status_read(s) for s in view.motor_milestones],
        concerns=[concern_read(c) for c in view.concerns],
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
    return ObserveResponse(
        **item_status_read(status).model_dump(), recorded=observation_read(recorded)
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
    return Page.of([observation_read(o) for o in observations], total, pagination)
