"""Changes to a child's profile that higher features react to (e.g. the stored forecast)."""

from dataclasses import dataclass

from app.core.events import Hook
from app.features.patients.models import Patient


@dataclass(frozen=True)
class PatientChanged:
    """A child was created, edited, archived or restored; `fields` names what changed."""

    patient: Patient
    fields: frozenset[str]


patient_changed: Hook[PatientChanged] = Hook()
