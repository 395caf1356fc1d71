"""Forecast of the next target dose of an evaluated series (CDSi ch. 7)."""

from __future__ import annotations

from datetime import date, timedelta

from app.features.schedules.engine.evaluate import SeriesEvaluation, pick_rule
from app.features.schedules.engine.model import Antigen, IntervalRule, TargetDose
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.results import (
    DOSE_NOT_VALID,
    DOSE_VALID,
    INADVERTENT,
    SERIES_AGED_OUT,
    SERIES_COMPLETE,
    SERIES_CONTRAINDICATED,
    SERIES_IMMUNE,
    SERIES_NOT_COMPLETE,
    Forecast,
    SeriesStatus,
)
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
    if not patient.observations:
        return False  # the usual case: no observation, nothing to look through
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
    on = patient.assessment_date
    while index < len(targets) and targets[index].forecast_skips:
        if context is None:
            context = SkipContext(
                patient,
                on,
                evaluation.doses,
                evaluation.evaluations,
                evaluation.last_dose,
                completed_groups,
            )
        target = targets[index]
        context.reference = on
        if not should_skip(target.forecast_skips, context):
            if not _may_skip_later(target, patient):
                break
            # Not skipped today; but the supporting data's forecast skips speak of the
            # patient "at the earliest forecasted date for next dose" (e.g. DTaP: "Dose is
            # not required for those 7 years or older at the earliest forecasted date"), so
            # a skip is checked again on the target dose's earliest date when that is later.
            found = forecast_target(evaluation, target, patient)
            evaluation.forecast_for = (target, found)
            if found.earliest is None or found.earliest <= on:
                break
            context.reference = found.earliest
            if not should_skip(target.forecast_skips, context):
                break
        evaluation.skipped = {*evaluation.skipped, target.number}
        index += 1
    return index


def _may_skip_later(target: TargetDose, patient: Patient) -> bool:
    """Whether a forecast-time skip not met today could be met on a later date: only an
    interval condition or an age condition whose begin age is still ahead can (the counts
    of doses do not change with the reference date)."""
    ages = target.later_skip_ages
    if ages is None:
        return True
    on = patient.assessment_date
    for age in ages:
        begin = patient.at_age(age)
        if begin is not None and begin > on:
            return True
    return False


def _live_virus_end(target: TargetDose, patient: Patient) -> date | None:
    """The date a live vaccine of this target dose stops conflicting with earlier live doses."""
    ends_by_previous = target.conflict_ends
    latest_end: date | None = None
    # The child's few vaccines, looked up among the target's conflicts (not the reverse).
    for cvx, given_doses in patient.given_by_cvx().items():
        ends = ends_by_previous.get(cvx)
        if ends is None:
            continue
        for _, given in given_doses:
            for duration in ends:
                end = patient.shifted[given, duration]
                if latest_end is None or end > latest_end:
                    latest_end = end
    return latest_end


def _forecast_reference(rule: IntervalRule, evaluation: SeriesEvaluation) -> AntigenDose | None:
    """The dose a forecast interval is measured from.

    Logic specification (v4.0, ch. 7 "Generate forecast dates", and CALCDTINT-1): minimum
    and recommended intervals are measured from the immediate previous dose administered
    whose status is 'valid' or 'not valid' - an invalid dose restarts the clock - and not
    from an inadvertent administration; extraneous and sub-standard doses are no reference
    either. (The most recent such dose is noted by evaluate_series.)"""
    if rule.from_previous:
        return evaluation.last_reference
    if rule.from_target_dose is not None:
        return evaluation.satisfied.get(rule.from_target_dose)
    if rule.from_most_recent:
        pairs = zip(evaluation.doses, evaluation.evaluations, strict=True)
        for dose, result in reversed(list(pairs)):
            status = result.status
            if dose.cvx in rule.from_most_recent and (
                status is DOSE_VALID or (status is DOSE_NOT_VALID and result.reason != INADVERTENT)
            ):
                return dose
    return None


def forecast_target(evaluation: SeriesEvaluation, target: TargetDose, patient: Patient) -> Forecast:
    """Earliest, recommended, past-due and latest dates of one target dose."""
    series = evaluation.series
    on = patient.assessment_date
    ages = pick_rule(target.ages, on) if target.dated_ages else target.ages
    age = ages[0] if ages else None
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
    intervals = pick_rule(target.intervals, on) if target.dated_intervals else target.intervals
    for rule in intervals:
        if rule.from_previous:  # the usual reference: no call
            reference = evaluation.last_reference
        else:
            reference = _forecast_reference(rule, evaluation)
        if reference is None:
            continue
        given = reference.date
        min_interval = rule.min or rule.abs_min
        if min_interval:
            earliest_dates.append(patient.shifted[given, min_interval])
        if rule.earliest_rec:
            rec_intervals.append(patient.shifted[given, rule.earliest_rec])
        if rule.latest_rec:
            past_due_intervals.append(patient.shifted[given, rule.latest_rec])
    conflict_end = _live_virus_end(target, patient) if target.conflict_ends else None
    if conflict_end:
        earliest_dates.append(conflict_end)
    if target.season_start:
        earliest_dates.append(target.season_start)
    # The earliest date is no earlier than the most recent dose that is a reference nor
    # than the latest inadvertent administration (logic specification ch. 7).
    last = evaluation.last_reference
    if last is not None:
        earliest_dates.append(last.date)
    if evaluation.last_inadvertent is not None:
        earliest_dates.append(evaluation.last_inadvertent)
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
        return Forecast(SERIES_AGED_OUT, series=series.name)
    # One more than the valid doses so far (see _dose_number), without a call for the usual
    # target dose with no season.
    if target.season_start is None:
        number = evaluation.valid_count + 1
    else:
        number = _dose_number(evaluation, target)
    # Positional arguments: keywords cost a lookup each (the order of Forecast's fields).
    return Forecast(
        SERIES_NOT_COMPLETE,
        number,
        earliest,
        recommended,
        past_due,
        latest,
        series.name,
        target.vaccine_types,
    )


def _dose_number(evaluation: SeriesEvaluation, target: TargetDose) -> int:
    """The number of the dose forecast: one more than the valid doses the child has had in
    the series, counting only the current season's for a seasonal target dose.

    The logic specification defines no forecast dose number; the CDC test cases number
    the dose so (inferred from them): a skipped target dose is not a dose the child gets,
    a recurring target dose (e.g. the Td/Tdap booster) counts every dose that satisfied it,
    and a seasonal one (influenza, COVID-19: the supporting data's seasonal recommendation
    start date) starts again at 1 each season."""
    season = target.season_start
    if season is None:
        return evaluation.valid_count + 1
    count = 0
    for dose, result in zip(evaluation.doses, evaluation.evaluations, strict=True):
        if result.status is DOSE_VALID and dose.date >= season:
            count += 1
    return count + 1


def antigen_status(antigen: Antigen, patient: Patient) -> SeriesStatus | None:
    """IMMUNE or CONTRAINDICATED when that holds for the whole antigen (every series)."""
    if is_immune(antigen, patient):
        return SERIES_IMMUNE
    if is_contraindicated(antigen, patient):
        return SERIES_CONTRAINDICATED
    return None


def series_status(
    evaluation: SeriesEvaluation,
    patient: Patient,
    completed_groups: frozenset[str] = frozenset(),
) -> tuple[SeriesStatus, TargetDose | None]:
    """Status of a series of an antigen neither immune nor contraindicated and, when a dose
    is due, its target dose; cheap (no date math beyond the maximum age), so dates are only
    computed for the series finally chosen."""
    targets = evaluation.series.doses
    index = evaluation.target_index
    # Forecast-time skips (most target doses have none) may pass over the dose reached.
    if index < len(targets) and targets[index].forecast_skips:
        index = next_target(evaluation, patient, completed_groups)
    if index >= len(targets):
        return SERIES_COMPLETE, None
    target = targets[index]
    on = patient.assessment_date
    ages = pick_rule(target.ages, on) if target.dated_ages else target.ages
    if ages:
        # Aged out on the maximum age (the latest date is the day before it).
        maximum = patient.at_age(ages[0].max)
        if maximum is not None and on >= maximum:
            return SERIES_AGED_OUT, None
    return SERIES_NOT_COMPLETE, target
