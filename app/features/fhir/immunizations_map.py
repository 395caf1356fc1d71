"""Immunization records as FHIR Immunization resources, and FHIR Immunizations read back."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.immunization import Immunization

from app.features.fhir import codes
from app.features.fhir.patients_map import meta, patient_reference
from app.features.immunizations.models import ImmunizationRecord

_SITES = codes.reverse(codes.SITE)
_ROUTES = codes.reverse(codes.ROUTE)
_SEPARATOR = "-"


def immunization_id(patient_id: str, record_id: str) -> str:
    """The FHIR id of a record: `<patient id>-<record id>` (49 characters; FHIR allows 64).

    A record is found through its child everywhere in the product (tenancy, parents' access,
    audit), so the FHIR id names both, and a read goes through the same service call.
    """
    return f"{patient_id}{_SEPARATOR}{record_id}"


def split_immunization_id(fhir_id: str) -> tuple[str, str] | None:
    """The child's and the record's ids in a FHIR Immunization id, or None if malformed."""
    parts = fhir_id.split(_SEPARATOR)
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def _coded(system: str, pair: tuple[str, str] | None, text: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    if pair:
        concept["coding"] = [{"system": system, "code": pair[0], "display": pair[1]}]
    return concept


def _vaccine_code(record: ImmunizationRecord, vaccine_name: str | None) -> dict[str, Any]:
    if record.cvx:
        coding = {
            "system": codes.CVX,
            "code": record.cvx,
            **({"display": vaccine_name} if vaccine_name else {}),
        }
        return {"coding": [coding], "text": vaccine_name or f"CVX {record.cvx}"}
    # A not-done record names a vaccine group, not a product.
    group = record.vaccine_group or "unknown"
    return {"coding": [{"system": codes.VACCINE_GROUP, "code": group}], "text": group}


def _identifiers(record: ImmunizationRecord) -> list[dict[str, str]] | None:
    found = []
    for key in record.identifiers:
        system, _, value = key.rpartition("|")
        found.append({"system": system, "value": value} if system else {"value": value})
    return found or None


def immunization_resource(
    record: ImmunizationRecord, vaccine_name: str | None, *, with_notes: bool = True
) -> Immunization:
    """A record as a FHIR Immunization (see the README's mapping table)."""
    patient_id = str(record.patient_id)
    fields: dict[str, Any] = {
        "id": immunization_id(patient_id, str(record.id)),
        "meta": meta(record.version, record.updated_at),
        "identifier": _identifiers(record),
        "status": codes.IMMUNIZATION_STATUS[record.status],
        "vaccineCode": _vaccine_code(record, vaccine_name),
        "patient": patient_reference(patient_id),
        "occurrenceDateTime": record.date_administered,
        "recorded": record.created_at,
        # First-hand only when the clinic gave the dose; otherwise say where it came from.
        "primarySource": record.source == "administered",
        "lotNumber": record.lot_number,
        "expirationDate": record.expiration_date,
    }
    if record.status == "not_done" and record.not_done_reason:
        pair = codes.NOT_DONE_REASON.get(record.not_done_reason)
        fields["statusReason"] = _coded(codes.V3_ACT_REASON, pair, record.not_done_reason)
    if record.source in codes.REPORT_ORIGIN:
        fields["reportOrigin"] = _coded(
            codes.IMMUNIZATION_ORIGIN, codes.REPORT_ORIGIN[record.source], record.source
        )
    if record.mvx:
        fields["manufacturer"] = {"identifier": {"system": codes.MVX, "value": record.mvx}}
    if record.site:
        fields["site"] = _coded(codes.V3_ACT_SITE, codes.SITE.get(record.site), record.site)
    if record.route:
        fields["route"] = _coded(codes.V3_ROUTE, codes.ROUTE.get(record.route), record.route)
    if record.dose_volume_ml is not None:
        fields["doseQuantity"] = {
            "value": record.dose_volume_ml,
            "unit": "mL",
            "system": codes.UCUM,
            "code": "mL",
        }
    if record.performer_name:
        fields["performer"] = [{"actor": {"display": record.performer_name}}]
    notes = [
        # The clinic's notes about a dose are not for parents (as in the REST views).
        record.notes if with_notes else None,
        record.entered_in_error_reason and f"Entered in error: {record.entered_in_error_reason}",
    ]
    if any(notes):
        fields["note"] = [{"text": text} for text in notes if text]
    return Immunization(**{k: v for k, v in fields.items() if v is not None})


# --- FHIR input --------------------------------------------------------------------------


class UnreadableImmunization(ValueError):
    """An Immunization the product cannot take (the message says why; `path` says where)."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class ReadDose:
    """What the product takes from a FHIR Immunization."""

    status: str
    cvx: str
    day: date
    mvx: str | None
    expiration_date: date | None
    identifiers: list[str]
    fields: dict[str, Any]  # the record's other fields, as `RecordCreate` takes them


def _cvx_of(resource: Immunization) -> str:
    for coding in resource.vaccineCode.coding or []:
        if coding.system == codes.CVX and coding.code:
            return str(coding.code)
    raise UnreadableImmunization(
        f"vaccineCode has no {codes.CVX} coding", "Immunization.vaccineCode"
    )


def _day_of(resource: Immunization) -> date:
    value = resource.occurrenceDateTime
    if isinstance(value, datetime):
        return value.date()  # the calendar day where it was given, as written
    if isinstance(value, date):
        return value
    raise UnreadableImmunization(
        "occurrenceDateTime must be a full date (YYYY-MM-DD)", "Immunization.occurrence"
    )


def _code_in(concept: Any, table: dict[str, str]) -> str | None:
    for coding in (concept.coding or []) if concept else []:
        if coding.code in table:
            return table[str(coding.code)]
    return None


def read_immunization(resource: Immunization) -> ReadDose:
    """The dose a FHIR Immunization describes; UnreadableImmunization when it lacks what counts."""
    mvx = None
    if resource.manufacturer and resource.manufacturer.identifier:
        ident = resource.manufacturer.identifier
        mvx = str(ident.value) if ident.system == codes.MVX and ident.value else None
    cvx, day = _cvx_of(resource), _day_of(resource)
    fields: dict[str, Any] = {
        "cvx": cvx,
        "date_administered": day,
        "mvx": mvx,
        "lot_number": resource.lotNumber,
        "expiration_date": resource.expirationDate,
        "site": _code_in(resource.site, _SITES),
        "route": _code_in(resource.route, _ROUTES),
        "performer_name": next(
            (p.actor.display for p in resource.performer or [] if p.actor and p.actor.display), None
        ),
        "notes": "\n".join(str(n.text) for n in resource.note or [] if n.text) or None,
    }
    quantity = resource.doseQuantity
    if quantity is not None and quantity.value is not None and quantity.code in ("mL", "ml", None):
        fields["dose_volume_ml"] = float(quantity.value)
    identifiers = [f"{i.system or ''}|{i.value}" for i in resource.identifier or [] if i.value]
    return ReadDose(
        status=str(resource.status),
        cvx=cvx,
        day=day,
        mvx=mvx,
        expiration_date=resource.expirationDate,
        identifiers=identifiers,
        fields={k: v for k, v in fields.items() if v is not None},
    )
