"""`$import`: a FHIR Bundle of Immunizations becomes historical records, answered entry by entry.

The Bundle is read entry by entry (one bad entry refuses that entry, not the Bundle); each
readable entry goes through the same request model as `POST .../immunizations` and the
immunizations feature's import (same checks, idempotent on `Immunization.identifier`, the
forecast refreshed once). The answer is a `batch-response` Bundle in the request's order.
"""

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.operationoutcome import OperationOutcome
from pydantic import ValidationError

from app.core.audit import ClinicActor
from app.core.errors import AppError, UnprocessableEntity
from app.features.fhir import outcomes
from app.features.fhir.immunizations_map import (
    UnreadableImmunization,
    immunization_resource,
    read_immunization,
)
from app.features.immunizations import forecasts, imports
from app.features.immunizations.schemas import RecordCreate

MAX_ENTRIES = 500
_STATUS_LINE = {
    201: "201 Created",
    200: "200 OK",
    404: "404 Not Found",
    409: "409 Conflict",
    422: "422 Unprocessable Entity",
}


class Refused(Exception):
    """An entry that cannot be imported, with the OperationOutcome that says why."""

    def __init__(self, status: int, body: OperationOutcome) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def _entries(body: Any) -> list[Any]:
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        raise UnprocessableEntity(
            "The body must be a FHIR Bundle",
            code="wrong_resource_type",
            details=[{"loc": ["body", "resourceType"], "msg": "must be Bundle"}],
        )
    entries = body.get("entry", [])
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise UnprocessableEntity(
            f"Bundle.entry must be a list of at most {MAX_ENTRIES} entries",
            details=[{"loc": ["body", "entry"], "msg": "not a list, or too long"}],
        )
    return entries


def _dose(entry: Any) -> imports.ImportedDose:
    """The dose an entry describes, or Refused."""
    resource = entry.get("resource") if isinstance(entry, dict) else None
    found = resource.get("resourceType") if isinstance(resource, dict) else None
    if found != "Immunization":
        message = f"Only Immunization resources are imported (got {found or 'nothing'})"
        raise Refused(422, outcomes.outcome(422, "wrong_resource_type", message, ["resource"]))
    try:
        read = read_immunization(Immunization.model_validate(resource))
    except ValidationError as exc:
        details = [{"loc": ["Immunization", *e["loc"]], "msg": e["msg"]} for e in exc.errors()]
        raise Refused(422, outcomes.validation_outcome(details)) from None
    except UnreadableImmunization as exc:
        raise Refused(
            422, outcomes.outcome(422, "validation_error", str(exc), [exc.path])
        ) from None
    if read.status != "completed":
        message = f"Only completed immunizations are imported (status {read.status})"
        raise Refused(422, outcomes.outcome(422, "not_completed", message, ["Immunization.status"]))
    try:
        checked = RecordCreate.model_validate({**read.fields, "source": "historical"})
    except ValidationError as exc:
        details = [{"loc": ["record", *e["loc"]], "msg": e["msg"]} for e in exc.errors()]
        raise Refused(422, outcomes.validation_outcome(details)) from None
    return imports.ImportedDose(checked.model_dump(exclude_unset=True), read.identifiers)


def _refusal(error: AppError) -> Refused:
    status = error.status_code if error.status_code in _STATUS_LINE else 422
    return Refused(status, outcomes.outcome(status, error.code, error.message))


def _response_entry(
    outcome: imports.ImportOutcome | Refused, vaccine_names: dict[str, str]
) -> dict[str, Any]:
    if isinstance(outcome, Refused):
        return {"response": {"status": _STATUS_LINE[outcome.status], "outcome": outcome.body}}
    assert outcome.record is not None
    resource = immunization_resource(outcome.record, vaccine_names.get(outcome.record.cvx or ""))
    status = 201 if outcome.result == "created" else 200
    return {
        "resource": resource,
        "response": {"status": _STATUS_LINE[status], "location": f"Immunization/{resource.id}"},
    }


async def import_bundle(*, viewer: ClinicActor, patient_id: str, body: Any) -> Bundle:
    """Import a Bundle's Immunizations as historical records; a batch-response Bundle."""
    answers: list[imports.ImportOutcome | Refused | None] = []
    doses: list[imports.ImportedDose] = []
    for entry in _entries(body):
        try:
            doses.append(_dose(entry))
            answers.append(None)  # filled from the import's outcomes below
        except Refused as refused:
            answers.append(refused)
    _, results = await imports.import_historical(viewer=viewer, patient_id=patient_id, doses=doses)
    pending = iter(results)
    filled: list[imports.ImportOutcome | Refused] = []
    for answer in answers:
        result = answer or next(pending)
        if isinstance(result, imports.ImportOutcome) and result.error is not None:
            result = _refusal(result.error)
        filled.append(result)
    schedule, _ = await forecasts.clinic_schedule(viewer.clinic_id)
    names = {code: vaccine.name for code, vaccine in schedule.cvx.items()}
    return Bundle(type="batch-response", entry=[_response_entry(a, names) for a in filled])
