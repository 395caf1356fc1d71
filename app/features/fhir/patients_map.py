"""A child as a FHIR Patient, and the child's guardians as RelatedPerson resources."""

from typing import Any

from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.relatedperson import RelatedPerson

from app.features.fhir import codes
from app.features.patients.models import Guardian, Patient
from app.shared.time import as_utc


def meta(version: int, updated: Any) -> dict[str, Any]:
    """`meta` of a stored resource: its version and last change."""
    return {"versionId": str(version), "lastUpdated": as_utc(updated).isoformat()}


def patient_reference(patient_id: str) -> dict[str, str]:
    """A reference to a child."""
    return {"reference": f"Patient/{patient_id}"}


def patient_resource(patient: Patient) -> FhirPatient:
    """The child as a FHIR Patient: MRN identifier, name, gender, birth date."""
    identifiers = []
    if patient.medical_record_number:
        identifiers.append(
            {
                "use": "usual",
                "type": {
                    "coding": [
                        {
                            "system": codes.V2_IDENTIFIER_TYPE,
                            "code": "MR",
                            "display": "Medical record number",
                        }
                    ]
                },
                "system": codes.mrn_system(patient.clinic_id),
                "value": patient.medical_record_number,
            }
        )
    return FhirPatient(
        id=str(patient.id),
        meta=meta(patient.version, patient.updated_at),
        identifier=identifiers or None,
        active=patient.status == "active",
        name=[{"use": "official", "family": patient.last_name, "given": [patient.first_name]}],
        # The product's sexes are FHIR's administrative-gender codes, one for one.
        gender=patient.sex,
        birthDate=patient.date_of_birth,
    )


def related_person(patient: Patient, guardian: Guardian, *, with_contact: bool) -> RelatedPerson:
    """A linked guardian of the child as a RelatedPerson; contact details only when visible."""
    coded = codes.RELATIONSHIP.get(guardian.relationship)
    relationship: dict[str, Any] = {"text": guardian.relationship}
    if coded:
        relationship["coding"] = [
            {"system": codes.V3_ROLE_CODE, "code": coded[0], "display": coded[1]}
        ]
    telecom = [
        {"system": system, "value": value, "use": "home"}
        for system, value in (("phone", guardian.phone), ("email", guardian.email))
        if value and with_contact
    ]
    return RelatedPerson(
        id=str(guardian.id),
        active=True,
        patient=patient_reference(str(patient.id)),
        relationship=[relationship],
        name=[{"text": guardian.name}],
        telecom=telecom or None,
    )
