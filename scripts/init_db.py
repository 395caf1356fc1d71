"""Create the database's collections and indexes and build missing read models (idempotent).

Run before serving on MongoDB. A database written before the stored read models existed
(each child's due status and milestone concern periods, issue 12) has children without them,
and the features only rebuild a child's read models when its facts change: this builds them
for every child that lacks them, and does nothing for the others, so it is safe to run again.
"""

import asyncio

from beanie import PydanticObjectId

from app.config import get_settings
from app.database import DOCUMENT_MODELS, init_database
from app.features.clinic import service as clinic_service
from app.features.immunizations import repository as immunizations_repository
from app.features.immunizations.forecasts import refresh_forecasts
from app.features.milestones import service as milestones_service
from app.features.patients import service as patients_service

BACKFILL_BATCH = 500


async def backfill_read_models(batch: int = BACKFILL_BATCH) -> int:
    """Build the read models of every child without a stored due status; returns how many."""
    built = 0
    async for clinic in clinic_service.every_clinic():
        assert clinic.id is not None
        last: PydanticObjectId | None = None
        while children := await patients_service.children_after(
            clinic_id=clinic.id, after=last, limit=batch
        ):
            last = children[-1].id
            ids = [child.id for child in children if child.id is not None]
            have = await immunizations_repository.children_with_due_status(clinic.id, ids)
            missing = [child for child in children if child.id not in have]
            if not missing:
                continue
            # Concern periods first: the due status, written last, marks the child as built,
            # so a run interrupted in between builds the child again next time.
            await milestones_service.refresh_concerns(missing)
            await refresh_forecasts(missing)
            built += len(missing)
    return built


async def main() -> None:
    """Connect, let Beanie create every declared index, then build missing read models."""
    settings = get_settings()
    client = await init_database(settings)
    print(f"indexes ready for {len(DOCUMENT_MODELS)} collections in '{settings.database_name}'")
    built = await backfill_read_models()
    print(f"read models built for {built} children that lacked them")
    client.close()


if __name__ == "__main__":
    asyncio.run(main())
