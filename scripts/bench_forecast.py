"""Benchmark: full-history forecasts per second on one core (all vaccine groups, cdc-acip).

Usage: ``.venv/bin/python scripts/bench_forecast.py [SECONDS]``

The first figures forecast the same child again and again (as its record, each dose
recorded and the reminder runs do); the last one a different child each time, so none of
the dates the engine keeps across forecasts (ages per birth date, date + interval) helps.

The two kinds take turns in short slices, so a change in the machine's load (other
processes on the same cores) weighs on both alike: run one after the other, the second
could come out faster than the first while doing more work (a different child costs about
13% more instructions, counted with valgrind).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from app.features.schedules.engine import AdministeredDose, forecast, load_schedule

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


# Slices short enough for both kinds to see the same load, long enough to time well.
SLICE_SECONDS = 0.25


class _Rate:
    """Forecasts run and the wall-clock and CPU seconds they took, over several slices."""

    def __init__(self) -> None:
        self.count = 0
        self.wall = 0.0
        self.cpu = 0.0

    def run(self, forecast_one: Callable[[int], object], seconds: float) -> None:
        """Forecast for about `seconds` (forecast_one(n): the n-th forecast of this kind)."""
        wall_start = time.perf_counter()
        cpu_start = time.process_time()
        deadline = wall_start + seconds
        while time.perf_counter() < deadline:
            forecast_one(self.count)
            self.count += 1
        self.wall += time.perf_counter() - wall_start
        self.cpu += time.process_time() - cpu_start


def main() -> None:
    """Run forecasts for the given number of seconds (each kind) and print the rates."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    schedule = load_schedule("cdc-acip")
    forecast(schedule, DOB, "F", ASSESSED, HISTORY)  # warm-up
    children = _other_children()

    def same(_: int) -> object:
        return forecast(schedule, DOB, "F", ASSESSED, HISTORY)

    def other(n: int) -> object:
        dob, assessed, history = children[n % OTHER_CHILDREN]
        return forecast(schedule, dob, "F", assessed, history)

    warm, cold = _Rate(), _Rate()
    for _ in range(max(1, round(seconds / SLICE_SECONDS))):
        warm.run(same, SLICE_SECONDS)
        cold.run(other, SLICE_SECONDS)
    print(
        f"history: {len(HISTORY)} doses, birth to age 2 (born {DOB}, assessed {ASSESSED}); "
        f"all {len(schedule.vaccine_groups)} vaccine groups of {schedule.code}; one core"
    )
    print(
        f"{warm.count / warm.wall:,.0f} forecasts/s (wall clock, {warm.count} in {warm.wall:.1f} s)"
    )
    # CPU time of this single-threaded loop: less sensitive than wall clock to other load.
    each = warm.cpu * 1000 / warm.count
    print(f"{warm.count / warm.cpu:,.0f} forecasts/s (CPU time, {each:.2f} ms each)")
    print(f"{cold.count / cold.cpu:,.0f} forecasts/s (CPU time, a different child each time)")


if __name__ == "__main__":
    main()
