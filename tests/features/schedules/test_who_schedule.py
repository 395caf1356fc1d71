"""The `who` schedule (WHO routine childhood immunization) through the pure engine.

Expected dates come from WHO's summary table (Table 1, routine recommendations for all
children) as checked in app/features/schedules/data/WHO-SCHEDULE.md, not from the engine.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.features.schedules.engine import (
    AdministeredDose,
    DoseStatus,
    SeriesStatus,
    forecast,
    load_schedule,
)

DOB = date(2025, 1, 1)
PENTAVALENT = "198"  # DTwP-HepB-Hib, the usual WHO-programme DTP-containing vaccine
WHO_GROUPS = {
    "BCG",
    "HepB",
    "Polio",
    "DTP",
    "Hib",
    "Pneumococcal",
    "Rotavirus",
    "Measles",
    "Rubella",
    "HPV",
}


def weeks(n: int) -> date:
    """The date the child born on DOB is n weeks old."""
    return DOB + timedelta(weeks=n)


def test_who_schedule_loads_through_the_engine_loader() -> None:
    schedule = load_schedule("who")

    assert schedule.code == "who"
    assert schedule.name == "WHO routine childhood immunization"
    assert schedule.source and schedule.version
    for group in schedule.vaccine_groups.values():
        assert all(antigen in schedule.antigens for antigen in group.antigens)


def test_vaccine_groups_are_the_documented_routine_set() -> None:
    schedule = load_schedule("who")

    assert set(schedule.vaccine_groups) == WHO_GROUPS
    # Risk-group and regional vaccines are not part of the routine schedule.
    for left_out in ("Yellow Fever", "JE", "Typhoid", "Cholera", "Rabies", "Influenza"):
        assert left_out not in schedule.vaccine_groups


@pytest.mark.parametrize(
    ("cvx", "groups"),
    [
        ("19", {"BCG"}),
        ("08", {"HepB"}),
        ("178", {"Polio"}),
        ("10", {"Polio"}),
        ("198", {"DTP", "HepB", "Hib"}),
        ("133", {"Pneumococcal"}),
        ("119", {"Rotavirus"}),
        ("04", {"Measles", "Rubella"}),
        ("165", {"HPV"}),
    ],
)
def test_common_who_programme_vaccines_resolve(cvx: str, groups: set[str]) -> None:
    assert set(load_schedule("who").cvx[cvx].vaccine_groups) == groups


def test_newborn_is_due_bcg_hepb_birth_dose_and_bopv_birth_dose_today() -> None:
    result = forecast("who", DOB, "F", DOB, [])

    for group, vaccine in (("BCG", "19"), ("HepB", "08"), ("Polio", "178")):
        due = result.groups[group].forecast
        assert due.status is SeriesStatus.NOT_COMPLETE, group
        assert due.dose_number == 1, group
        assert due.earliest == DOB, group
        assert due.recommended == DOB, group
        assert vaccine in due.vaccine_types, group
    # Table 1: DTP-containing vaccine from 6 weeks, so not yet.
    assert result.groups["DTP"].forecast.earliest == weeks(6)


def test_after_three_dtp_doses_the_next_is_the_12_to_23_month_booster() -> None:
    doses = [AdministeredDose(weeks(n), PENTAVALENT) for n in (6, 10, 14)]

    result = forecast("who", DOB, "F", weeks(20), doses)
    dtp = result.groups["DTP"]

    assert all(e.status is DoseStatus.VALID for e in dtp.evaluations.values())
    assert len(dtp.evaluations) == 3
    assert dtp.forecast.status is SeriesStatus.NOT_COMPLETE
    assert dtp.forecast.dose_number == 4
    # 1st booster at 12-23 months of age (>= 6 months after the 3rd dose).
    assert dtp.forecast.earliest == date(2026, 1, 1)
    assert dtp.forecast.recommended == date(2026, 1, 1)
    assert dtp.forecast.past_due == date(2026, 12, 31)
    # The same three pentavalent doses complete Hib (3p) and, with no birth dose, HepB.
    assert result.groups["Hib"].forecast.status is SeriesStatus.COMPLETE
    assert result.groups["HepB"].forecast.status is SeriesStatus.COMPLETE


def test_mcv1_is_due_at_9_months() -> None:
    result = forecast("who", DOB, "F", DOB, [])

    for group in ("Measles", "Rubella"):
        due = result.groups[group].forecast
        assert due.dose_number == 1
        assert due.earliest == date(2025, 10, 1)
        assert due.recommended == date(2025, 10, 1)


def test_mcv2_is_due_at_15_to_18_months() -> None:
    doses = [AdministeredDose(date(2025, 10, 1), "04")]

    result = forecast("who", DOB, "F", date(2025, 11, 1), doses)
    measles = result.groups["Measles"].forecast

    assert measles.dose_number == 2
    assert measles.recommended == date(2026, 4, 1)
    assert measles.past_due == date(2026, 7, 31)
    # Rubella is one dose (Table 1).
    assert result.groups["Rubella"].forecast.status is SeriesStatus.COMPLETE


def test_dtp_dose_at_4_weeks_is_too_young() -> None:
    result = forecast("who", DOB, "F", weeks(5), [AdministeredDose(weeks(4), PENTAVALENT)])
    dtp = result.groups["DTP"]

    assert dtp.evaluations[0].status is DoseStatus.NOT_VALID
    assert dtp.evaluations[0].reason == "Age: Too Young"
    assert dtp.forecast.dose_number == 1
    assert dtp.forecast.earliest == weeks(6)


def test_polio_is_bopv_birth_dose_three_bopv_and_two_ipv() -> None:
    doses = [AdministeredDose(DOB, "178")]
    doses += [AdministeredDose(weeks(n), "178") for n in (6, 10, 14)]
    doses.append(AdministeredDose(weeks(14), "10"))

    result = forecast("who", DOB, "F", weeks(20), doses)
    polio = result.groups["Polio"]

    assert all(e.status is DoseStatus.VALID for e in polio.evaluations.values())
    # IPV2 at least 4 months after IPV1 (WHO: with MCV1 at 9 months).
    assert polio.forecast.vaccine_types == ("10",)
    assert polio.forecast.earliest == date(2025, 8, 9)
    assert polio.forecast.recommended == date(2025, 10, 1)


def test_hpv_is_for_girls_from_9_years() -> None:
    girl = forecast("who", DOB, "F", DOB, []).groups["HPV"].forecast
    boy = forecast("who", DOB, "M", DOB, []).groups["HPV"].forecast

    assert girl.earliest == date(2034, 1, 1)
    assert boy.status is SeriesStatus.NOT_RECOMMENDED
