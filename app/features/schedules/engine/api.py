"""The engine's entry point: evaluate a child's history and forecast every vaccine group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter

from app.features.schedules.engine.evaluate import deferred_evaluation, evaluate_series, pick_rule
from app.features.schedules.engine.forecast import antigen_status, series_status
from app.features.schedules.engine.groups import group_result
from app.features.schedules.engine.loader import load_schedule
from app.features.schedules.engine.model import (
    Antigen,
    Schedule,
)
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.results import (
    SERIES_AGED_OUT,
    SERIES_COMPLETE,
    SERIES_NOT_COMPLETE,
    SERIES_NOT_RECOMMENDED,
    AdministeredDose,
    AntigenResult,
    Forecast,
    Result,
)
from app.features.schedules.engine.select import (
    Candidate,
    best_series,
    cannot_count,
    relevant_series,
)

# Field getters for map(): a comprehension would cost a Python call per antigen.
_HISTORY_INDEX = attrgetter("index")
_CVX = attrgetter("cvx")


def evaluate_antigen(
    antigen: Antigen, doses: list[AntigenDose], patient: Patient, schedule: Schedule
) -> AntigenResult:
    """Evaluate and forecast every relevant series of an antigen and keep the best."""
    if patient.observations:
        relevant = relevant_series(antigen, patient)
    else:
        # No indication can apply (the usual case): the standard series (relevant_series).
        relevant = antigen.standard_for_sex.get(patient.sex_code, antigen.standard_by_group)
    if not relevant:
        return AntigenResult(antigen.name, Forecast(SERIES_NOT_RECOMMENDED))
    candidates: list[Candidate] = []
    groups: frozenset[str] = frozenset()
    if patient.observations or antigen.immune_if_born_before is not None:
        blocked = antigen_status(antigen, patient)
    else:
        blocked = None  # the usual case: nothing can make the child immune or contraindicated
    given_cvx = set(map(_CVX, doses))
    # Groups in order so a 'completed series' skip condition can see earlier groups.
    on = patient.assessment_date
    for series in relevant:
        if not cannot_count(series, doses, given_cvx, patient):
            evaluation = evaluate_series(series, doses, patient, schedule, groups)
            if blocked is not None:
                status, target = blocked, None
            else:
                status, target = series_status(evaluation, patient, groups)
        else:
            evaluation = deferred_evaluation(series, doses)
            if blocked is not None:
                status, target = blocked, None
            else:
                # series_status written inline for a deferred series (most series): still
                # on its first target dose, which has no conditional skip.
                target = series.doses[0]
                ages = pick_rule(target.ages, on) if target.dated_ages else target.ages
                maximum = patient.at_age(ages[0].max) if ages else None
                if maximum is not None and on >= maximum:
                    status, target = SERIES_AGED_OUT, None
                else:
                    status = SERIES_NOT_COMPLETE
        if status is SERIES_COMPLETE:
            groups = groups | {series.group}
        candidates.append(Candidate(series, evaluation, status, target, patient, schedule))
    best = best_series(candidates, patient)
    if best.evaluation.deferred:
        best.resolve()
    indexes = map(_HISTORY_INDEX, best.evaluation.doses)
    evaluations = dict(zip(indexes, best.evaluation.evaluations, strict=True))
    return AntigenResult(antigen.name, best.forecast(), evaluations)


def forecast(
    schedule: Schedule | str,
    date_of_birth: date,
    sex: str,
    assessment_date: date,
    doses: Sequence[AdministeredDose],
    observations: Iterable[str] = (),
    vaccine_groups: Iterable[str] | None = None,
) -> Result:
    """Evaluate every dose and forecast every (or the named) vaccine group as of a date."""
    if isinstance(schedule, str):
        schedule = load_schedule(schedule)
    # Doses after the assessment date have not happened yet as far as the forecast goes.
    # (A list comprehension: a generator would resume once per dose.)
    history = tuple([d for d in doses if d.date_administered <= assessment_date])
    patient = Patient(
        date_of_birth,
        sex,
        assessment_date,
        frozenset(observations),
        history,
        schedule.live_previous,
    )
    by_antigen = patient.by_antigen(schedule)
    if vaccine_groups is None:
        names = list(schedule.vaccine_groups)
        wanted = schedule.all_antigens
    else:
        names = list(vaccine_groups)
        wanted = tuple(sorted({a for n in names for a in schedule.vaccine_groups[n].antigens}))
    antigen_results: dict[str, AntigenResult] = {}
    # Alphabetical order evaluates Measles/Mumps/Rubella before Varicella and Zoster, so
    # their statuses are known when a later live vaccine is checked for conflicts.
    for name in wanted:
        antigen = schedule.antigens.get(name)
        if antigen is None:
            continue
        result = evaluate_antigen(antigen, by_antigen.get(name, []), patient, schedule)
        antigen_results[name] = result
        # A dose keeps the status of the first antigen that evaluated it (the statuses known
        # so far win the merge).
        if result.evaluations:
            patient.live_status = {**result.evaluations, **patient.live_status}
    groups = {}
    for name in names:
        group = schedule.vaccine_groups[name]
        # The group's antigens that were evaluated (a result is never None).
        results = list(filter(None, map(antigen_results.get, group.antigens)))
        groups[name] = group_result(group, results)
    return Result(assessment_date=assessment_date, groups=groups)
