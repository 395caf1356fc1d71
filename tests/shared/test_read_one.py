"""`read_one`: the driver's read validated into its model, the same document Beanie reads."""

import pytest
from beanie import PydanticObjectId

from app.features.clinic import service as clinic_service
from app.features.clinic.exceptions import ClinicNotFound
from app.features.clinic.models import Clinic
from app.shared.documents import read_one


def lakeside(**fields: str) -> Clinic:
    return Clinic(name="Lakeside", name_key="lakeside", **fields)


async def test_read_one_gives_the_document_beanie_gives(app) -> None:
    clinic = await lakeside(timezone="Africa/Nairobi").insert()
    read = await read_one(Clinic, {"_id": clinic.id})
    assert isinstance(read, Clinic)
    assert read == await Clinic.get(clinic.id)
    assert read.timezone == "Africa/Nairobi" and read.id == clinic.id


async def test_read_one_answers_none_when_nothing_matches(app) -> None:
    clinic = await lakeside().insert()
    assert await read_one(Clinic, {"_id": PydanticObjectId()}) is None
    assert await read_one(Clinic, {"_id": clinic.id, "name": "Elsewhere"}) is None


async def test_a_clinics_timezone_is_read_alone_and_a_missing_clinic_is_refused(app) -> None:
    clinic = await lakeside(timezone="Asia/Kolkata").insert()
    assert await clinic_service.clinic_timezone(clinic_id=clinic.id) == "Asia/Kolkata"
    # A stored clinic written before it had a timezone reads as the model's default.
    older = PydanticObjectId()
    await Clinic.get_motor_collection().insert_one(
        {"_id": older, "name": "Older", "name_key": "older"}
    )
    assert await clinic_service.clinic_timezone(clinic_id=older) == "UTC"
    with pytest.raises(ClinicNotFound):
        await clinic_service.clinic_timezone(clinic_id=PydanticObjectId())
