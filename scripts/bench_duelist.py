"""Due-list latency: `python -m scripts.bench_duelist --patients 20000`.

Seeds N children aged 0-5 years into one cdc-acip clinic of the configured engine (MONGODB_URL;
memory:// by default, in a throw-away database) with realistic histories (most on time, some
late, some who stopped coming), computes their stored forecast rows with `refresh_forecasts`
in batches, then times through the HTTP API, in-process: (a) the first page of the overdue
list `GET /api/v1/immunizations/due-list?status=overdue` and (b) recording a dose
`POST /api/v1/patients/{id}/immunizations` (which refreshes that child's forecast rows).

On memory:// (mongomock-motor) every query is a Python scan of the whole collection and unique
indexes are checked by scanning on every insert: figures there say little about MongoDB, where
the (clinic_id, patient_active, overdue_sort_key) index serves the due list.
"""

import argparse
import asyncio
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from beanie import PydanticObjectId

from app.core.logging import configure_logging
from app.features.immunizations.forecasts import refresh_forecasts
from app.features.immunizations.models import ForecastEntry, GroupProgress, ImmunizationRecord
from app.features.patients.models import Guardian, Patient
from app.shared.text import normalise
from app.shared.time import local_today
from scripts.bench_patients import FIRST_NAMES, LAST_NAMES
from scripts.bench_support import API, bench_api, bench_settings, engine_name, measure

CHUNK = 1000
REFRESH_CHUNK = 1000
PROGRESS_EVERY = 5000
# The routine childhood schedule (CVX, age in days), in the order doses fall due.
ROUTINE: list[tuple[str, int]] = sorted(
    [
        ("08", 0),
        ("08", 30),
        ("08", 183),
        *[(cvx, age) for age in (61, 122) for cvx in ("20", "10", "48", "133", "116")],
        ("20", 183),
        ("133", 183),
        ("10", 183),
        ("48", 365),
        ("133", 365),
        ("03", 365),
        ("21", 365),
        ("83", 365),
        ("20", 457),
        ("83", 548),
        ("20", 1461),
        ("10", 1461),
        ("03", 1461),
        ("21", 1461),
    ],
    key=lambda dose: dose[1],
)


def history(rng: random.Random, born: date, today: date) -> list[tuple[str, date]]:
    """Doses given so far: 70% on time, 20% late (delays add up), 10% stop coming."""
    roll = rng.random()
    stop_after = rng.randint(0, len(ROUTINE)) if roll >= 0.9 else len(ROUTINE)
    delay = 0
    visits: dict[int, date] = {}  # the doses due at one age are given at one visit
    doses: list[tuple[str, date]] = []
    for index, (cvx, age) in enumerate(ROUTINE):
        if index >= stop_after:
            break
        if age not in visits:
            if 0.7 <= roll < 0.9 and rng.random() < 0.3:
                delay += rng.randint(30, 120)
            visits[age] = born + timedelta(days=age + delay + rng.randint(0, 14))
        day = visits[age]
        if day > today:
            break
        doses.append((cvx, day))
    return doses


def random_patient(rng: random.Random, clinic_id: PydanticObjectId, today: date) -> Patient:
    """A child aged 0-5 years with a primary guardian to call."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    guardian = Guardian(
        name=f"{rng.choice(FIRST_NAMES)} {last}",
        relationship="mother",
        phone=f"0803 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        is_primary=True,
    )
    return Patient(
        id=PydanticObjectId(),
        clinic_id=clinic_id,
        first_name=first,
        last_name=last,
        first_name_key=normalise(first),
        last_name_key=normalise(last),
        date_of_birth=today - timedelta(days=rng.randint(0, 5 * 365)),
        sex=rng.choice(["female", "male"]),
        guardians=[guardian],
    )


async def seed(
    clinic_id: PydanticObjectId, count: int, rng: random.Random, today: date
) -> tuple[list[Patient], int]:
    """Insert `count` children and their records in bulk; returns the children and dose count."""
    patients: list[Patient] = []
    doses = 0
    for start in range(0, count, CHUNK):
        batch = [
            random_patient(rng, clinic_id, today) for _ in range(start, min(count, start + CHUNK))
        ]
        records = [
            ImmunizationRecord(
                clinic_id=clinic_id,
                patient_id=patient.id,
                cvx=cvx,
                date_administered=day,
                source="administered",
            )
            for patient in batch
            for cvx, day in history(rng, patient.date_of_birth, today)
        ]
        await Patient.insert_many(batch)
        if records:
            await ImmunizationRecord.insert_many(records)
        patients += batch
        doses += len(records)
    return patients, doses


async def _drop_unique_indexes(collections: list[Any]) -> list[tuple[Any, str, dict[str, Any]]]:
    """Drop the unique indexes of these collections; returns what it takes to rebuild them."""
    dropped = []
    for collection in collections:
        for name, info in (await collection.index_information()).items():
            if info.get("unique") and name != "_id_":
                options = {k: info[k] for k in ("sparse", "partialFilterExpression") if k in info}
                dropped.append((collection, name, {"keys": info["key"], **options}))
                await collection.drop_index(name)
    return dropped


async def refresh_all(patients: list[Patient]) -> float:
    """Compute every child's forecast rows in batches; returns the seconds it took."""
    started = time.perf_counter()
    for start in range(0, len(patients), REFRESH_CHUNK):
        await refresh_forecasts(patients[start : start + REFRESH_CHUNK])
        done = min(len(patients), start + REFRESH_CHUNK)
        if done % PROGRESS_EVERY == 0 and done < len(patients):
            print(f"  ... {done:,} children in {time.perf_counter() - started:.0f} s", flush=True)
    return time.perf_counter() - started


async def run(count: int, requests: int, seed_value: int, inserts: int | None = None) -> None:
    """Seed, compute the forecast rows, then measure through the API."""
    settings = bench_settings()
    rng = random.Random(seed_value)
    began = time.perf_counter()
    async with bench_api(settings) as bench:
        client, headers, clinic_id = bench.client, bench.headers, bench.clinic_id
        changed = await client.patch(
            f"{API}/clinic", json={"schedule_code": "cdc-acip"}, headers=headers
        )
        assert changed.status_code == 200, changed.text
        today = local_today(changed.json()["timezone"])

        print(
            f"Patients: {count:,} in one clinic (cdc-acip)   engine: {engine_name(settings)}",
            flush=True,
        )
        dropped: list[tuple[Any, str, dict[str, Any]]] = []
        if settings.uses_memory_engine:
            # mongomock checks a unique index by scanning every document on every insert
            # (quadratic in a bulk load): build it once afterwards, which also checks it.
            models = [Patient, ForecastEntry, GroupProgress]
            dropped = await _drop_unique_indexes([m.get_motor_collection() for m in models])
        seeding = time.perf_counter()
        patients, doses = await seed(clinic_id, count, rng, today)
        seeded = time.perf_counter() - seeding
        print(f"Seeded {count:,} children and {doses:,} doses in {seeded:.1f} s", flush=True)
        refreshed = await refresh_all(patients)
        for collection, name, spec in dropped:
            keys = spec.pop("keys")
            await collection.create_index(keys, name=name, unique=True, **spec)
        rows = await ForecastEntry.find({"clinic_id": clinic_id}).count()
        print(
            f"Forecast rows: {rows:,} computed in {refreshed:.1f} s "
            f"({count / refreshed:,.0f} children/s, refresh_forecasts on {REFRESH_CHUNK} "
            "children at a time)",
            flush=True,
        )

        async def overdue_page(_: int) -> tuple[int, float]:
            response = await client.get(
                f"{API}/immunizations/due-list", params={"status": "overdue"}, headers=headers
            )
            return response.status_code, int(response.json().get("total", 0))

        inserts = requests if inserts is None else inserts
        picked = rng.sample(patients, min(len(patients), inserts + 2))

        async def add_dose(i: int) -> tuple[int, float]:
            patient = picked[i % len(picked)]
            response = await client.post(
                f"{API}/patients/{patient.id}/immunizations?allow_duplicate=true",
                json={
                    "cvx": "141",
                    "date_administered": today.isoformat(),
                    "source": "administered",
                },
                headers=headers,
            )
            return response.status_code, len(response.json().get("evaluations", []))

        print("Latency (in-process HTTP, after two warm-up requests each):", flush=True)
        await measure(
            "(a) due list, first page ?status=overdue", requests, overdue_page, extra_label="avg"
        )
        await measure(
            "(b) record a dose (+ forecast refresh)",
            inserts,
            add_dose,
            expected_status=201,
            extra_label="avg",
        )
    print(f"Total time {time.perf_counter() - began:.1f} s")


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=20_000, help="children to seed")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per query")
    parser.add_argument(
        "--inserts", type=int, default=None, help="timed dose inserts (default: --requests)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    args = parser.parse_args(argv)
    if args.patients < 1 or args.requests < 1 or (args.inserts is not None and args.inserts < 1):
        parser.error("--patients, --requests and --inserts must be at least 1")
    asyncio.run(run(args.patients, args.requests, args.seed, args.inserts))


if __name__ == "__main__":
    configure_logging("WARNING")  # one access-log line per timed request would drown the figures
    main(sys.argv[1:])
