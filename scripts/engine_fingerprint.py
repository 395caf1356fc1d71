"""Fingerprint of the CDSi engine's outputs: one hash over every CDSi test case and over
seeded random histories, so an optimisation can be shown to change no result.

Usage: ``.venv/bin/python scripts/engine_fingerprint.py [RANDOM_HISTORIES]`` (default 400).
Run it before and after a change: the printed hashes must be identical.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.features.schedules.engine import AdministeredDose, Result, forecast, load_schedule
from app.features.schedules.engine.model import Schedule

CASES_FILE = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "cdsi" / "test-cases-v4.45-dev.json"
)
SEED = 20250110
# Products a children's clinic gives most: most random doses are of these, so histories
# look like real ones; the rest are drawn from every CVX code of the schedule.
COMMON_CVX = (
    "08", "110", "49", "216", "119", "116", "20", "10", "141", "03", "21", "94", "83", "133",
    "152", "17", "48", "106", "120", "130", "114", "136", "62", "165", "115", "113", "140",
)  # fmt: skip


def _observation_codes(schedule: Schedule) -> list[str]:
    """Every observation code the schedule reacts to (indications, immunity, contraindications)."""
    codes: set[str] = set()
    for antigen in schedule.antigens.values():
        codes |= antigen.immunity_observations | antigen.immunity_birth_exclusions
        codes |= {c.code for c in antigen.contraindications}
        codes |= {c.code for c in antigen.vaccine_contraindications}
        for series in antigen.series:
            codes |= {i.code for i in series.indications}
    return sorted(codes)


def _random_case(rng: random.Random, schedule: Schedule, observations: list[str]) -> dict[str, Any]:
    """One seeded random child: birth date, sex, history, observations, assessment date."""
    dob = date(1950, 1, 1) + timedelta(days=rng.randrange(75 * 365))
    span = rng.choice((60, 400, 800, 2200, 6000, 20000))
    assessed = dob + timedelta(days=rng.randrange(span))
    all_cvx = sorted(schedule.cvx)
    doses = []
    for _ in range(rng.randrange(0, 30)):
        cvx = rng.choice(COMMON_CVX) if rng.random() < 0.8 else rng.choice(all_cvx)
        given = dob + timedelta(days=rng.randrange(-10, span + 30))
        mvx = rng.choice((None, None, None, "MSD", "SKB", "PMC"))
        doses.append(AdministeredDose(given, cvx, mvx, sub_standard=rng.random() < 0.03))
    # Some children also get a whole on-time series, so complete series are exercised too.
    if rng.random() < 0.4:
        for months in (0, 2, 4, 6, 12, 15, 18, 48):
            given = dob + timedelta(days=months * 30 + rng.randrange(-5, 6))
            doses.extend(AdministeredDose(given, cvx) for cvx in rng.sample(COMMON_CVX, 4))
    rng.shuffle(doses)
    picked = []
    if observations and rng.random() < 0.3:
        picked = rng.sample(observations, min(len(observations), rng.randrange(1, 4)))
    groups = rng.sample(sorted(schedule.vaccine_groups), 3) if rng.random() < 0.1 else None
    sex = rng.choice(("F", "M", "U", "female"))
    return {
        "dob": dob,
        "sex": sex,
        "assessed": assessed,
        "doses": doses,
        "observations": picked,
        "groups": groups,
    }


def _cdsi_cases() -> Iterator[dict[str, Any]]:
    """The CDC test cases, as engine inputs."""
    for case in json.loads(CASES_FILE.read_text())["cases"]:
        yield {
            "dob": date.fromisoformat(case["dob"]),
            "sex": case["sex"],
            "assessed": date.fromisoformat(case["assessment_date"]),
            "doses": [
                AdministeredDose(date.fromisoformat(d["date"]), d["cvx"], d["mvx"])
                for d in case["doses"]
            ],
            "observations": [],
            "groups": None,
        }


def _run(schedule: Schedule, case: dict[str, Any]) -> Result:
    return forecast(
        schedule,
        case["dob"],
        case["sex"],
        case["assessed"],
        case["doses"],
        case["observations"],
        case["groups"],
    )


def main() -> None:
    """Print one hash per input set and one over everything."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    total = hashlib.sha256()
    for code in ("cdc-acip", "who"):
        schedule = load_schedule(code)
        rng = random.Random(f"{SEED}-{code}")
        observations = _observation_codes(schedule)
        sets = {"random": [_random_case(rng, schedule, observations) for _ in range(count)]}
        if code == "cdc-acip":
            sets["cdsi"] = list(_cdsi_cases())
        for name, cases in sets.items():
            digest = hashlib.sha256()
            for case in cases:
                # The dataclasses' repr shows every result field, in order.
                digest.update(repr(_run(schedule, case)).encode())
            total.update(digest.digest())
            print(f"{code:9} {name:7} {len(cases):5} cases  {digest.hexdigest()}")
    print(f"all                           {total.hexdigest()}")


if __name__ == "__main__":
    main()
