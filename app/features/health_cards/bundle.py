"""The card's content: a minimal FHIR R4 Bundle in a verifiable-credential payload, and back.

Pure functions. The shapes follow the framework's examples (example-00 in
smart-on-fhir/health-cards): no ids, meta, text or `Coding.display`; `resource:N` full URLs
and references, the Patient as `resource:0`.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

FHIR_VERSION = "4.0.1"
CVX_SYSTEM = "http://hl7.org/fhir/sid/cvx"
HEALTH_CARD_TYPE = "https://smarthealth.cards#health-card"
IMMUNIZATION_TYPE = "https://smarthealth.cards#immunization"


@dataclass(frozen=True)
class CardDose:
    """A valid completed dose as the card states it."""

    cvx: str
    day: date
    lot_number: str | None
    # The clinic, for the doses it gave; None for records of doses given elsewhere.
    performer: str | None


@dataclass(frozen=True)
class CardSubject:
    """Who the card is about."""

    given_name: str
    family_name: str
    birth_date: date


def _immunization(dose: CardDose) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Immunization",
        "status": "completed",
        "vaccineCode": {"coding": [{"system": CVX_SYSTEM, "code": dose.cvx}]},
        "patient": {"reference": "resource:0"},
        "occurrenceDateTime": dose.day.isoformat(),
    }
    if dose.performer:
        resource["performer"] = [{"actor": {"display": dose.performer}}]
    if dose.lot_number:
        resource["lotNumber"] = dose.lot_number
    return resource


def fhir_bundle(subject: CardSubject, doses: list[CardDose]) -> dict[str, Any]:
    """A `collection` Bundle: the Patient (name, birth date) and one Immunization per dose."""
    patient = {
        "resourceType": "Patient",
        "name": [{"family": subject.family_name, "given": [subject.given_name]}],
        "birthDate": subject.birth_date.isoformat(),
    }
    resources = [patient, *(_immunization(dose) for dose in doses)]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"resource:{index}", "resource": resource}
            for index, resource in enumerate(resources)
        ],
    }


def credential(issuer: str, issued_at: int, bundle: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims of an immunization card: `iss`, `nbf` and the `vc` claim."""
    return {
        "iss": issuer,
        "nbf": issued_at,
        "vc": {
            "type": [HEALTH_CARD_TYPE, IMMUNIZATION_TYPE],
            "credentialSubject": {"fhirVersion": FHIR_VERSION, "fhirBundle": bundle},
        },
    }


@dataclass(frozen=True)
class StatedPatient:
    """The patient a card names."""

    name: str
    birth_date: str | None


@dataclass(frozen=True)
class StatedDose:
    """An immunization a card states."""

    cvx: str | None
    date: date | None
    lot: str | None


def bundle_of(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The FHIR Bundle of a health-card payload, or None when it carries none."""
    vc = payload.get("vc")
    subject = vc.get("credentialSubject") if isinstance(vc, dict) else None
    bundle = subject.get("fhirBundle") if isinstance(subject, dict) else None
    return bundle if isinstance(bundle, dict) else None


def _as_list(value: Any) -> list[Any]:
    # A card is outside data: a field of the wrong type is read as absent, never as a crash.
    return value if isinstance(value, list) else []


def _resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    entries = [e.get("resource") for e in _as_list(bundle.get("entry")) if isinstance(e, dict)]
    return [r for r in entries if isinstance(r, dict) and r.get("resourceType") == resource_type]


def _name(patient: dict[str, Any]) -> str:
    names = [n for n in _as_list(patient.get("name")) if isinstance(n, dict)]
    if not names:
        return ""
    first = names[0]
    if isinstance(first.get("text"), str):
        return str(first["text"])
    given = [g for g in _as_list(first.get("given")) if isinstance(g, str)]
    family = first.get("family")
    return " ".join([*given, *([family] if isinstance(family, str) else [])])


def stated_patient(bundle: dict[str, Any]) -> StatedPatient | None:
    """Name and birth date of the card's (first) Patient, if it has one."""
    patients = _resources(bundle, "Patient")
    if not patients:
        return None
    birth = patients[0].get("birthDate")
    birth_date = birth if isinstance(birth, str) else None
    return StatedPatient(name=_name(patients[0]), birth_date=birth_date)


def _day(value: Any) -> date | None:
    # occurrenceDateTime may be a date or a date and time; the day is its first ten characters.
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _cvx(immunization: dict[str, Any]) -> str | None:
    code = immunization.get("vaccineCode")
    codings = code.get("coding") if isinstance(code, dict) else None
    for coding in _as_list(codings):
        if isinstance(coding, dict) and coding.get("system") == CVX_SYSTEM:
            value = coding.get("code")
            return value if isinstance(value, str) else None
    return None


def stated_doses(bundle: dict[str, Any]) -> list[StatedDose]:
    """The card's Immunizations: CVX code, day and lot."""
    doses = []
    for immunization in _resources(bundle, "Immunization"):
        lot = immunization.get("lotNumber")
        doses.append(
            StatedDose(
                cvx=_cvx(immunization),
                date=_day(immunization.get("occurrenceDateTime")),
                lot=lot if isinstance(lot, str) else None,
            )
        )
    return doses
