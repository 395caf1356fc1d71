"""FHIR reads of a child's record: each goes through the owning feature's service (tenancy,
parents' access and audit included) and is mapped to FHIR resources here."""

from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.resource import Resource

from app.core.audit import Actor
from app.features.fhir import forecast_map, immunizations_map, patients_map
from app.features.immunizations import forecasts
from app.features.immunizations import service as immunizations_service
from app.features.immunizations.exceptions import RecordNotFound
from app.features.immunizations.forecasts import Evaluation
from app.features.immunizations.service import RecordView
from app.features.patients import service as patients_service
from app.features.patients.exceptions import PatientNotFound
from app.features.patients.models import Guardian, Patient


def patient_id_of(reference: str) -> str:
    """The child's id in a `patient` search value: `Patient/<id>` or `<id>`."""
    return reference.removeprefix("Patient/")


def _immunization_ref(patient_id: str, record_id: str) -> dict[str, str]:
    return {"reference": f"Immunization/{immunizations_map.immunization_id(patient_id, record_id)}"}


async def read_patient(*, viewer: Actor, patient_id: str) -> FhirPatient:
    """The child as a Patient; the read is audited (`patient.read`)."""
    patient = await patients_service.read_patient(viewer=viewer, patient_id=patient_id)
    return patients_map.patient_resource(patient)


def _is_parent(viewer: Actor) -> bool:
    return viewer.role == "parent"


def _sees_contact(viewer: Actor, guardian: Guardian) -> bool:
    # A parent sees their own contact details, never the other guardians' (as in the REST views).
    return not _is_parent(viewer) or guardian.user_id == viewer.user_id


async def read_immunization(*, viewer: Actor, immunization_id: str) -> Immunization:
    """One record as an Immunization; a malformed or unknown id is RecordNotFound."""
    ids = immunizations_map.split_immunization_id(immunization_id)
    if ids is None:
        raise RecordNotFound()
    try:
        view = await immunizations_service.read_record(
            viewer=viewer, patient_id=ids[0], record_id=ids[1]
        )
    except PatientNotFound:
        raise RecordNotFound() from None
    return immunizations_map.immunization_resource(
        view.record, view.vaccine_name, with_notes=not _is_parent(viewer)
    )


async def child_immunizations(*, viewer: Actor, patient_id: str) -> list[Immunization]:
    """Every record of the child, oldest first; the read is audited (`immunizations.read`)."""
    views = await immunizations_service.list_records(viewer=viewer, patient_id=patient_id)
    return _immunizations(viewer, views)


def _immunizations(viewer: Actor, views: list[RecordView]) -> list[Immunization]:
    with_notes = not _is_parent(viewer)
    return [
        immunizations_map.immunization_resource(v.record, v.vaccine_name, with_notes=with_notes)
        for v in views
    ]


async def _evaluation(
    viewer: Actor, patient: Patient, evaluation: Evaluation | None = None
) -> tuple[Any, list[tuple[str, Any]]]:
    """The child's evaluation today (run now unless given), audited like `GET .../forecast`."""
    if evaluation is None:
        evaluation = await forecasts.evaluate(patient)
    await patients_service.audit_patient(viewer, "forecast.read", patient)
    events = [
        (str(r.id), _immunization_ref(str(patient.id), str(r.id))) for r in evaluation.counted
    ]
    return evaluation.response, events


async def child_recommendation(*, viewer: Actor, patient_id: str) -> list[Resource]:
    """The child's ImmunizationRecommendation as of the clinic's today (audited)."""
    patient = await patients_service.find_patient(viewer, patient_id)
    response, events = await _evaluation(viewer, patient)
    return [_recommendation(patient, response, events)]


def _recommendation(patient: Patient, response: Any, events: list[tuple[str, Any]]) -> Resource:
    return forecast_map.recommendation_resource(
        response,
        resource_id=f"{patient.id}-{response.assessment_date:%Y%m%d}",
        patient=patients_map.patient_reference(str(patient.id)),
        events=events,
    )


async def everything(*, viewer: Actor, patient_id: str) -> list[tuple[Resource, str]]:
    """The child, guardians, records, evaluations and recommendation, each with its search mode."""
    patient = await patients_service.read_patient(viewer=viewer, patient_id=patient_id)
    found: list[tuple[Resource, str]] = [(patients_map.patient_resource(patient), "match")]
    found += [
        (patients_map.related_person(patient, g, with_contact=_sees_contact(viewer, g)), "include")
        for g in patient.active_guardians
    ]
    # One engine run serves both the records' evaluations and the recommendation.
    views, evaluation = await immunizations_service.records_and_evaluation(
        viewer=viewer, patient=patient
    )
    found += [(resource, "include") for resource in _immunizations(viewer, views)]
    response, events = await _evaluation(viewer, patient, evaluation)
    reference = patients_map.patient_reference(str(patient.id))
    evaluations = forecast_map.evaluation_resources(response, patient=reference, events=events)
    found += [(resource, "include") for resource in evaluations]
    found.append((_recommendation(patient, response, events), "include"))
    return found


def searchset(base_url: str, self_url: str, resources: Sequence[tuple[Resource, str]]) -> Bundle:
    """A searchset Bundle of resources, each with its full URL and search mode."""
    matches = sum(1 for _, mode in resources if mode == "match")
    return Bundle(
        type="searchset",
        total=matches,
        link=[{"relation": "self", "url": self_url}],
        entry=[
            {
                "fullUrl": f"{base_url}/{resource.get_resource_type()}/{resource.id}",
                "resource": resource,
                "search": {"mode": mode},
            }
            for resource, mode in resources
        ],
    )
