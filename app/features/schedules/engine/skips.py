"""Conditional skips: when a target dose need not be given (CDSi 'conditional skip')."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from app.features.schedules.engine.model import (
    Condition,
    ConditionalSkip,
    SkipSet,
)
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.results import (
    DOSE_VALID,
    DoseEvaluation,
)


class SkipContext:
    """What a condition may look at: the doses before the reference date and their status.

    `doses` may run past the reference date: only those with an evaluation (paired by
    position) count, so a caller evaluating dose N passes the whole list unsliced."""

    __slots__ = ("completed_groups", "doses", "evaluations", "patient", "previous", "reference")

    def __init__(
        self,
        patient: Patient,
        reference: date,
        doses: Sequence[AntigenDose],
        evaluations: Sequence[DoseEvaluation | None],
        previous: AntigenDose | None,
        completed_groups: frozenset[str],
    ) -> None:
        self.patient = patient
        self.reference = reference
        self.doses = doses
        self.evaluations = evaluations
        self.previous = previous
        self.completed_groups = completed_groups


def _vaccine_count_met(condition: Condition, ctx: SkipContext) -> bool:
    """Whether the doses of the condition's vaccines (between its ages or dates; valid ones
    only, if it says so) before the reference date number more, fewer or as many as it says."""
    # The doses evaluated so far bound the count: often that alone decides (e.g. "more than
    # 5 doses" with 4 doses given), without looking at each dose.
    most = len(ctx.evaluations)
    sign = condition.count_sign
    if most < condition.dose_count or (sign > 0 and most == condition.dose_count):
        return sign < 0
    at_age = ctx.patient.at_age
    begin = at_age(condition.count_begin_age)
    end = at_age(condition.count_end_age)
    start = condition.count_start
    stop = condition.count_stop
    cvx = condition.cvx
    valid_only = condition.valid_only
    doses = ctx.doses
    count = 0
    # Paired by position; `doses` may run past the evaluations (see SkipContext).
    for position, evaluation in enumerate(ctx.evaluations):
        dose = doses[position]
        if cvx and dose.cvx not in cvx:
            continue
        day = dose.date
        if (begin and day < begin) or (end and day >= end):
            continue
        if (start and day < start) or (stop and day >= stop):
            continue
        if valid_only and (evaluation is None or evaluation.status is not DOSE_VALID):
            continue
        count += 1
    if sign > 0:
        return count > condition.dose_count
    if sign < 0:
        return count < condition.dose_count
    return count == condition.dose_count


def _age_met(condition: Condition, ctx: SkipContext) -> bool:
    begin = ctx.patient.at_age(condition.begin_age)
    end = ctx.patient.at_age(condition.end_age)
    return (begin is None or ctx.reference >= begin) and (end is None or ctx.reference < end)


def _interval_met(condition: Condition, ctx: SkipContext) -> bool:
    if ctx.previous is None or condition.interval is None:
        return False
    return ctx.reference >= ctx.patient.shifted[ctx.previous.date, condition.interval]


def _completed_series_met(condition: Condition, ctx: SkipContext) -> bool:
    return any(group in ctx.completed_groups for group in condition.series_groups)


def _never_met(condition: Condition, ctx: SkipContext) -> bool:
    return False


Check = Callable[[Condition, SkipContext], bool]


def _check_for(kind: str) -> Check:
    """The check that a condition of this type runs."""
    if kind == "age":
        return _age_met
    if kind == "interval":
        return _interval_met
    if kind.startswith("vaccine count"):
        return _vaccine_count_met
    if kind == "completed series":
        return _completed_series_met
    return _never_met


class _Checks(dict[str, Check]):
    """The check of each condition type, found on first use and then one dict lookup,
    instead of comparing strings for every condition evaluated."""

    def __missing__(self, kind: str) -> Check:
        check = self[kind] = _check_for(kind)
        return check


_CHECKS = _Checks()


def _set_met(skip_set: SkipSet, ctx: SkipContext) -> bool:
    reference = ctx.reference
    if skip_set.effective and reference < skip_set.effective:
        return False
    if skip_set.cessation and reference >= skip_set.cessation:
        return False
    # A plain loop, not any()/all() over a generator: this runs for every skip looked at.
    any_of = skip_set.logic == "OR"
    for condition in skip_set.conditions:
        met = _CHECKS[condition.type](condition, ctx)
        if met:
            if any_of:
                return True
        elif not any_of:
            return False
    return not any_of


def skipped_at_age(ages: tuple[Condition, ...], patient: Patient, day: date) -> bool:
    """Whether a day falls within the ages of one of a target dose's single age skips."""
    at_age = patient.at_age
    for age in ages:
        begin = at_age(age.begin_age)
        end = at_age(age.end_age)
        if (begin is None or day >= begin) and (end is None or day < end):
            return True
    return False


def should_skip(skips: tuple[ConditionalSkip, ...], ctx: SkipContext) -> bool:
    """Whether a target dose is skipped, given its skips of one context (evaluation or
    forecast, split at load time)."""
    for skip in skips:
        age = skip.single_age
        if age is not None:
            # Most skips are one age condition: checked in place, as _age_met does.
            begin = ctx.patient.at_age(age.begin_age)
            end = ctx.patient.at_age(age.end_age)
            reference = ctx.reference
            if (begin is None or reference >= begin) and (end is None or reference < end):
                return True
            continue
        if skip.set_logic == "AND":
            for skip_set in skip.sets:
                if not _set_met(skip_set, ctx):
                    break
            else:
                return True
        else:
            for skip_set in skip.sets:
                if _set_met(skip_set, ctx):
                    return True
    return False
