"""Seed the demo clinic into an empty database: `python -m scripts.seed_data`."""

import asyncio

from app.config import get_settings
from app.database import init_database
from app.seed import seed_demo_clinic


async def main() -> None:
    """Seed when the database has no users; say what happened either way."""
    settings = get_settings()
    if settings.uses_memory_engine:
        print("MONGODB_URL is memory://: the server seeds its own in-process database instead")
        return
    client = await init_database(settings)
    demo = await seed_demo_clinic()
    if demo:
        print(f"demo clinic created; admin: {demo.email} / {demo.password}")
    else:
        print("database already has users; nothing seeded")
    client.close()


if __name__ == "__main__":
    asyncio.run(main())
