"""Patient search latency: `python -m scripts.bench_patients --patients 20000`.

Seeds N children into one clinic of the configured engine (MONGODB_URL; memory:// by default,
in a throw-away database), then times requests through the HTTP API, in-process:
(a) a name-prefix search `GET /api/v1/patients?q=<prefix>`, (b) the first list page
`GET /api/v1/patients`, and (c) an exact MRN search `GET /api/v1/patients?q=<mrn>`.

On memory:// (mongomock-motor) every query is a Python scan of the whole collection: indexes
are not used, so figures there say little about MongoDB, where the (clinic_id, *_name_key)
indexes serve the prefix search.
"""

import argparse
import asyncio
import random
import sys
import time
from datetime import date, timedelta

import pymongo
from beanie import PydanticObjectId

from app.config import Settings
from app.core.logging import configure_logging
from app.features.patients.models import Guardian, Patient
from app.shared.text import normalise
from scripts.bench_support import API, bench_api, bench_settings, engine_name, measure

CHUNK = 1000

# fmt: off
FIRST_NAMES = [
    "Amára", "Amadou", "Aïcha", "Ana", "Björn", "Chloé", "Chidi", "Dário", "Élodie", "Emeka",
    "Fatoumata", "Françoise", "Grace", "Hélène", "Ifeoma", "Inés", "Jürgen", "José", "Kwame",
    "Léa", "Lucía", "Mário", "Maëlle", "Ngozi", "Nnamdi", "Noémie", "Óscar", "Oluwaseun", "Ramón",
    "Renée", "Siobhán", "Søren", "Tomás", "Thandiwe", "Zoë", "Zsófia", "Wanjiru", "Yaw", "Ayşe",
]
LAST_NAMES = [
    "Okafor", "García", "Müller", "Núñez", "Diallo", "Ndlovu", "Çelik", "Nowak", "Łukasiewicz",
    "Bähr", "Adeyemi", "Mensah", "Ferreira", "Dubois", "Lefèvre", "Ó Briain", "Håkansson",
    "Kariuki", "Mwangi", "Öztürk", "Pérez", "Rodríguez", "Schröder", "Sánchez", "Traoré",
    "Uçar", "Vázquez", "Wójcik", "Yılmaz", "Zapata", "Achebe", "Bianchi", "Coulibaly", "Danso",  # noqa: RUF001
]
# fmt: on
SEXES = ["female", "male", "female", "male", "unknown"]


def random_patient(
    rng: random.Random, clinic_id: PydanticObjectId, index: int, today: date
) -> Patient:
    """One child with a realistic name, a birth date within six years and often an MRN."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.15:
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    roll = rng.random()
    mrn = (
        f"MRN-{index:07d}"
        if roll < 0.5
        else f"HP{rng.randint(2019, 2025)}-{index:06d}"
        if roll < 0.8
        else None
    )
    guardian = Guardian(name=f"{rng.choice(FIRST_NAMES)} {last}", relationship="mother")
    return Patient(
        clinic_id=clinic_id,
        first_name=first,
        last_name=last,
        first_name_key=normalise(first),
        last_name_key=normalise(last),
        date_of_birth=today - timedelta(days=rng.randint(0, 6 * 365)),
        sex=rng.choice(SEXES),
        medical_record_number=mrn,
        mrn_key=f"{clinic_id}:{mrn}" if mrn else None,
        gestational_age_weeks=rng.choice([None, rng.randint(30, 42)]),
        guardians=[guardian],
    )


async def seed(
    settings: Settings, clinic_id: PydanticObjectId, count: int, rng: random.Random
) -> list[str]:
    """Insert `count` children in chunks; returns the MRNs given out."""
    today = date.today()
    collection = Patient.get_motor_collection()
    if settings.uses_memory_engine:
        # mongomock checks a unique index by scanning every document on every insert
        # (quadratic); build it once after the bulk load instead, which also checks it.
        await collection.drop_index("mrn_key_1")
    mrns: list[str] = []
    for start in range(0, count, CHUNK):
        batch = [
            random_patient(rng, clinic_id, i, today)
            for i in range(start, min(count, start + CHUNK))
        ]
        mrns += [p.medical_record_number for p in batch if p.medical_record_number]
        await Patient.insert_many(batch)
    if settings.uses_memory_engine:
        await collection.create_index(
            [("mrn_key", pymongo.ASCENDING)], name="mrn_key_1", unique=True, sparse=True
        )
    return mrns


async def run(count: int, requests: int, seed_value: int) -> None:
    """Seed, then measure through the API."""
    settings = bench_settings()
    rng = random.Random(seed_value)
    began = time.perf_counter()
    async with bench_api(settings) as bench:
        seeding = time.perf_counter()
        mrns = await seed(settings, bench.clinic_id, count, rng)
        seeded = time.perf_counter() - seeding
        print(f"Patients: {count:,} in one clinic   engine: {engine_name(settings)}")
        print(f"Seeded in {seeded:.1f} s ({len(mrns):,} with an MRN)")

        names = FIRST_NAMES + LAST_NAMES
        prefixes = [rng.choice(names)[: rng.randint(2, 4)] for _ in range(requests + 2)]
        picked_mrns = [rng.choice(mrns) for _ in range(requests + 2)]

        async def get(params: dict[str, str]) -> tuple[int, float]:
            response = await bench.client.get(
                f"{API}/patients", params=params, headers=bench.headers
            )
            return response.status_code, int(response.json().get("total", 0))

        print(f"Latency over {requests} requests each (in-process HTTP, page size 20):")
        matches = "avg total matches"
        await measure(
            "(a) name prefix  ?q=<2-4 letters>",
            requests,
            lambda i: get({"q": prefixes[i]}),
            extra_label=matches,
        )
        await measure(
            "(b) first page   (no filter)", requests, lambda i: get({}), extra_label=matches
        )
        await measure(
            "(c) exact MRN    ?q=<mrn>",
            requests,
            lambda i: get({"q": picked_mrns[i]}),
            extra_label=matches,
        )
    print(f"Total time {time.perf_counter() - began:.1f} s")


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=20_000, help="children to seed")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query")
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    args = parser.parse_args(argv)
    if args.patients < 1 or args.requests < 1:
        parser.error("--patients and --requests must be at least 1")
    asyncio.run(run(args.patients, args.requests, args.seed))


if __name__ == "__main__":
    configure_logging("WARNING")  # one access-log line per timed request would drown the figures
    main(sys.argv[1:])
