"""Clinic logic: opening a clinic (signup), its settings, and inviting its staff."""

from collections.abc import AsyncIterator
from typing import Any

from beanie import PydanticObjectId

from app.core import audit
from app.features.auth import service as auth_service
from app.features.auth import staff_service
from app.features.auth.models import ActionToken
from app.features.auth.sessions import IssuedTokens
from app.features.clinic import events, repository
from app.features.clinic.exceptions import ClinicNotFound
from app.features.clinic.models import Clinic
from app.shared.text import normalise


async def open_clinic(
    *,
    name: str,
    email: str,
    password: str,
    clinic_name: str,
    client_address: str | None = None,
) -> IssuedTokens:
    """Create a clinic and its first admin, who is emailed a verification link and signed in.

    The admin's account goes in first (auth refuses a taken email, a weak password or too
    many sign-ups before anything is stored), so a refused signup leaves no orphan clinic.
    """
    clinic_id = PydanticObjectId()
    issued = await auth_service.signup(
        name=name,
        email=email,
        password=password,
        clinic_id=clinic_id,
        client_address=client_address,
    )
    await create_clinic(clinic_id=clinic_id, name=clinic_name)
    return issued


async def create_clinic(*, clinic_id: PydanticObjectId, name: str) -> Clinic:
    """Create a clinic with default settings under a chosen id."""
    clinic = Clinic(id=clinic_id, name=name, name_key=normalise(name))
    await clinic.insert()
    return clinic


async def get_clinic(*, clinic_id: PydanticObjectId) -> Clinic:
    """The clinic with this id, or ClinicNotFound."""
    clinic = await repository.find(clinic_id)
    if clinic is None:
        raise ClinicNotFound()
    return clinic


async def clinic_timezone(*, clinic_id: PydanticObjectId) -> str:
    """The clinic's timezone (for its "today"), or ClinicNotFound; cheaper than the clinic."""
    timezone = await repository.timezone_of(clinic_id)
    if timezone is None:
        raise ClinicNotFound()
    return timezone


async def every_clinic() -> AsyncIterator[Clinic]:
    """Every clinic, read as a stream (the reminder loop serves them all)."""
    async for clinic in repository.stream_all():
        yield clinic


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


async def invite_staff(
    *, actor: audit.ClinicActor, email: str, name: str, role: staff_service.StaffRole
) -> ActionToken:
    """Email a seven-day invitation to join the actor's clinic, named in it, as admin or staff."""
    clinic = await get_clinic(clinic_id=actor.clinic_id)
    return await staff_service.invite_staff(
        clinic_id=actor.clinic_id,
        clinic_name=clinic.name,
        email=email,
        name=name,
        role=role,
        actor=actor,
    )
