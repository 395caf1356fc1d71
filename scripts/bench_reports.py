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
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

from beanie import PydanticObjectId
from httpx import AsyncClient

from app.core.logging import configure_logging
from app.features.auth.models import User
from app.features.immunizations.forecasts import clinic_schedule, forecast_rows
from app.features.immunizations.models import (
    ChildDueStatus,
    ForecastEntry,
    GroupProgress,
    ImmunizationRecord,
)
from app.features.patients.models import Patient
from app.seed import seed_children
from scripts.bench_support import API, bench_api, bench_settings, engine_name, measure

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
        computed = [
            forecast_rows(schedule, child, by_patient[child.id], today)
            for child in children[start : start + CHUNK]
        ]
        entries = [entry for rows in computed for entry in rows.entries]
        progress = [group for rows in computed for group in rows.progress]
        if entries:
            await ForecastEntry.insert_many(entries)
        if progress:
            await GroupProgress.insert_many(progress)
        await ChildDueStatus.insert_many([rows.due_status for rows in computed])
        stored += len(entries)
    return stored


async def child_requests(
    client: AsyncClient, headers: dict[str, str], children: list[Patient], requests: int
) -> None:
    """Time the due list and one child's requests: its forecast, and recording a dose."""
    picked = random.Random(7).sample(children, min(len(children), requests + 2))

    async def due_list(_: int) -> tuple[int, float]:
        response = await client.get(f"{API}/immunizations/due-list", headers=headers)
        return response.status_code, 0

    async def forecast(i: int) -> tuple[int, float]:
        child = picked[i % len(picked)]
        response = await client.get(f"{API}/patients/{child.id}/forecast", headers=headers)
        return response.status_code, 0

    async def record_dose(i: int) -> tuple[int, float]:
        child = picked[i % len(picked)]
        response = await client.post(
            f"{API}/patients/{child.id}/immunizations",
            params={"allow_duplicate": "true"},
            json={
                "cvx": "08",
                "date_administered": child.date_of_birth.isoformat(),
                "source": "historical",
            },
            headers=headers,
        )
        return response.status_code, 0

    await measure("due list (first page)", requests, due_list, warmups=1)
    await measure("child forecast", requests, forecast, warmups=1)
    await measure("record a dose", requests, record_dose, expected_status=201, warmups=1)


async def run(count: int, requests: int, seed_value: int, schedule: str, follow_up: float) -> None:
    """Seed, compute the forecast rows, then measure each report through the API."""
    settings = bench_settings()
    began = time.perf_counter()
    async with bench_api(settings) as bench:
        client, headers, clinic_id = bench.client, bench.headers, bench.clinic_id
        changed = await client.patch(
            f"{API}/clinic", json={"schedule_code": schedule}, headers=headers
        )
        assert changed.status_code == 200, changed.text
        admin = await User.find_one({"clinic_id": clinic_id})
        assert admin is not None

        seeding = time.perf_counter()
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
        print(f"Patients: {count:,} in one clinic ({schedule})   engine: {engine_name(settings)}")
        print(
            f"Seeded {count:,} children and {doses:,} doses ({doses / count:.1f} per child) "
            f"in {seeded:.1f} s; {rows:,} forecast rows computed in {computed:.1f} s"
        )

        def get(path: str, **params: str) -> Callable[[int], Awaitable[tuple[int, float]]]:
            async def send(_: int) -> tuple[int, float]:
                response = await client.get(f"{API}/reports/{path}", params=params, headers=headers)
                return response.status_code, 0

            return send

        async def report(label: str, send: Callable[[int], Awaitable[tuple[int, float]]]) -> None:
            await measure(label, requests, send, warmups=1)

        print(f"Latency over {requests} requests each (in-process HTTP):")
        await report("summary", get("summary"))
        await report("coverage ?cohort=12-23m", get("coverage", cohort="12-23m"))
        await report("doses-administered ?group_by=month", get("doses-administered"))
        await report(
            "doses-administered ?group_by=vaccine_group",
            get("doses-administered", group_by="vaccine_group"),
        )
        await report("defaulters (first page)", get("defaulters"))
        await child_requests(client, headers, children, requests)
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
