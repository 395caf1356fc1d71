"""Report latency: `python -m scripts.bench_reports --patients 20000`.

Seeds N children aged 0-5 years into one clinic of the configured engine (MONGODB_URL;
memory:// by default, in a throw-away database) with the demo clinic's generator
(`app.seed.seed_children`: histories walked forward through the clinic's schedule, about
15 doses per child), computes their stored forecast rows and group progress in bulk, then
times every report through the HTTP API, in-process: summary, coverage (12-23 months),
doses administered by month and by vaccine group (last 365 days), defaulters (first page).

Milestone observations are off by default (`--milestone-follow-up 0`): on memory://
(mongomock-motor) the concerns query inside the summary matches observations with an `$in`
of every child's id, which mongomock checks by a list scan per document (quadratic). On
memory:// every query is a Python scan of the whole collection and indexes are not used:
figures there say little about MongoDB.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable

from asgi_lifespan import LifespanManager
from beanie import PydanticObjectId
from httpx import ASGITransport, AsyncClient

from app.config import get_settings
from app.core.logging import configure_logging
from app.features.auth.models import User
from app.features.immunizations.forecasts import clinic_schedule, forecast_rows
from app.features.immunizations.models import ForecastEntry, GroupProgress, ImmunizationRecord
from app.features.patients.models import Patient
from app.main import create_app
from app.seed import bulk_load, seed_children
from scripts.bench_patients import engine_name, percentile

API = "/api/v1"
PASSWORD = "bench-password-2026"
CHUNK = 5000


async def store_forecasts(
    clinic_id: PydanticObjectId, children: list[Patient], records: list[ImmunizationRecord]
) -> int:
    """Compute every child's forecast rows from the records in hand and insert them in bulk.

    The same rows `refresh_forecasts` stores, without reading the records back: on memory://
    its `$in` query over the whole records collection is quadratic at this size.
    """
    schedule, today = await clinic_schedule(clinic_id)
    by_patient: dict[PydanticObjectId | None, list[ImmunizationRecord]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r.date_administered):
        if record.status == "completed":
            by_patient[record.patient_id].append(record)
    stored = 0
    for start in range(0, len(children), CHUNK):
        entries: list[ForecastEntry] = []
        progress: list[GroupProgress] = []
        for child in children[start : start + CHUNK]:
            rows, groups = forecast_rows(schedule, child, by_patient[child.id], today)
            entries += rows
            progress += groups
        if entries:
            await ForecastEntry.insert_many(entries)
        if progress:
            await GroupProgress.insert_many(progress)
        stored += len(entries)
    return stored


async def measure(label: str, requests: int, send: Callable[[], Awaitable[int]]) -> None:
    """Time `requests` calls of `send` (after one warm-up) and print p50/p95."""
    assert await send() == 200, f"{label}: warm-up failed"
    samples: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        status = await send()
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, f"{label}: HTTP {status}"
    print(
        f"  {label:<36} p50 {percentile(samples, 0.50):9.1f} ms   "
        f"p95 {percentile(samples, 0.95):9.1f} ms   mean {statistics.fmean(samples):9.1f} ms"
    )


async def run(count: int, requests: int, seed_value: int, schedule: str, follow_up: float) -> None:
    """Seed, compute the forecast rows, then measure each report through the API."""
    base = get_settings()
    settings = base.model_copy(
        update={
            "database_name": f"{base.database_name}_bench_{uuid.uuid4().hex[:8]}",
            "seed_demo_data": False,
            "reminders_enabled": False,
            # Only silences the in-memory engine's banner: the engine is printed below.
            "environment": "test" if base.uses_memory_engine else base.environment,
        }
    )
    app = create_app(settings)
    began = time.perf_counter()
    async with LifespanManager(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://bench") as client:
            signup = await client.post(
                f"{API}/auth/signup",
                json={
                    "name": "Bench Admin",
                    "email": f"bench-{uuid.uuid4().hex[:8]}@example.org",
                    "password": PASSWORD,
                    "clinic_name": "Bench Clinic",
                },
            )
            assert signup.status_code == 201, signup.text
            headers = {"Authorization": f"Bearer {signup.json()['access_token']}"}
            clinic_id = PydanticObjectId(signup.json()["clinic_id"])
            changed = await client.patch(
                f"{API}/clinic", json={"schedule_code": schedule}, headers=headers
            )
            assert changed.status_code == 200, changed.text
            admin = await User.find_one({"clinic_id": clinic_id})
            assert admin is not None

            seeding = time.perf_counter()
            async with bulk_load():
                children, records = await seed_children(
                    clinic_id=clinic_id,
                    staff=[admin],
                    patients=count,
                    rng=random.Random(seed_value),
                    milestone_follow_up=follow_up,
                )
                seeded = time.perf_counter() - seeding
                computing = time.perf_counter()
                rows = await store_forecasts(clinic_id, children, records)
            computed = time.perf_counter() - computing
            doses = sum(r.status == "completed" for r in records)
            print(
                f"Patients: {count:,} in one clinic ({schedule})   engine: {engine_name(settings)}"
            )
            print(
                f"Seeded {count:,} children and {doses:,} doses ({doses / count:.1f} per child) "
                f"in {seeded:.1f} s; {rows:,} forecast rows computed in {computed:.1f} s"
            )

            def get(path: str, **params: str) -> Callable[[], Awaitable[int]]:
                async def send() -> int:
                    response = await client.get(
                        f"{API}/reports/{path}", params=params, headers=headers
                    )
                    return response.status_code

                return send

            print(f"Latency over {requests} requests each (in-process HTTP):")
            await measure("summary", requests, get("summary"))
            await measure("coverage ?cohort=12-23m", requests, get("coverage", cohort="12-23m"))
            await measure("doses-administered ?group_by=month", requests, get("doses-administered"))
            await measure(
                "doses-administered ?group_by=vaccine_group",
                requests,
                get("doses-administered", group_by="vaccine_group"),
            )
            await measure("defaulters (first page)", requests, get("defaulters"))
        if not settings.uses_memory_engine:
            await app.state.db_client.drop_database(settings.database_name)
    print(f"Total time {time.perf_counter() - began:.1f} s")


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=20_000, help="children to seed")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per report")
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    parser.add_argument("--schedule", choices=["who", "cdc-acip"], default="who")
    parser.add_argument(
        "--milestone-follow-up",
        type=float,
        default=0.0,
        help="share of children with milestone observations (see the module docstring)",
    )
    args = parser.parse_args(argv)
    if args.patients < 1 or args.requests < 1:
        parser.error("--patients and --requests must be at least 1")
    asyncio.run(
        run(args.patients, args.requests, args.seed, args.schedule, args.milestone_follow_up)
    )


if __name__ == "__main__":
    configure_logging("WARNING")  # one access-log line per timed request would drown the figures
    main(sys.argv[1:])
