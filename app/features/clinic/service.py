"""Clinic logic: creation at signup, reading and changing its settings."""

from typing import Any

from beanie import PydanticObjectId

from app.core import audit
from app.features.clinic import events
from app.features.clinic.exceptions import ClinicNotFound
from app.features.clinic.models import Clinic
from app.shared.text import normalise


async def create_clinic(*, clinic_id: PydanticObjectId, name: str) -> Clinic:
    """Create a clinic with default settings under a chosen id."""
    clinic = Clinic(id=clinic_id, name=name, name_key=normalise(name))
    await clinic.insert()
    return clinic


async def get_clinic(*, clinic_id: PydanticObjectId) -> Clinic:
    """The clinic with this id, or ClinicNotFound."""
    clinic = await Clinic.get(clinic_id)
    if clinic is None:
        raise ClinicNotFound()
    return clinic


async def update_clinic(
    *, clinic_id: PydanticObjectId, changes: dict[str, Any], actor: audit.Actor
) -> Clinic:
    """Apply the given setting changes and audit the names of those that changed."""
    clinic = await get_clinic(clinic_id=clinic_id)
    changed = [key for key, value in changes.items() if getattr(clinic, key) != value]
    if not changed:
        return clinic
    for key in changed:
        setattr(clinic, key, changes[key])
    if "name" in changed:
        clinic.name_key = normalise(clinic.name)
    await clinic.save()
    await audit.record(
        "clinic.update", actor=actor, target_type="clinic", target_id=clinic.id, fields=changed
    )
    await events.clinic_changed.emit(events.ClinicChanged(clinic=clinic, fields=frozenset(changed)))
    return clinic
