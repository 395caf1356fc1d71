"""Changes to a clinic's settings that higher features react to (schedule, timezone)."""

from dataclasses import dataclass

from app.core.events import Hook
from app.features.clinic.models import Clinic


@dataclass(frozen=True)
class ClinicChanged:
    """A clinic's settings changed; `fields` names what changed."""

    clinic: Clinic
    fields: frozenset[str]


clinic_changed: Hook[ClinicChanged] = Hook()
