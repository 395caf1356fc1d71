"""Create the database's collections and indexes (idempotent); run before serving on MongoDB."""

import asyncio

from app.config import get_settings
from app.database import DOCUMENT_MODELS, init_database


async def main() -> None:
    """Connect and let Beanie create every declared index."""
    settings = get_settings()
    client = await init_database(settings)
    print(f"indexes ready for {len(DOCUMENT_MODELS)} collections in '{settings.database_name}'")
    client.close()


if __name__ == "__main__":
    asyncio.run(main())
