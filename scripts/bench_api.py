"""The clinic's requests at a clinic's size: `python -m scripts.bench_api --patients 2000`.

Seeds the demo clinic (`app.seed.seed_demo_clinic`: N children aged 0-5 years with histories
walked through the clinic's schedule, milestone observations, stored forecast rows) into a
throw-away database of the configured engine (MONGODB_URL; memory:// by default), signs in as
its admin and times every request a clinic's screens send, through the HTTP API in-process
(httpx ASGITransport, no network): p50 / p95 of wall time, p50 of this process's CPU time (a
figure that a busy machine disturbs less), and database round trips per request (calls on the
engine's collection objects). The reminder run (daily runs from today on, `as_of`) is given
per 100 children, its round trips those of its heaviest run (the first, which claims
everything due).

Before the main clinic, a small one (`--baseline-patients`, default 100) is measured the same
way for its round trips: a request whose round trips grow with the clinic's size is flagged.
Each figure is compared with issue 12's goals: seeding up to 2,000 children in under a minute;
p95 at most 150 ms at up to 300 children and 500 ms at up to 2,000; the reminder run at most
2 s per 1,000 children; round trips the same as at the baseline's size. Each request is timed
`--requests` times after one warm-up, or fewer when the `--budget` seconds are spent (a
warm-up over budget is itself the one sample); `--skip` leaves requests out.
"""

import argparse
import asyncio
import gc
import random
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient, Response

from app.config import Settings
from app.core.logging import configure_logging
from app.features.patients.models import Patient
from app.main import create_app
from app.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seed_demo_clinic
from app.seed_bulk import freeze_loaded_objects
from app.shared.time import local_today
from scripts.bench_support import (
    API,
    RoundTripCounter,
    bench_settings,
    engine_name,
    percentile,
)

Send = Callable[[int], Awaitable[Response]]
REMINDER_LABEL = "reminder run (per 100 children)"
HEALTH_LABEL = "/health (reference)"
DOSE_CVX = "20"  # DTaP: in both shipped schedules
PICKED_CHILDREN = 50
SEED_GOAL_SECONDS = 60.0


@dataclass(frozen=True)
class Probe:
    """One request to time: `send(i)` sends the i-th one."""

    label: str
    send: Send
    expected_status: int = 200
    per_children: bool = False  # figures scaled to 100 children (the reminder run)


@dataclass(frozen=True)
class Figure:
    """What one probe measured."""

    label: str
    p50_ms: float
    p95_ms: float
    cpu_p50_ms: float
    round_trips: float
    samples: int


@dataclass
class Clinic:
    """A seeded demo clinic inside a running app, signed in as its admin."""

    client: AsyncClient
    headers: dict[str, str]
    children: list[dict[str, Any]]  # each child as the patient list shows it
    today: date
    patients: int
    seconds_to_seed: float
    cpu_seconds_to_seed: float
    counter: RoundTripCounter


@asynccontextmanager
async def demo_clinic(settings: Settings, patients: int, seed: int) -> AsyncIterator[Clinic]:
    """Start the app in-process, seed the demo clinic of `patients` children, sign in."""
    app = create_app(settings)
    async with LifespanManager(app):
        started, cpu_started = time.perf_counter(), time.process_time()
        demo = await seed_demo_clinic(patients=patients, seed=seed)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        assert demo is not None, "the bench database is not empty"
        freeze_loaded_objects()  # as the server's start-up does after seeding (app/main.py)
        counter = RoundTripCounter()
        counter.install(Patient.get_motor_collection())
        transport = ASGITransport(app=app)
        try:
            async with AsyncClient(transport=transport, base_url="http://bench") as client:
                headers: dict[str, str] = {}
                await sign_in(client, headers)
                clinic = await client.get(f"{API}/clinic", headers=headers)
                assert clinic.status_code == 200, clinic.text
                children = await every_child(client, headers)
                today = local_today(clinic.json()["timezone"])
                yield Clinic(
                    client, headers, children, today, patients, seconds, cpu_seconds, counter
                )
        finally:
            counter.uninstall()
            gc.unfreeze()  # the clinic's objects may be collected again once it is gone
        if not settings.uses_memory_engine:
            await app.state.db_client.drop_database(settings.database_name)


async def sign_in(client: AsyncClient, headers: dict[str, str]) -> None:
    """Sign in as the demo admin; `headers` (shared by every probe) gets the fresh token."""
    credentials = {"email": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD}
    login = await client.post(f"{API}/auth/login", json=credentials)
    assert login.status_code == 200, login.text
    headers["Authorization"] = f"Bearer {login.json()['access_token']}"


async def every_child(client: AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The clinic's children, read through the patient list (untimed)."""
    children: list[dict[str, Any]] = []
    while True:
        params = {"page": len(children) // 100 + 1, "size": 100}
        page = await client.get(f"{API}/patients", params=params, headers=headers)
        assert page.status_code == 200, page.text
        children += page.json()["items"]
        if len(children) >= page.json()["total"] or not page.json()["items"]:
            return children


def probes(clinic: Clinic, rng: random.Random) -> list[Probe]:
    """Every request measured, in the order of issue 12's list; the reminder run last."""
    client, headers = clinic.client, clinic.headers
    picked = rng.sample(clinic.children, min(len(clinic.children), PICKED_CHILDREN))

    def child(i: int) -> str:
        return str(picked[i % len(picked)]["id"])

    def get(path: Callable[[int], str], **params: Any) -> Send:
        async def send(i: int) -> Response:
            return await client.get(f"{API}{path(i)}", params=params, headers=headers)

        return send

    async def list_page(i: int) -> Response:
        params = {"page": 1 + i % 5, "size": 20}
        return await client.get(f"{API}/patients", params=params, headers=headers)

    async def search(i: int) -> Response:
        prefix = picked[i % len(picked)]["last_name"][:3]
        return await client.get(f"{API}/patients", params={"q": prefix}, headers=headers)

    async def record_dose(i: int) -> Response:
        # A child not used by the reads; allow_duplicate: a second DTaP the same day is fine here.
        target = picked[-1 - i % len(picked)]
        return await client.post(
            f"{API}/patients/{target['id']}/immunizations",
            params={"allow_duplicate": "true"},
            json={
                "cvx": DOSE_CVX,
                "date_administered": clinic.today.isoformat(),
                "source": "administered",
            },
            headers=headers,
        )

    async def reminder_run(i: int) -> Response:
        # Daily runs from today on: the first claims everything due, later ones the new days.
        as_of = clinic.today + timedelta(days=i)
        return await client.post(
            f"{API}/notifications/reminders/run", json={"as_of": as_of.isoformat()}, headers=headers
        )

    async def health(_: int) -> Response:
        return await client.get("/health")

    def fixed(path: str) -> Callable[[int], str]:
        return lambda _: path

    return [
        Probe("patient list page", list_page),
        Probe("patient search ?q=", search),
        Probe("patient detail", get(lambda i: f"/patients/{child(i)}")),
        Probe("child forecast", get(lambda i: f"/patients/{child(i)}/forecast")),
        Probe("record a dose", record_dose, expected_status=201),
        Probe("due list (first page)", get(fixed("/immunizations/due-list"))),
        Probe("summary", get(fixed("/reports/summary"))),
        Probe("coverage ?cohort=12-23m", get(fixed("/reports/coverage"), cohort="12-23m")),
        Probe("doses administered", get(fixed("/reports/doses-administered"))),
        Probe("defaulters (first page)", get(fixed("/reports/defaulters"))),
        Probe("milestone concerns", get(fixed("/milestones/concerns"))),
        Probe("a child's milestones", get(lambda i: f"/patients/{child(i)}/milestones")),
        Probe(HEALTH_LABEL, health),
        Probe(REMINDER_LABEL, reminder_run, per_children=True),
    ]


async def measure(clinic: Clinic, probe: Probe, requests: int, budget: float) -> Figure:
    """Time one probe: a warm-up, then up to `requests` samples within `budget` seconds."""
    counter = clinic.counter
    # A fresh token per probe: one slow probe must not outlive the next one's token.
    await sign_in(clinic.client, clinic.headers)
    samples: list[float] = []
    cpu: list[float] = []
    trips: list[int] = []

    async def timed(i: int) -> float:
        before = counter.calls
        started, cpu_started = time.perf_counter(), time.process_time()
        response = await probe.send(i)
        seconds = time.perf_counter() - started
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == probe.expected_status, (
            f"{probe.label}: HTTP {response.status_code} {response.text[:300]}"
        )
        trips.append(counter.calls - before)
        return seconds

    index = 0
    # The reminder run is not warmed up: its first run, claiming everything due, counts.
    if not probe.per_children:
        warm_up = await timed(0)
        index = 1
        if warm_up > budget:
            samples.append(warm_up * 1000)
        else:
            trips.clear()
            cpu.clear()
    spent = sum(samples) / 1000
    while len(samples) < requests and (not samples or spent < budget):
        seconds = await timed(index)
        samples.append(seconds * 1000)
        spent += seconds
        index += 1
    scale = 100 / clinic.patients if probe.per_children else 1.0
    return Figure(
        label=probe.label,
        p50_ms=percentile(samples, 0.50) * scale,
        p95_ms=percentile(samples, 0.95) * scale,
        cpu_p50_ms=percentile(cpu, 0.50) * scale,
        # The reminder run's heaviest run (its first) is the one compared across sizes.
        round_trips=(max(trips) if probe.per_children else sum(trips) / len(trips)) * scale,
        samples=len(samples),
    )


def latency_goal_ms(patients: int, label: str) -> float | None:
    """Issue 12's p95 goal for this clinic's size (None: no goal, e.g. /health)."""
    if label == HEALTH_LABEL:
        return None
    if label == REMINDER_LABEL:
        return 200.0  # 2 s per 1,000 children
    if patients <= 300:
        return 150.0
    return 500.0 if patients <= 2000 else None


def _word(met: bool) -> str:
    return "met" if met else "MISSED"


def print_figure(figure: Figure, goal: float | None, baseline: float | None) -> None:
    """One line per request: percentiles, round trips, and how they compare with the goals."""
    verdicts = []
    if goal is not None:
        verdicts.append(f"p95<={goal:.0f} ms {_word(figure.p95_ms <= goal)}")
    if baseline is not None:
        same = round_trips_hold(figure.label, figure.round_trips, baseline)
        verdicts.append(f"round trips {'same' if same else 'GROW'} (baseline {baseline:.1f})")
    print(
        f"  {figure.label:<34} p50 {figure.p50_ms:9.1f} ms   p95 {figure.p95_ms:9.1f} ms   "
        f"cpu p50 {figure.cpu_p50_ms:9.1f} ms   round trips {figure.round_trips:7.1f}   "
        f"(n={figure.samples})   " + ", ".join(verdicts),
        flush=True,
    )


def round_trips_hold(label: str, measured: float, baseline: float) -> bool:
    """Whether a request's round trips stayed the same as at the baseline's size.

    The reminder run is figured per 100 children: per batch of children it may not grow, so it
    may fall with a larger clinic but not rise.
    """
    if label == REMINDER_LABEL:
        return measured <= baseline + 0.5
    return abs(measured - baseline) < 0.5


async def baseline_round_trips(patients: int, budget: float, seed: int) -> dict[str, float]:
    """Each request's round trips at a small clinic's size, the reference for the main one."""
    async with demo_clinic(bench_settings(), patients, seed) as clinic:
        baseline = {
            probe.label: (await measure(clinic, probe, 1, budget)).round_trips
            for probe in probes(clinic, random.Random(seed))
        }
        print(
            f"Baseline clinic: {patients:,} children seeded in {clinic.seconds_to_seed:.1f} s; "
            "round trips per request: "
            + ", ".join(f"{label} {trips:.1f}" for label, trips in baseline.items()),
            flush=True,
        )
    return baseline


async def run(args: argparse.Namespace) -> bool:
    """Measure the baseline clinic's round trips, then the main clinic; True if goals are met."""
    began = time.perf_counter()
    settings = bench_settings()
    print(f"Engine: {engine_name(settings)}; in-process HTTP (httpx ASGITransport)", flush=True)
    baseline: dict[str, float] = {}
    if args.baseline_patients:
        baseline = await baseline_round_trips(args.baseline_patients, args.budget, args.seed)
    async with demo_clinic(settings, args.patients, args.seed) as clinic:
        # Issue 12: seeding 2,000 children (so any smaller clinic too) takes under a minute.
        seed_met = args.patients > 2000 or clinic.seconds_to_seed <= SEED_GOAL_SECONDS
        verdict = "" if args.patients > 2000 else f"   under a minute: {_word(seed_met)}"
        print(
            f"Patients: {args.patients:,} in the demo clinic, seeded in "
            f"{clinic.seconds_to_seed:.1f} s (cpu {clinic.cpu_seconds_to_seed:.1f} s){verdict}",
            flush=True,
        )
        print(
            f"Per request: up to {args.requests} after one warm-up, within {args.budget:.0f} s",
            flush=True,
        )
        met = seed_met
        for probe in probes(clinic, random.Random(args.seed)):
            if any(probe.label.startswith(skipped) for skipped in args.skip):
                print(f"  {probe.label:<34} skipped (--skip)", flush=True)
                continue
            figure = await measure(clinic, probe, args.requests, args.budget)
            goal = latency_goal_ms(args.patients, figure.label)
            expected_trips = None if figure.label == HEALTH_LABEL else baseline.get(figure.label)
            print_figure(figure, goal, expected_trips)
            if goal is not None and figure.p95_ms > goal:
                met = False
            if expected_trips is not None and not round_trips_hold(
                figure.label, figure.round_trips, expected_trips
            ):
                met = False
    print(f"Goals: {'all met' if met else 'NOT all met'}", flush=True)
    print(f"Total time {time.perf_counter() - began:.1f} s")
    return met


def main(argv: list[str] | None = None) -> bool:
    """Parse the arguments and run the benchmark; returns whether every goal was met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=300, help="children in the clinic")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per probe")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per probe before it stops early"
    )
    parser.add_argument(
        "--baseline-patients",
        type=int,
        default=100,
        help="children of the clinic whose round trips are the reference (0: none)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the data")
    parser.add_argument(
        "--skip",
        type=lambda text: [label.strip() for label in text.split(",") if label.strip()],
        default=[],
        help="comma-separated labels (or their beginnings) not to measure in the main clinic",
    )
    args = parser.parse_args(argv)
    if args.patients < 1 or args.requests < 1 or args.baseline_patients < 0:
        parser.error("--patients and --requests must be at least 1, --baseline-patients >= 0")
    return asyncio.run(run(args))


if __name__ == "__main__":
    configure_logging("WARNING")  # one access-log line per timed request would drown the figures
    main(sys.argv[1:])
