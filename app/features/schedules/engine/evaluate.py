"""Dose evaluation: walk an antigen's doses through one series' target doses (CDSi ch. 6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from app.features.schedules.engine.model import (
    AgeRule,
    DoseEvaluation,
    DoseStatus,
    IntervalRule,
    Schedule,
    Series,
    TargetDose,
)
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.skips import SkipContext, should_skip

TOO_YOUNG = "Age: Too Young"
TOO_OLD = "Age: Too Old"
TOO_SOON = "Interval: too Soon"
LIVE_VIRUS = "Live Virus Conflict"
INADVERTENT = "Inadvertent Vaccine"
NOT_ALLOWED = "Not a preferable or allowable vaccine"
COMPLETE = "Series Already Complete"
SUB_STANDARD = "Sub-standard dose"

Rule = TypeVar("Rule", AgeRule, IntervalRule)


@dataclass(slots=True)
class SeriesEvaluation:
    """A series evaluated against an antigen's doses."""

    series: Series
    doses: list[AntigenDose]
    evaluations: list[DoseEvaluation] = field(default_factory=list)
    satisfied: dict[int, AntigenDose] = field(default_factory=dict)
    target_index: int = 0
    valid_count: int = 0
    skipped: set[int] = field(default_factory=set)
    # Not evaluated yet: no dose can count for the series (see select.cannot_count), so its
    # dose-by-dose evaluation is only worked out if the series is chosen.
    deferred: bool = False

    @property
    def complete(self) -> bool:
        """Every target dose satisfied or skipped."""
        return self.target_index >= len(self.series.doses)


def pick_rule(rules: tuple[Rule, ...], on: date) -> tuple[Rule, ...] | list[Rule]:
    """Rules in force on a date (effective/cessation dates bound some of them)."""
    # Most targets have no rule or one unbounded rule: no need to build a new list.
    if not rules or (len(rules) == 1 and rules[0].effective is None and rules[0].cessation is None):
        return rules
    return [
        r
        for r in rules
        if (r.effective is None or on >= r.effective) and (r.cessation is None or on < r.cessation)
    ]


def reference_dose(
    rule: IntervalRule, evaluation: SeriesEvaluation, position: int
) -> AntigenDose | None:
    """The dose an interval is measured from, or None when the interval does not apply."""
    if rule.from_previous:
        return previous_dose(evaluation, position)
    if rule.from_target_dose is not None:
        dose = evaluation.satisfied.get(rule.from_target_dose)
        if dose is not None and evaluation.doses.index(dose) < position:
            return dose
        return None
    if rule.from_most_recent:
        for earlier in range(position - 1, -1, -1):
            if evaluation.doses[earlier].cvx in rule.from_most_recent:
                return evaluation.doses[earlier]
    return None


def previous_dose(evaluation: SeriesEvaluation, position: int) -> AntigenDose | None:
    """The immediate previous dose that counts as a reference (not sub-standard)."""
    for earlier in range(position - 1, -1, -1):
        if evaluation.evaluations[earlier].status is not DoseStatus.SUB_STANDARD:
            return evaluation.doses[earlier]
    return None


def _age_reason(target: TargetDose, dose: AntigenDose, patient: Patient) -> str | None:
    # The absolute minimum age already includes the 4-day grace period (CDSi data).
    for rule in pick_rule(target.ages, dose.date):
        abs_min = patient.at_age(rule.abs_min or rule.min)
        if abs_min and dose.date < abs_min:
            return TOO_YOUNG
        maximum = patient.at_age(rule.max)
        if maximum and dose.date >= maximum:
            return TOO_OLD
    return None


def _interval_ok(
    rule: IntervalRule, evaluation: SeriesEvaluation, position: int, patient: Patient
) -> bool:
    reference = reference_dose(rule, evaluation, position)
    if reference is None:
        return True
    minimum = rule.abs_min or rule.min
    return minimum is None or evaluation.doses[position].date >= patient.shift(
        reference.date, minimum
    )


def _interval_reason(
    target: TargetDose, evaluation: SeriesEvaluation, position: int, patient: Patient
) -> str | None:
    if not target.intervals:
        return None  # no interval to meet (the allowable ones only relax the others)
    on = evaluation.doses[position].date
    if all(_interval_ok(r, evaluation, position, patient) for r in pick_rule(target.intervals, on)):
        return None
    allowable = pick_rule(target.allowable_intervals, on)
    if allowable and all(_interval_ok(r, evaluation, position, patient) for r in allowable):
        return None
    return TOO_SOON


def _live_virus_reason(dose: AntigenDose, patient: Patient, schedule: Schedule) -> str | None:
    conflicts = schedule.conflicts_by_current.get(dose.cvx)
    if not conflicts:
        return None
    given_by_cvx = patient.given_by_cvx()
    for conflict in conflicts:
        for index, given in given_by_cvx.get(conflict.previous, ()):
            if given >= dose.date:
                continue
            begin = patient.shift(given, conflict.begin)
            # A valid earlier live dose earns the 4-day grace; a not-valid one does not.
            known = patient.live_status.get(index)
            valid = known is None or known.status is DoseStatus.VALID
            end = patient.shift(given, conflict.min_end if valid else conflict.end)
            if begin <= dose.date < end:
                return LIVE_VIRUS
    return None


def _vaccine_matches(target: TargetDose, dose: AntigenDose, patient: Patient) -> bool:
    """Whether a preferable or allowable vaccine of the target matches the dose."""
    for rule in target.vaccines_by_cvx.get(dose.cvx, ()):
        if rule.mvx and dose.mvx and rule.mvx != dose.mvx:
            continue
        begin = patient.at_age(rule.begin_age)
        end = patient.at_age(rule.end_age)
        if (begin is None or dose.date >= begin) and (end is None or dose.date < end):
            return True
    return False


def evaluate_dose(
    target: TargetDose,
    evaluation: SeriesEvaluation,
    position: int,
    patient: Patient,
    schedule: Schedule,
) -> DoseEvaluation:
    """Evaluate one dose against one target dose; every failed check adds its reason."""
    dose = evaluation.doses[position]
    if dose.cvx in target.inadvertent:
        return DoseEvaluation(DoseStatus.NOT_VALID, INADVERTENT, reasons=(INADVERTENT,))
    age = _age_reason(target, dose, patient)
    if age == TOO_OLD:
        return DoseEvaluation(DoseStatus.EXTRANEOUS, TOO_OLD, reasons=(TOO_OLD,))
    interval = _interval_reason(target, evaluation, position, patient)
    live = _live_virus_reason(dose, patient, schedule)
    if age is None and interval is None and live is None:
        # The usual case (every check passed): no list of reasons to build.
        if _vaccine_matches(target, dose, patient):
            return DoseEvaluation(DoseStatus.VALID)
        return DoseEvaluation(DoseStatus.NOT_VALID, NOT_ALLOWED, reasons=(NOT_ALLOWED,))
    reasons = tuple(r for r in (age, interval, live) if r)
    return DoseEvaluation(DoseStatus.NOT_VALID, reasons[0], reasons=reasons)


def evaluate_series(
    series: Series,
    doses: list[AntigenDose],
    patient: Patient,
    schedule: Schedule,
    completed_groups: frozenset[str] = frozenset(),
) -> SeriesEvaluation:
    """Evaluate every dose of an antigen against a series' target doses, in date order."""
    evaluation = SeriesEvaluation(series, doses)
    evaluations = evaluation.evaluations
    targets = series.doses
    count = len(targets)
    index = 0  # the target dose being satisfied (kept local: the loop is hot)
    for position, dose in enumerate(doses):
        if dose.sub_standard:
            evaluations.append(
                DoseEvaluation(DoseStatus.SUB_STANDARD, SUB_STANDARD, reasons=(SUB_STANDARD,))
            )
            continue
        context: SkipContext | None = None
        while index < count and targets[index].evaluation_skips:
            if context is None:
                context = SkipContext(
                    patient,
                    dose.date,
                    doses[:position],
                    evaluations,
                    previous_dose(evaluation, position),
                    completed_groups,
                )
            if not should_skip(targets[index].evaluation_skips, context):
                break
            evaluation.skipped.add(targets[index].number)
            index += 1
        if index >= count:
            evaluations.append(DoseEvaluation(DoseStatus.EXTRANEOUS, COMPLETE, reasons=(COMPLETE,)))
            continue
        target = targets[index]
        result = evaluate_dose(target, evaluation, position, patient, schedule)
        result.series = series.name
        result.target_dose = target.number
        evaluations.append(result)
        if result.status is DoseStatus.VALID:
            evaluation.satisfied[target.number] = dose
            evaluation.valid_count += 1
            if not target.recurring:
                index += 1
    evaluation.target_index = index
    return evaluation
