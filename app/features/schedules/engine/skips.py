"""Conditional skips: when a target dose need not be given (CDSi 'conditional skip')."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.features.schedules.engine.model import (
    Condition,
    ConditionalSkip,
    DoseEvaluation,
    DoseStatus,
    SkipSet,
)
from app.features.schedules.engine.patient import AntigenDose, Patient


class SkipContext:
    """What a condition may look at: the doses before the reference date and their status."""

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


def _count_met(count: int, condition: Condition) -> bool:
    logic = condition.dose_count_logic
    if logic.startswith("greater"):
        return count > condition.dose_count
    if logic.startswith("less"):
        return count < condition.dose_count
    return count == condition.dose_count


def _count_doses(condition: Condition, ctx: SkipContext, by_age: bool, by_date: bool) -> int:
    patient = ctx.patient
    begin = patient.at_age(condition.begin_age) if by_age else None
    end = patient.at_age(condition.end_age) if by_age else None
    count = 0
    for dose, evaluation in zip(ctx.doses, ctx.evaluations, strict=False):
        if condition.cvx and dose.cvx not in condition.cvx:
            continue
        if begin and dose.date < begin:
            continue
        if end and dose.date >= end:
            continue
        if by_date:
            if condition.start_date and dose.date < condition.start_date:
                continue
            if condition.end_date and dose.date >= condition.end_date:
                continue
        if condition.dose_type == "valid" and (
            evaluation is None or evaluation.status is not DoseStatus.VALID
        ):
            continue
        count += 1
    return count


def condition_met(condition: Condition, ctx: SkipContext) -> bool:
    """Whether one condition holds on the context's reference date."""
    kind = condition.type
    patient = ctx.patient
    if kind == "age":
        begin = patient.at_age(condition.begin_age)
        end = patient.at_age(condition.end_age)
        return (begin is None or ctx.reference >= begin) and (end is None or ctx.reference < end)
    if kind == "interval":
        if ctx.previous is None or condition.interval is None:
            return False
        return ctx.reference >= patient.shift(ctx.previous.date, condition.interval)
    if kind.startswith("vaccine count"):
        by_date = "date" in kind
        by_age = "age" in kind
        return _count_met(_count_doses(condition, ctx, by_age, by_date), condition)
    if kind == "completed series":
        return any(group in ctx.completed_groups for group in condition.series_groups)
    return False


def _set_met(skip_set: SkipSet, ctx: SkipContext) -> bool:
    if skip_set.effective and ctx.reference < skip_set.effective:
        return False
    if skip_set.cessation and ctx.reference >= skip_set.cessation:
        return False
    results = (condition_met(c, ctx) for c in skip_set.conditions)
    return any(results) if skip_set.logic == "OR" else all(results)


def should_skip(skips: tuple[ConditionalSkip, ...], ctx: SkipContext) -> bool:
    """Whether a target dose is skipped, given its skips of one context (evaluation or
    forecast, split at load time)."""
    for skip in skips:
        if skip.set_logic == "AND":
            if all(_set_met(s, ctx) for s in skip.sets):
                return True
        elif any(_set_met(s, ctx) for s in skip.sets):
            return True
    return False
