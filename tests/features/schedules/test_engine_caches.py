"""The dates the engine keeps across forecasts: same results cold or warm, and bounded."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from app.features.schedules.engine import AdministeredDose, DoseStatus, forecast, load_schedule
from app.features.schedules.engine import patient as engine_patient
from app.features.schedules.engine.dates import add_duration, parse_duration

DOB = date(2024, 1, 31)  # a month end: the month rule matters for its ages
HISTORY = [
    AdministeredDose(date(2024, 1, 31), "08"),
    AdministeredDose(date(2024, 3, 31), "110"),
    AdministeredDose(date(2024, 3, 31), "49"),
    AdministeredDose(date(2024, 5, 31), "110"),
    AdministeredDose(date(2025, 1, 31), "03"),
]


def _clear_caches() -> None:
    engine_patient._AGES_BY_BIRTH_DATE.clear()
    engine_patient._SHIFTED.clear()


def test_a_forecast_is_the_same_with_cold_and_warm_date_caches() -> None:
    """Dates kept from earlier forecasts (other children, the same child) change nothing."""
    schedule = load_schedule("cdc-acip")
    assessed = date(2025, 3, 1)
    _clear_caches()
    cold = repr(forecast(schedule, DOB, "F", assessed, HISTORY))
    # Warm the caches with the same child and with a child born a day later.
    forecast(schedule, DOB + timedelta(days=1), "M", assessed, HISTORY)
    forecast(schedule, DOB, "F", assessed, HISTORY)
    warm = repr(forecast(schedule, DOB, "F", assessed, HISTORY))
    assert warm == cold


def test_age_dates_are_kept_per_birth_date_and_bounded() -> None:
    """Each birth date has its own ages; past the bound the kept ones are dropped."""
    _clear_caches()
    six_months = parse_duration("6 months")
    assert six_months is not None
    first = engine_patient.age_dates(DOB)
    assert first[six_months] == date(2024, 7, 31)
    assert engine_patient.age_dates(DOB) is first
    assert engine_patient.age_dates(DOB + timedelta(days=1))[six_months] == date(2024, 8, 1)
    for offset in range(2, 2 * engine_patient._MAX_BIRTH_DATES):
        engine_patient.age_dates(DOB + timedelta(days=offset))
    assert len(engine_patient._AGES_BY_BIRTH_DATE) <= engine_patient._MAX_BIRTH_DATES


def test_shifted_dates_are_right_and_bounded() -> None:
    """Date + interval as add_duration computes it, in a cache that never outgrows its bound."""
    _clear_caches()
    interval = parse_duration("4 weeks")
    assert interval is not None
    shifted = engine_patient._SHIFTED
    for offset in range(engine_patient._MAX_SHIFTED + 10):
        day = DOB + timedelta(days=offset)
        assert shifted[day, interval] == add_duration(day, interval)
    assert len(shifted) <= engine_patient._MAX_SHIFTED


def test_durations_are_one_object_each_and_reloading_adds_none() -> None:
    """Equal durations in the data are one object (the date caches find them without comparing
    tuples), and parsing a schedule again adds nothing to the table that shares them."""
    from app.features.schedules.engine import loader

    schedule = load_schedule("cdc-acip")
    ages = [
        rule.min
        for antigen in schedule.antigens.values()
        for series in antigen.series
        for target in series.doses
        for rule in target.ages
        if rule.min == parse_duration("6 weeks")
    ]
    assert len(ages) > 1
    assert all(age is ages[0] for age in ages)
    size = len(loader._DURATIONS)
    loader.parse_schedule(json.loads((loader.DATA_DIR / "cdc-acip.json").read_text()))
    assert len(loader._DURATIONS) == size


def test_shared_evaluations_are_frozen() -> None:
    """The evaluations a target dose hands out are made once and shared by every forecast,
    so they are frozen: one caller cannot change another forecast's result."""
    schedule = load_schedule("cdc-acip")
    first = forecast(schedule, DOB, "F", date(2025, 3, 1), HISTORY).groups["HepB"]
    again = forecast(schedule, DOB, "F", date(2025, 3, 1), HISTORY).groups["HepB"]
    assert first.evaluations[0] is again.evaluations[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.evaluations[0].status = DoseStatus.NOT_VALID  # type: ignore[misc]
