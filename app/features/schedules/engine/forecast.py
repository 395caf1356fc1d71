"""Forecast of the next target dose of an evaluated series (CDSi ch. 7)."""

from __future__ import annotations

from datetime import date, timedelta

from app.features.schedules.engine.dates import add_duration, offset
from app.features.schedules.engine.evaluate import (
    SeriesEvaluation,
    pick_rule,
    previous_dose,
    reference_dose,
)
from app.features.schedules.engine.model import (
    Antigen,
    Forecast,
    Schedule,
    SeriesStatus,
    TargetDose,
)
from app.features.schedules.engine.patient import Patient
from app.features.schedules.engine.skips import SkipContext, should_skip

ONE_DAY = timedelta(days=1)


def is_immune(antigen: Antigen, patient: Patient) -> bool:
    """Presumed immune by birth date (unless excluded) or by an immunity observation."""
    if antigen.immunity_observations & patient.observations:
        return True
    born_before = antigen.immune_if_born_before
    return (
        born_before is not None
        and patient.dob < born_before
        and not (antigen.immunity_birth_exclusions & patient.observations)
    )


def is_contraindicated(antigen: Antigen, patient: Patient) -> bool:
    """An observation contraindicates the whole antigen at the patient's age."""
    for item in antigen.contraindications:
        if item.code not in patient.observations:
            continue
        begin = patient.at_age(item.begin_age)
        end = patient.at_age(item.end_age)
        if (begin is None or patient.assessment_date >= begin) and (
            end is None or patient.assessment_date < end
        ):
            return True
    return False


def next_target(
    evaluation: SeriesEvaluation, patient: Patient, completed_groups: frozenset[str]
) -> int:
    """Index of the next target dose once forecast-time conditional skips are applied."""
    targets = evaluation.series.doses
    index = evaluation.target_index
    position = len(evaluation.doses)
    context = SkipContext(
        patient,
        patient.assessment_date,
        evaluation.doses,
        evaluation.evaluations,
        previous_dose(evaluation, position),
        completed_groups,
    )
    while index < len(targets) and should_skip(targets[index], "forecast", context):
        evaluation.skipped.add(targets[index].number)
        index += 1
    return index


def _live_virus_end(target: TargetDose, patient: Patient, schedule: Schedule) -> date | None:
    """The date a live vaccine of this target dose stops conflicting with earlier live doses."""
    latest_end: date | None = None
    for vaccine in target.preferable:
        conflicts = schedule.conflicts_by_current.get(vaccine.cvx)
        if not conflicts:
            continue
        for conflict in conflicts:
            for given in patient.dates_by_cvx().get(conflict.previous, ()):
                end = add_duration(given, conflict.end)
                if latest_end is None or end > latest_end:
                    latest_end = end
    return latest_end


def forecast_target(
    evaluation: SeriesEvaluation, target: TargetDose, patient: Patient, schedule: Schedule
) -> Forecast:
    """Earliest, recommended, past-due and latest dates of one target dose."""
    series = evaluation.series
    on = patient.assessment_date
    ages = pick_rule(target.ages, on)
    age = ages[0] if ages else None
    position = len(evaluation.doses)
    earliest_dates: list[date] = []
    rec_age = past_due_age = latest = None
    if age is not None:
        minimum = patient.at_age(age.min) or patient.at_age(age.abs_min)
        if minimum:
            earliest_dates.append(minimum)
        rec_age = patient.at_age(age.earliest_rec)
        past_due_age = patient.at_age(age.latest_rec)
        maximum = patient.at_age(age.max)
        latest = maximum - ONE_DAY if maximum else None
    rec_intervals: list[date] = []
    past_due_intervals: list[date] = []
    for rule in pick_rule(target.intervals, on):
        reference = reference_dose(rule, evaluation, position)
        if reference is None:
            continue
        minimum = offset(reference.date, rule.min) or offset(reference.date, rule.abs_min)
        if minimum:
            earliest_dates.append(minimum)
        interval_rec = offset(reference.date, rule.earliest_rec)
        if interval_rec:
            rec_intervals.append(interval_rec)
        interval_late = offset(reference.date, rule.latest_rec)
        if interval_late:
            past_due_intervals.append(interval_late)
    conflict_end = _live_virus_end(target, patient, schedule)
    if conflict_end:
        earliest_dates.append(conflict_end)
    if target.season_start:
        earliest_dates.append(target.season_start)
    earliest = max(earliest_dates) if earliest_dates else patient.dob
    if rec_age:
        recommended = rec_age
    elif rec_intervals:
        recommended = max(rec_intervals)
    else:
        recommended = earliest
    recommended = max(recommended, earliest)
    past_due: date | None = None
    if past_due_age:
        past_due = past_due_age - ONE_DAY
    elif past_due_intervals:
        past_due = max(past_due_intervals) - ONE_DAY
    # A child already late for a catch-up dose is past due as soon as it may be given.
    if past_due is not None and past_due < earliest:
        past_due = earliest
    if latest is not None and on > latest:
        return Forecast(SeriesStatus.AGED_OUT, series=series.name)
    vaccine_types = tuple(v.cvx for v in target.preferable if v.forecast) or tuple(
        v.cvx for v in target.preferable
    )
    return Forecast(
        SeriesStatus.NOT_COMPLETE,
        # Skipped target doses are not doses the child gets: they do not count in the number.
        dose_number=target.number - sum(1 for n in evaluation.skipped if n < target.number),
        earliest=earliest,
        recommended=recommended,
        past_due=past_due,
        latest=latest,
        series=series.name,
        vaccine_types=vaccine_types,
    )


def forecast_series(
    evaluation: SeriesEvaluation,
    antigen: Antigen,
    patient: Patient,
    schedule: Schedule,
    completed_groups: frozenset[str] = frozenset(),
) -> Forecast:
    """Series status and, when a dose is due, its dates."""
    name = evaluation.series.name
    if is_immune(antigen, patient):
        return Forecast(SeriesStatus.IMMUNE, series=name)
    if is_contraindicated(antigen, patient):
        return Forecast(SeriesStatus.CONTRAINDICATED, series=name)
    index = next_target(evaluation, patient, completed_groups)
    targets = evaluation.series.doses
    if index >= len(targets):
        return Forecast(SeriesStatus.COMPLETE, series=name)
    return forecast_target(evaluation, targets[index], patient, schedule)
