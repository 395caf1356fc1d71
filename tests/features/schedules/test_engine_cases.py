"""Hand-made cases: the engine's behaviour on a few well-understood histories."""

from __future__ import annotations

from datetime import date

from app.features.schedules.engine import (
    AdministeredDose,
    DoseStatus,
    SeriesStatus,
    forecast,
    load_schedule,
)

DOB = date(2024, 1, 15)


def _group(name: str, doses: list[AdministeredDose], on: date, dob: date = DOB):
    return forecast(load_schedule(), dob, "F", on, doses, vaccine_groups=[name]).groups[name]


def test_newborn_is_due_hepb_dose_one_at_birth() -> None:
    """No doses: HepB dose 1 is due from birth."""
    group = _group("HepB", [], DOB)
    assert group.forecast.status is SeriesStatus.NOT_COMPLETE
    assert group.forecast.dose_number == 1
    assert group.forecast.earliest == DOB


def test_dtap_too_young_is_not_valid_and_forecast_counts_from_it() -> None:
    """A DTaP given before 6 weeks - 4 days is not valid; dose 1 is still due."""
    early = AdministeredDose(date(2024, 2, 15), "20")
    group = _group("DTaP/Tdap/Td", [early], date(2024, 3, 1))
    assert group.evaluations[0].status is DoseStatus.NOT_VALID
    assert "Age: Too Young" in group.evaluations[0].reasons
    assert group.forecast.dose_number == 1


def test_dtap_within_grace_period_is_valid() -> None:
    """The 4-day grace period: 6 weeks - 4 days of age is old enough."""
    dose = AdministeredDose(date(2024, 2, 22), "20")  # 6 weeks - 4 days after 2024-01-15
    group = _group("DTaP/Tdap/Td", [dose], date(2024, 3, 1))
    assert group.evaluations[0].status is DoseStatus.VALID
    assert group.forecast.dose_number == 2
    assert group.forecast.earliest == date(2024, 3, 25)  # 10 weeks of age (> 4 weeks later)


def test_mmr_live_virus_conflict_with_varicella() -> None:
    """MMR 10 days after varicella is not valid (live virus conflict)."""
    dob = date(2023, 1, 10)
    history = [
        AdministeredDose(date(2024, 1, 10), "21"),
        AdministeredDose(date(2024, 1, 20), "03"),
    ]
    result = forecast(load_schedule(), dob, "M", date(2024, 2, 1), history)
    mmr = result.groups["MMR"]
    assert mmr.evaluations[1].status is DoseStatus.NOT_VALID
    assert "Live Virus Conflict" in mmr.evaluations[1].reasons
    assert result.groups["Varicella"].evaluations[0].status is DoseStatus.VALID
    # The not-valid MMR is itself a live dose: the next one waits 28 days after it.
    assert mmr.forecast.earliest == date(2024, 2, 17)


def test_rotavirus_ages_out() -> None:
    """Rotavirus cannot be started after 15 weeks of age."""
    group = _group("Rotavirus", [], date(2024, 6, 1))
    assert group.forecast.status is SeriesStatus.AGED_OUT
    assert group.forecast.earliest is None


def test_complete_polio_series() -> None:
    """Four valid IPV doses, the last after age 4, complete polio."""
    dob = date(2018, 1, 1)
    history = [
        AdministeredDose(date(2018, 3, 1), "10"),
        AdministeredDose(date(2018, 5, 1), "10"),
        AdministeredDose(date(2018, 7, 1), "10"),
        AdministeredDose(date(2022, 1, 5), "10"),
    ]
    group = _group("Polio", history, date(2024, 1, 1), dob)
    assert all(e.status is DoseStatus.VALID for e in group.evaluations.values())
    assert group.forecast.status is SeriesStatus.COMPLETE


def test_doses_after_assessment_date_are_ignored() -> None:
    """The forecast is 'as of' the assessment date: later doses have not happened."""
    later = AdministeredDose(date(2024, 5, 1), "08")
    group = _group("HepB", [later], DOB)
    assert group.evaluations == {}
    assert group.forecast.dose_number == 1


def test_person_born_before_1957_is_immune_to_mmr() -> None:
    """Birth before 1957 is presumptive evidence of measles, mumps and rubella immunity."""
    group = _group("MMR", [], date(2024, 1, 1), date(1950, 5, 5))
    assert group.forecast.status is SeriesStatus.IMMUNE


def test_no_grace_period_after_a_dose_not_valid_for_its_interval() -> None:
    """After a dose not valid for its age or interval, the next one must meet the minimum
    interval itself: the 4-day grace period does not apply (CDSi logic specification,
    "Evaluate Preferable Interval"); the forecast then counts from that invalid dose."""
    birth = AdministeredDose(DOB, "08")
    too_soon = AdministeredDose(date(2024, 1, 29), "08")  # 2 weeks after dose 1
    in_grace = AdministeredDose(date(2024, 2, 24), "08")  # 4 weeks - 2 days after it
    group = _group("HepB", [birth, too_soon, in_grace], date(2024, 3, 1))
    assert group.evaluations[0].status is DoseStatus.VALID
    assert group.evaluations[1].status is DoseStatus.NOT_VALID
    assert group.evaluations[2].status is DoseStatus.NOT_VALID
    assert "Interval: too Soon" in group.evaluations[2].reasons
    assert group.forecast.dose_number == 2
    assert group.forecast.earliest == date(2024, 3, 23)  # 4 weeks after the last dose


def test_grace_period_holds_after_a_valid_dose() -> None:
    """The same 4 weeks - 2 days after a valid dose is within the grace period: valid."""
    birth = AdministeredDose(DOB, "08")
    in_grace = AdministeredDose(date(2024, 2, 10), "08")  # 4 weeks - 2 days after dose 1
    group = _group("HepB", [birth, in_grace], date(2024, 3, 1))
    assert group.evaluations[1].status is DoseStatus.VALID
    assert group.forecast.dose_number == 3
