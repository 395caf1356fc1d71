"""CDC CDSi test cases v4.45 run through the engine: evaluations and forecasts per group."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from app.features.schedules.engine import AdministeredDose, Result, forecast, load_schedule

CASES_FILE = Path(__file__).resolve().parents[2] / "data" / "cdsi" / "test-cases-v4.45-dev.json"

# Ratchet: the full-match rate reached (rounded down). Raise it when the engine improves;
# never lower it to make a regression pass.
FULL_MATCH_RATCHET = 0.998

VACCINE_GROUPS = {
    "DTAP": "DTaP/Tdap/Td",
    "POL": "Polio",
    "HIB": "Hib",
    "HepB": "HepB",
    "HepA": "HepA",
    "PCV": "Pneumococcal",
    "MMR": "MMR",
    "VAR": "Varicella",
    "ROTA": "Rotavirus",
    "HPV": "HPV",
    "MCV": "Meningococcal",
    "MENB": "Meningococcal B",
    "FLU": "Influenza",
    "ZOSTER": "Zoster",
    "COVID-19": "COVID-19",
    "RSV": "RSV",
}
DOSE_STATUS = {"Valid": "valid", "Not Valid": "not_valid", "Extraneous": "extraneous"}
SERIES_STATUS = {
    "Not complete": "not_complete",
    "Complete": "complete",
    "Aged out": "aged_out",
    "Immune": "immune",
}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _run(case: dict[str, Any]) -> Result:
    doses = [
        AdministeredDose(date.fromisoformat(d["date"]), d["cvx"], d["mvx"]) for d in case["doses"]
    ]
    dob = date.fromisoformat(case["dob"])
    assessed = date.fromisoformat(case["assessment_date"])
    return forecast(load_schedule("cdc-acip"), dob, case["sex"], assessed, doses)


def evaluation_matches(case: dict[str, Any], result: Result) -> bool:
    """Every dose's status (and reason, where the case gives one) as expected."""
    group = result.groups[VACCINE_GROUPS[case["vaccine_group"]]]
    for index, expected in enumerate(case["doses"]):
        # A dose of another group (e.g. varicella in an MMR case) is judged by its own group.
        evaluation = group.evaluations.get(index) or next(
            (g.evaluations[index] for g in result.groups.values() if index in g.evaluations),
            None,
        )
        if (
            evaluation is None
            or evaluation.status.value != DOSE_STATUS[expected["expected_status"]]
        ):
            return False
        reason = expected["expected_reason"]
        if reason and reason not in evaluation.reasons:
            return False
    return True


def forecast_matches(case: dict[str, Any], result: Result) -> bool:
    """Series status, forecast dose number, earliest, recommended and past-due dates."""
    got = result.groups[VACCINE_GROUPS[case["vaccine_group"]]].forecast
    expected = case["expected"]
    return (
        got.status.value,
        got.dose_number,
        got.earliest,
        got.recommended,
        got.past_due,
    ) == (
        SERIES_STATUS[expected["series_status"]],
        expected["forecast_dose_number"],
        _date(expected["earliest_date"]),
        _date(expected["recommended_date"]),
        _date(expected["past_due_date"]),
    )


def test_every_cdsi_case_runs_and_full_match_rate_holds() -> None:
    """All cases run; per-group rates are printed; the overall full-match rate holds."""
    cases = json.loads(CASES_FILE.read_text())["cases"]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case in cases:
        result = _run(case)
        evaluation_ok = evaluation_matches(case, result)
        forecast_ok = forecast_matches(case, result)
        counts = tally[case["vaccine_group"]]
        counts[0] += 1
        counts[1] += evaluation_ok
        counts[2] += forecast_ok
        counts[3] += evaluation_ok and forecast_ok
    total = [0, 0, 0, 0]
    print("\ngroup      cases  evaluation  forecast  full")
    for code, counts in sorted(tally.items()):
        n = counts[0]
        print(f"{code:9} {n:6} {counts[1] / n:11.1%} {counts[2] / n:9.1%} {counts[3] / n:5.1%}")
        total = [a + b for a, b in zip(total, counts, strict=True)]
    n = total[0]
    print(f"{'ALL':9} {n:6} {total[1] / n:11.1%} {total[2] / n:9.1%} {total[3] / n:5.1%}")
    assert n == len(cases) == 607
    assert total[3] / n >= FULL_MATCH_RATCHET
