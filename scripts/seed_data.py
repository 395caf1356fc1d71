"""Seed the demo clinic into an empty database: `python -m scripts.seed_data [--patients N]`.

N defaults to SEED_DEMO_PATIENTS (300).
"""

import argparse
import asyncio
import time

from app.config import get_settings
from app.database import init_database
from app.seed import seed_demo_clinic


async def main(patients: int) -> None:
    """Seed when the database has no users; say what happened either way."""
    settings = get_settings()
    if settings.uses_memory_engine:
        print("MONGODB_URL is memory://: the server seeds its own in-process database instead")
        return
    client = await init_database(settings)
    started = time.perf_counter()
    demo = await seed_demo_clinic(patients=patients)
    if demo:
        took = time.perf_counter() - started
        print(f"demo clinic created ({patients} children, {took:.1f} s)")
        print(f"admin: {demo.email} / {demo.password}")
    else:
        print("database already has users; nothing seeded")
    client.close()


def parse_patients(argv: list[str] | None = None) -> int:
    """The `--patients N` argument (default: SEED_DEMO_PATIENTS, the demo clinic's size)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default = get_settings().seed_demo_patients
    parser.add_argument("--patients", type=int, default=default, help="children to seed")
    args = parser.parse_args(argv)
    if args.patients < 0:
        parser.error("--patients must be 0 or more")
    patients: int = args.patients
    return patients


if __name__ == "__main__":
    asyncio.run(main(parse_patients()))
