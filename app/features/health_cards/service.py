"""Issuing a child's immunization card, and verifying cards presented to us."""

import re
from dataclasses import dataclass
from functools import cached_property

from app.core.audit import Actor
from app.features.clinic import service as clinic_service
from app.features.health_cards import encoding, jws, verification
from app.features.health_cards.bundle import CardDose, CardSubject, credential, fhir_bundle
from app.features.health_cards.issuer import Issuer
from app.features.immunizations import forecasts
from app.features.patients import service as patients_service
from app.features.patients.models import Patient
from app.shared.text import normalise
from app.shared.time import as_utc, utc_now

_UNSAFE_IN_FILENAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class HealthCard:
    """A signed card and the child it is about."""

    jws: str
    patient: Patient

    @cached_property
    def segments(self) -> list[tuple[str, str]]:
        """Per QR code, its `shc:/` prefix and its digits."""
        return encoding.shc_segments(self.jws)

    @property
    def shc_lines(self) -> list[str]:
        """The `shc:/` text of each QR code."""
        return [prefix + digits for prefix, digits in self.segments]

    @property
    def filename(self) -> str:
        """A download name from the child's name, ASCII only (it goes into a header)."""
        name = normalise(f"{self.patient.first_name} {self.patient.last_name}")
        slug = _UNSAFE_IN_FILENAME.sub("-", name).strip("-") or "child"
        return f"health-card-{slug}.smart-health-card"


async def issue_card(*, viewer: Actor, patient_id: str, issuer: Issuer, action: str) -> HealthCard:
    """The child's immunization card, signed now; the read is audited as `action`.

    It holds every completed dose the engine counts as valid for at least one antigen (as of
    the clinic's today), with the clinic as performer of the doses it gave. `nbf` is the
    last change of the data it carries, and the signature is deterministic: the same record
    gives the same card, so the QR codes of a chunked card fetched one by one fit together.
    """
    patient = await patients_service.find_patient(viewer, patient_id)
    clinic = await clinic_service.get_clinic(clinic_id=patient.clinic_id)
    evaluation = await forecasts.evaluate(patient)
    counted = [
        record
        for record, dose in zip(evaluation.counted, evaluation.response.doses, strict=True)
        if any(e.status == "valid" for e in dose.evaluations)
    ]
    doses = [
        CardDose(
            cvx=record.cvx or "",
            day=record.date_administered,
            lot_number=record.lot_number,
            # Historical and reported doses were given elsewhere: the clinic only keeps them.
            performer=clinic.name if record.source == "administered" else None,
        )
        for record in counted
    ]
    subject = CardSubject(
        given_name=patient.first_name,
        family_name=patient.last_name,
        birth_date=patient.date_of_birth,
    )
    changed = max(as_utc(doc.updated_at) for doc in [patient, clinic, *counted])
    payload = credential(issuer.url, int(changed.timestamp()), fhir_bundle(subject, doses))
    await patients_service.audit_patient(viewer, action, patient)
    return HealthCard(jws=jws.sign(payload, issuer.signing_key), patient=patient)


def verify_card(*, shc: str | None, token: str | None, issuer: Issuer) -> verification.Outcome:
    """Whether a card (its `shc:/` text or its JWS) is signed by us or by a trusted issuer."""
    keyrings = issuer.keyrings()
    if shc is not None:
        return verification.verify_shc(shc, keyrings, utc_now())
    return verification.verify(token or "", keyrings, utc_now())
