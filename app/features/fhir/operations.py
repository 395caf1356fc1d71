"""`$immds-forecast` (HL7 ImmDS IG): a Parameters resource in, the engine's answer out.

The same engine call as `POST /schedules/{code}/forecast` (`schedules_service.forecast`, with
the caller's clinic's overdue rule), so the two agree for the same input; nothing is stored.
The schedule is the `schedule` parameter (the product's own, optional), or the caller's clinic's.
"""

from datetime import date
from typing import Any

from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.parameters import Parameters
from fhir.resources.R4B.patient import Patient as FhirPatient
from pydantic import ValidationError

from app.core.audit import Actor
from app.core.errors import UnprocessableEntity
from app.features.clinic import service as clinic_service
from app.features.fhir import codes, forecast_map
from app.features.fhir.immunizations_map import UnreadableImmunization, read_immunization
from app.features.schedules import service as schedules_service
from app.features.schedules.exceptions import ScheduleNotFound

_IN = ("assessmentDate", "patient", "immunization", codes.SCHEDULE_PARAMETER)
_SEXES = ("female", "male", "other", "unknown")


class InvalidParameters(UnprocessableEntity):
    """The operation's input is not what the ImmDS IG defines."""

    code = "invalid_parameters"

    def __init__(self, message: str, path: str = "Parameters") -> None:
        super().__init__(message, details=[{"loc": [path], "msg": message}])


def parse_resource(model: type[Any], body: Any, name: str) -> Any:
    """`body` as a FHIR model; InvalidParameters (422) listing what is wrong otherwise."""
    if not isinstance(body, dict) or body.get("resourceType") != name:
        found = body.get("resourceType") if isinstance(body, dict) else type(body).__name__
        raise UnprocessableEntity(
            f"Expected a {name} resource, got {found}",
            code="wrong_resource_type",
            details=[{"loc": ["resourceType"], "msg": f"must be {name}"}],
        )
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        details = [{"loc": [name, *e["loc"]], "msg": e["msg"]} for e in exc.errors()]
        raise UnprocessableEntity(f"Not a valid {name}", details=details) from None


def _one(params: dict[str, list[Any]], name: str) -> Any:
    values = params.get(name, [])
    if len(values) != 1:
        raise InvalidParameters(f"exactly one '{name}' parameter is required", name)
    return values[0]


def _inputs(parameters: Parameters) -> dict[str, list[Any]]:
    params: dict[str, list[Any]] = {}
    for item in parameters.parameter or []:
        if item.name not in _IN:
            raise InvalidParameters(f"unknown parameter '{item.name}'", str(item.name))
        params.setdefault(item.name, []).append(item)
    return params


async def _schedule_code(viewer: Actor, params: dict[str, list[Any]]) -> str:
    given = params.get(codes.SCHEDULE_PARAMETER)
    if given:
        value = given[0].valueCode or given[0].valueString
        if not value:
            raise InvalidParameters("'schedule' takes valueCode or valueString", "schedule")
        return str(value)
    if viewer.clinic_id is None:
        raise InvalidParameters("a 'schedule' parameter is required (no clinic)", "schedule")
    return (await clinic_service.get_clinic(clinic_id=viewer.clinic_id)).schedule_code


def _event(resource: Immunization, position: int) -> dict[str, Any]:
    """How the output points at an input Immunization: its id, identifier, or position."""
    if resource.id:
        return {"reference": f"Immunization/{resource.id}"}
    if resource.identifier:
        ident = resource.identifier[0]
        return {"identifier": {"system": ident.system, "value": ident.value}}
    return {"display": f"immunization parameter {position + 1}"}


async def immds_forecast(*, viewer: Actor, body: Any) -> Parameters:
    """Evaluate the history and forecast every vaccine group; nothing is stored or audited."""
    params = _inputs(parse_resource(Parameters, body, "Parameters"))
    assessment = _one(params, "assessmentDate").valueDate
    if not isinstance(assessment, date):
        raise InvalidParameters("assessmentDate takes a full valueDate", "assessmentDate")
    patient = _one(params, "patient").resource
    if not isinstance(patient, FhirPatient):
        raise InvalidParameters("'patient' takes a Patient resource", "patient")
    if not isinstance(patient.birthDate, date):
        raise InvalidParameters("Patient.birthDate (a full date) is required", "patient")
    sex = str(patient.gender) if patient.gender in _SEXES else "unknown"
    doses: list[schedules_service.DoseInput] = []
    events: list[tuple[str, dict[str, Any]]] = []
    for position, item in enumerate(params.get("immunization", [])):
        resource = item.resource
        if not isinstance(resource, Immunization):
            raise InvalidParameters("'immunization' takes Immunization resources", "immunization")
        try:
            read = read_immunization(resource)
        except UnreadableImmunization as exc:
            raise InvalidParameters(str(exc), f"immunization[{position}].{exc.path}") from None
        if read.status != "completed":
            continue  # entered in error or not done: not part of the history
        expired = read.expiration_date is not None and read.expiration_date < read.day
        doses.append(schedules_service.DoseInput(read.day, read.cvx, read.mvx, expired))
        events.append((f"evaluation-{len(events) + 1}", _event(resource, position)))
    try:
        schedule = schedules_service.get_schedule(await _schedule_code(viewer, params))
    except ScheduleNotFound as exc:
        raise InvalidParameters(exc.message, "schedule") from None
    response = schedules_service.forecast(
        schedule,
        date_of_birth=patient.birthDate,
        sex=sex,
        assessment_date=assessment,
        doses=doses,
        overdue_after_days=await schedules_service.overdue_after_days_of(viewer.clinic_id),
    )
    subject = (
        {"reference": f"Patient/{patient.id}"} if patient.id else {"display": "the patient given"}
    )
    evaluations = forecast_map.evaluation_resources(response, patient=subject, events=events)
    recommendation = forecast_map.recommendation_resource(
        response, resource_id="recommendation", patient=subject, events=events
    )
    return Parameters(
        parameter=[
            *({"name": "evaluation", "resource": e} for e in evaluations),
            {"name": "recommendation", "resource": recommendation},
        ]
    )
