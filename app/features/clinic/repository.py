"""Reads of the clinics collection. A clinic is its own tenant: it is reached by its id."""

from collections.abc import AsyncIterator

from beanie import PydanticObjectId

from app.features.clinic.models import Clinic


async def find(clinic_id: PydanticObjectId) -> Clinic | None:
    """The clinic with this id, if any."""
    return await Clinic.get(clinic_id)


async def timezone_of(clinic_id: PydanticObjectId) -> str | None:
    """The clinic's timezone name, if the clinic exists (only that field is read)."""
    raw = await Clinic.get_motor_collection().find_one(
        {"_id": clinic_id}, projection={"timezone": 1}
    )
    if raw is None:
        return None
    return str(raw.get("timezone", Clinic.model_fields["timezone"].default))


async def stream_all() -> AsyncIterator[Clinic]:
    """Every clinic, read as a stream rather than held in memory at once."""
    async for clinic in Clinic.find({}):
        yield clinic
