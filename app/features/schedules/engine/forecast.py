"""Forecast of the next target dose of an evaluated series (CDSi ch. 7)."""

from __future__ import annotations

from datetime import date, timedelta

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
    if not antigen.immunity_observations.isdisjoint(patient.observations):
        return True
    born_before = antigen.immune_if_born_before
    return (
        born_before is not None
        and patient.dob < born_before
        and antigen.immunity_birth_exclusions.isdisjoint(patient.observations)
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
    if evaluation.deferred:
        # Still on the first target dose, which has no conditional skip.
        return index
    context: SkipContext | None = None
    while index < len(targets) and targets[index].forecast_skips:
        if context is None:
            position = len(evaluation.doses)
            context = SkipContext(
                patient,
                patient.assessment_date,
                evaluation.doses,
                evaluation.evaluations,
                previous_dose(evaluation, position),
                completed_groups,
            )
        if not should_skip(targets[index].forecast_skips, context):
            break
        evaluation.skipped.add(targets[index].number)
        index += 1
    return index


def _live_virus_end(target: TargetDose, patient: Patient) -> date | None:
    """The date a live vaccine of this target dose stops conflicting with earlier live doses."""
    latest_end: date | None = None
    if not target.live_conflicts:
        return None
    given_by_cvx = patient.given_by_cvx()
    for conflict in target.live_conflicts:
        for _, given in given_by_cvx.get(conflict.previous, ()):
            end = patient.shift(given, conflict.end)
            if latest_end is None or end > latest_end:
                latest_end = end
    return latest_end


def forecast_target(evaluation: SeriesEvaluation, target: TargetDose, patient: Patient) -> Forecast:
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
        given = reference.date
        min_interval = rule.min or rule.abs_min
        if min_interval:
            earliest_dates.append(patient.shift(given, min_interval))
        if rule.earliest_rec:
            rec_intervals.append(patient.shift(given, rule.earliest_rec))
        if rule.latest_rec:
            past_due_intervals.append(patient.shift(given, rule.latest_rec))
    conflict_end = _live_virus_end(target, patient)
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
    return Forecast(
        SeriesStatus.NOT_COMPLETE,
        # Skipped target doses are not doses the child gets: they do not count in the number.
        dose_number=target.number - sum(1 for n in evaluation.skipped if n < target.number),
        earliest=earliest,
        recommended=recommended,
        past_due=past_due,
        latest=latest,
        series=series.name,
        vaccine_types=target.vaccine_types,
    )


def is_aged_out(target: TargetDose, patient: Patient) -> bool:
    """Whether the assessment date is past the target dose's maximum age."""
    ages = pick_rule(target.ages, patient.assessment_date)
    maximum = patient.at_age(ages[0].max) if ages else None
    # The latest date is the day before the maximum age.
    return maximum is not None and patient.assessment_date >= maximum


def antigen_status(antigen: Antigen, patient: Patient) -> SeriesStatus | None:
    """IMMUNE or CONTRAINDICATED when that holds for the whole antigen (every series)."""
    if is_immune(antigen, patient):
        return SeriesStatus.IMMUNE
    if is_contraindicated(antigen, patient):
        return SeriesStatus.CONTRAINDICATED
    return None


def series_status(
    evaluation: SeriesEvaluation,
    patient: Patient,
    completed_groups: frozenset[str] = frozenset(),
) -> tuple[SeriesStatus, TargetDose | None]:
    """Status of a series of an antigen neither immune nor contraindicated and, when a dose
    is due, its target dose; cheap (no date math beyond the maximum age), so dates are only
    computed for the series finally chosen."""
    index = next_target(evaluation, patient, completed_groups)
    targets = evaluation.series.doses
    if index >= len(targets):
        return SeriesStatus.COMPLETE, None
    if is_aged_out(targets[index], patient):
        return SeriesStatus.AGED_OUT, None
    return SeriesStatus.NOT_COMPLETE, targets[index]


def forecast_series(
    evaluation: SeriesEvaluation,
    antigen: Antigen,
    patient: Patient,
    schedule: Schedule,
    completed_groups: frozenset[str] = frozenset(),
) -> Forecast:
    """Series status and, when a dose is due, its dates."""
    status = antigen_status(antigen, patient)
    if status is not None:
        return Forecast(status, series=evaluation.series.name)
    status, target = series_status(evaluation, patient, completed_groups)
    if target is None:
        return Forecast(status, series=evaluation.series.name)
    return forecast_target(evaluation, target, patient)
