"""The engine's evaluation and forecast as ImmunizationEvaluation and ImmunizationRecommendation."""

from datetime import date
from typing import Any

from fhir.resources.R4B.immunizationevaluation import ImmunizationEvaluation
from fhir.resources.R4B.immunizationrecommendation import ImmunizationRecommendation

from app.features.fhir import codes
from app.features.immunizations import due_rules
from app.features.schedules.schemas import (
    AntigenEvaluation,
    ForecastResponse,
    NextDose,
    VaccineGroupForecast,
)

Reference = dict[str, Any]


def _concept(
    system: str, code: str, display: str | None = None, text: str | None = None
) -> dict[str, Any]:
    coding = {"system": system, "code": code, **({"display": display} if display else {})}
    return {"coding": [coding], "text": text or display or code}


def _authority(response: ForecastResponse) -> Reference:
    return {"display": f"Health Passport CDSi engine, schedule '{response.schedule}'"}


def evaluation_resource(
    evaluation: AntigenEvaluation,
    *,
    resource_id: str,
    patient: Reference,
    event: Reference,
    response: ForecastResponse,
) -> ImmunizationEvaluation:
    """What one dose means for one antigen, as an ImmunizationEvaluation."""
    valid = evaluation.status == "valid"
    dose_status = _concept(
        codes.DOSE_STATUS,
        "valid" if valid else "notvalid",
        "Valid" if valid else "Not valid",
        text=evaluation.status,  # the engine's own word: not_valid, extraneous, sub_standard
    )
    fields: dict[str, Any] = {
        "id": resource_id,
        "status": "completed",
        "patient": patient,
        "date": response.assessment_date,
        "authority": _authority(response),
        "targetDisease": _concept(codes.ANTIGEN, evaluation.antigen, text=evaluation.antigen),
        "immunizationEvent": event,
        "doseStatus": dose_status,
        "description": f"Vaccine group {evaluation.vaccine_group}",
        "series": evaluation.series,
    }
    if evaluation.reason:
        fields["doseStatusReason"] = [{"text": evaluation.reason}]
    if evaluation.dose_number and evaluation.dose_number > 0:
        fields["doseNumberPositiveInt"] = evaluation.dose_number
    return ImmunizationEvaluation(**{k: v for k, v in fields.items() if v is not None})


def evaluation_resources(
    response: ForecastResponse, *, patient: Reference, events: list[tuple[str, Reference]]
) -> list[ImmunizationEvaluation]:
    """Every dose's evaluations; `events[i]` is the id stem and reference of dose `i`."""
    found = []
    for dose in response.doses:
        stem, event = events[dose.index]
        for n, evaluation in enumerate(dose.evaluations, start=1):
            found.append(
                evaluation_resource(
                    evaluation,
                    resource_id=f"{stem}-{n}",
                    patient=patient,
                    event=event,
                    response=response,
                )
            )
    return found


def forecast_status(group: VaccineGroupForecast, day: date) -> dict[str, Any]:
    """The vaccine group's forecastStatus on the assessment date."""
    if group.status == "not_complete":
        # Overdue by the product's one due rule (the worklists and summaries agree).
        overdue = (
            group.forecast is not None
            and due_rules.dose_status(group.forecast, day, day) == "overdue"
        )
        code = "overdue" if overdue else "due"
        return _concept(codes.RECOMMENDATION_STATUS, code, code.title(), text=group.status)
    system, code, display = codes.FORECAST_STATUS_CODES.get(
        group.status, (codes.FORECAST_STATUS, group.status, group.status)
    )
    return _concept(system, code, display, text=group.status)


def _date_criteria(forecast: NextDose | None) -> list[dict[str, Any]] | None:
    if forecast is None:
        return None
    criteria = [
        {"code": _concept(codes.LOINC, loinc, display), "value": getattr(forecast, field)}
        for field, loinc, display in codes.DATE_CRITERIA
        if getattr(forecast, field) is not None
    ]
    return criteria or None


def _group_doses(response: ForecastResponse, group: str) -> tuple[list[int], str | None]:
    """The doses evaluated for a group (history indexes) and the series the latest counted in."""
    indexes, series = [], None
    for dose in response.doses:
        mine = [e for e in dose.evaluations if e.vaccine_group == group]
        if mine:
            indexes.append(dose.index)
            series = next((e.series for e in mine if e.series), series)
    return indexes, series


def recommendation_resource(
    response: ForecastResponse,
    *,
    resource_id: str,
    patient: Reference,
    events: list[tuple[str, Reference]],
) -> ImmunizationRecommendation:
    """Every vaccine group's forecast as one ImmunizationRecommendation."""
    recommendations = []
    for group in response.vaccine_groups:
        indexes, series = _group_doses(response, group.vaccine_group)
        item: dict[str, Any] = {
            "targetDisease": _concept(codes.VACCINE_GROUP, group.vaccine_group),
            "forecastStatus": forecast_status(group, response.assessment_date),
            "dateCriterion": _date_criteria(group.forecast),
            "series": series,
            "supportingImmunization": [events[i][1] for i in indexes] or None,
        }
        if group.forecast and group.forecast.dose_number and group.forecast.dose_number > 0:
            item["doseNumberPositiveInt"] = group.forecast.dose_number
        recommendations.append({k: v for k, v in item.items() if v is not None})
    return ImmunizationRecommendation(
        id=resource_id,
        patient=patient,
        date=response.assessment_date,
        authority=_authority(response),
        recommendation=recommendations,
    )
