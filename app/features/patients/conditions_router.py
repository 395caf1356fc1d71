"""HTTP routes of a child's conditions (`/api/v1/patients/{patient_id}/conditions`)."""

from fastapi import APIRouter, status

from app.features.auth.dependencies import ClinicMember, CurrentUser, actor
from app.features.patients import conditions
from app.features.patients.models import PatientCondition
from app.features.patients.schemas import ConditionCreate, ConditionEnd, ConditionRead
from app.shared.schemas import error_responses

router = APIRouter(
    prefix="/patients/{patient_id}/conditions",
    tags=["patients"],
    responses=error_responses(401, 403, 404, 422),
)


def _read(condition: PatientCondition) -> ConditionRead:
    return ConditionRead.model_validate(condition)


@router.get("")
async def list_conditions(patient_id: str, user: CurrentUser) -> list[ConditionRead]:
    """The child's conditions (clinic staff, or the child's parents), ended ones included."""
    found = await conditions.list_conditions(viewer=actor(user), patient_id=patient_id)
    reads = [_read(c) for c in found]
    if user.role == "parent":  # parents never receive the clinic's notes (issue 14)
        return [r.model_copy(update={"notes": None}) for r in reads]
    return reads


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409))
async def add_condition(
    patient_id: str, body: ConditionCreate, member: ClinicMember
) -> ConditionRead:
    """Record a condition (a code of `GET /schedules/{code}/observations`); forecasts follow."""
    condition = await conditions.add_condition(
        viewer=member,
        patient_id=patient_id,
        code=body.code,
        recorded_on=body.recorded_on,
        notes=body.notes,
    )
    return _read(condition)


@router.post("/{condition_id}/end", responses=error_responses(409))
async def end_condition(
    patient_id: str, condition_id: str, body: ConditionEnd, member: ClinicMember
) -> ConditionRead:
    """End a condition (it stays on the record as `ended`); the forecast follows."""
    condition = await conditions.end_condition(
        viewer=member,
        patient_id=patient_id,
        condition_id=condition_id,
        ends_on=body.ends_on,
        reason=body.reason,
    )
    return _read(condition)
