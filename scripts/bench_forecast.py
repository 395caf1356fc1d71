"""Benchmark: full-history forecasts per second on one core (all vaccine groups, cdc-acip).

Usage: ``.venv/bin/python scripts/bench_forecast.py [SECONDS]``

The first figures forecast the same child again and again (as its record, each dose
recorded and the reminder runs do); the last one a different child each time, so none of
the dates the engine keeps across forecasts (ages per birth date, date + interval) helps.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from app.features.schedules.engine import AdministeredDose, forecast, load_schedule
from app.features.schedules.engine.model import Schedule

DOB = date(2023, 1, 10)
ASSESSED = date(2025, 1, 10)
# A complete, on-time US schedule for the first two years of life.
HISTORY = [
    AdministeredDose(date(2023, 1, 10), "08"),  # HepB birth dose
    AdministeredDose(date(2023, 3, 10), "110"),  # DTaP-HepB-IPV
    AdministeredDose(date(2023, 3, 10), "49"),  # Hib PRP-OMP
    AdministeredDose(date(2023, 3, 10), "216"),  # PCV20
    AdministeredDose(date(2023, 3, 10), "119"),  # RV1
    AdministeredDose(date(2023, 5, 10), "110"),
    AdministeredDose(date(2023, 5, 10), "49"),
    AdministeredDose(date(2023, 5, 10), "216"),
    AdministeredDose(date(2023, 5, 10), "119"),
    AdministeredDose(date(2023, 7, 10), "110"),
    AdministeredDose(date(2023, 7, 10), "216"),
    AdministeredDose(date(2023, 10, 10), "141"),  # influenza
    AdministeredDose(date(2023, 11, 10), "141"),
    AdministeredDose(date(2024, 1, 10), "03"),  # MMR
    AdministeredDose(date(2024, 1, 10), "21"),  # varicella
    AdministeredDose(date(2024, 1, 10), "83"),  # HepA
    AdministeredDose(date(2024, 4, 10), "20"),  # DTaP
    AdministeredDose(date(2024, 4, 10), "49"),
    AdministeredDose(date(2024, 4, 10), "216"),
    AdministeredDose(date(2024, 7, 10), "83"),
    AdministeredDose(date(2024, 10, 10), "141"),
]


# More children than the engine keeps birth dates for, so cycling through them stays cold.
OTHER_CHILDREN = 3000


def _other_children() -> list[tuple[date, date, list[AdministeredDose]]]:
    """Children like the first, born on later days, their histories moved with them."""
    children = []
    for shift in range(1, OTHER_CHILDREN + 1):
        moved = timedelta(days=shift)
        history = [AdministeredDose(d.date_administered + moved, d.cvx) for d in HISTORY]
        children.append((DOB + moved, ASSESSED + moved, history))
    return children


def _cold_rate(schedule: Schedule, seconds: float) -> float:
    """Forecasts per CPU second, a different child each time."""
    children = _other_children()
    count = 0
    cpu_start = time.process_time()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        dob, assessed, history = children[count % OTHER_CHILDREN]
        forecast(schedule, dob, "F", assessed, history)
        count += 1
    return count / (time.process_time() - cpu_start)


def main() -> None:
    """Run forecasts for the given number of seconds and print the rate."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    schedule = load_schedule("cdc-acip")
    forecast(schedule, DOB, "F", ASSESSED, HISTORY)  # warm-up
    count = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        forecast(schedule, DOB, "F", ASSESSED, HISTORY)
        count += 1
    elapsed = time.perf_counter() - start
    # CPU time of this single-threaded loop: less sensitive than wall clock to other load.
    cpu = time.process_time() - cpu_start
    print(
        f"history: {len(HISTORY)} doses, birth to age 2 (born {DOB}, assessed {ASSESSED}); "
        f"all {len(schedule.vaccine_groups)} vaccine groups of {schedule.code}; one core"
    )
    print(f"{count / elapsed:,.0f} forecasts/s (wall clock, {count} in {elapsed:.1f} s)")
    print(f"{count / cpu:,.0f} forecasts/s (CPU time, {cpu * 1000 / count:.2f} ms each)")
    cold = _cold_rate(schedule, seconds)
    print(f"{cold:,.0f} forecasts/s (CPU time, a different child each time)")


if __name__ == "__main__":
    main()
