"""Dose evaluation: walk an antigen's doses through one series' target doses (CDSi ch. 6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TypeVar

from app.features.schedules.engine.model import (
    AgeRule,
    IntervalRule,
    Schedule,
    Series,
    TargetDose,
)
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.results import (
    COMPLETE,
    DOSE_EXTRANEOUS,
    DOSE_NOT_VALID,
    DOSE_SUB_STANDARD,
    DOSE_VALID,
    INADVERTENT,
    LIVE_VIRUS,
    NOT_ALLOWED,
    SUB_STANDARD,
    TOO_SOON,
    TOO_YOUNG,
    DoseEvaluation,
    Forecast,
)
from app.features.schedules.engine.skips import SkipContext, should_skip, skipped_at_age

# The outcomes that belong to no target dose, made once (an evaluation is frozen).
_SUB_STANDARD_DOSE = DoseEvaluation(DOSE_SUB_STANDARD, SUB_STANDARD, reasons=(SUB_STANDARD,))
_SERIES_COMPLETE = DoseEvaluation(DOSE_EXTRANEOUS, COMPLETE, reasons=(COMPLETE,))

Rule = TypeVar("Rule", AgeRule, IntervalRule)


@dataclass(slots=True)
class SeriesEvaluation:
    """A series evaluated against an antigen's doses."""

    series: Series
    doses: list[AntigenDose]
    evaluations: Sequence[DoseEvaluation]
    satisfied: Mapping[int, AntigenDose]  # the dose that satisfied each target dose
    target_index: int = 0
    valid_count: int = 0
    # Target doses passed over by a conditional skip (most series have none: a set is only
    # made for the first one).
    skipped: AbstractSet[int] = frozenset()
    # Not evaluated yet: no dose can count for the series (see select.cannot_count), so its
    # dose-by-dose evaluation is only worked out if the series is chosen.
    deferred: bool = False
    # The forecast of a target dose worked out while checking its forecast-time skips
    # (forecast.next_target), kept so it is not computed twice.
    forecast_for: tuple[TargetDose, Forecast] | None = None
    # What a forecast measures from (see forecast._forecast_reference), noted as the doses
    # are walked: the most recent dose valid or not valid (not an inadvertent one), and the
    # date of the latest inadvertent administration.
    last_reference: AntigenDose | None = None
    last_inadvertent: date | None = None
    # The last dose that is not sub-standard (what previous_dose finds after every dose).
    last_dose: AntigenDose | None = None

    @property
    def complete(self) -> bool:
        """Every target dose satisfied or skipped."""
        return self.target_index >= len(self.series.doses)


# What a deferred evaluation holds until it is resolved (then replaced, never written to):
# shared, read-only, so the many series that cannot count cost no containers.
_NOTHING_SATISFIED: Mapping[int, AntigenDose] = MappingProxyType({})


def deferred_evaluation(series: Series, doses: list[AntigenDose]) -> SeriesEvaluation:
    """A series that no dose can count for, left to be evaluated if it is chosen."""
    return SeriesEvaluation(series, doses, (), _NOTHING_SATISFIED, deferred=True)


def pick_rule(rules: tuple[Rule, ...], on: date) -> Sequence[Rule]:
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
        if evaluation.evaluations[earlier].status is not DOSE_SUB_STANDARD:
            return evaluation.doses[earlier]
    return None


def _intervals_met(
    rules: Sequence[IntervalRule],
    evaluation: SeriesEvaluation,
    position: int,
    previous: AntigenDose | None,
    patient: Patient,
    strict: bool = False,
) -> bool:
    """Whether the dose at `position` meets every interval rule (from its reference dose);
    `strict`: without the 4-day grace period (see evaluate_dose)."""
    day = evaluation.doses[position].date
    for rule in rules:
        minimum = rule.strict_min if strict else rule.lenient_min
        if minimum is None:
            continue
        # The previous dose is known to the caller: no need to look back for it.
        reference = previous if rule.from_previous else reference_dose(rule, evaluation, position)
        if reference is not None and day < patient.shifted[reference.date, minimum]:
            return False
    return True


def _live_virus_reason(dose: AntigenDose, patient: Patient, schedule: Schedule) -> str | None:
    """LIVE_VIRUS when a live vaccine dose is given within a conflict window of an earlier
    live dose (the earlier vaccines the child had, looked up among this vaccine's pairs)."""
    by_previous = schedule.conflicts_by_pair.get(dose.cvx)
    if not by_previous:
        return None
    for cvx, given_doses in patient.given_by_cvx().items():
        conflicts = by_previous.get(cvx)
        if conflicts is None:
            continue
        for conflict in conflicts:
            for index, given in given_doses:
                if given >= dose.date:
                    continue
                begin = patient.shifted[given, conflict.begin]
                # A valid earlier live dose earns the 4-day grace; a not-valid one does not.
                known = patient.live_status.get(index)
                valid = known is None or known.status is DOSE_VALID
                end = patient.shifted[given, conflict.min_end if valid else conflict.end]
                if begin <= dose.date < end:
                    return LIVE_VIRUS
    return None


def evaluate_dose(
    target: TargetDose,
    evaluation: SeriesEvaluation,
    position: int,
    previous: AntigenDose | None,
    patient: Patient,
    schedule: Schedule,
    strict: bool = False,
) -> DoseEvaluation:
    """Evaluate one dose against one target dose (`previous`: the dose before it that counts
    as a reference); every failed check adds its reason.

    `strict`: the dose before this one was not valid for its age or interval, so the 4-day
    grace period (absolute minimum age/interval) does not apply: the minimum age (except on
    the first target dose) and minimum interval must be met (logic specification v4.0,
    "Evaluate Age" and "Evaluate Preferable Interval" decision tables: "Is the evaluation of
    the previous dose 'not valid' due to age or interval recommendations?")."""
    dose = evaluation.doses[position]
    if dose.cvx in target.inadvertent:
        return target.not_valid[INADVERTENT]
    day = dose.date
    at_age = patient.at_age
    # This function runs for every dose of every series evaluated: the checks are written
    # inline, and rules without effective/cessation dates are used without picking.
    age: str | None = None
    strict_age = strict and target.number != 1
    only = target.age_rule
    if only is not None:  # one undated rule (most targets): the loop below, unrolled
        # The absolute minimum age already includes the 4-day grace period (CDSi data).
        minimum = at_age(only.strict_min if strict_age else only.lenient_min)
        if minimum is not None and day < minimum:
            age = TOO_YOUNG
        else:
            maximum = at_age(only.max)
            if maximum is not None and day >= maximum:
                return target.too_old
    else:
        for rule in pick_rule(target.ages, day) if target.dated_ages else target.ages:
            minimum = at_age(rule.strict_min if strict_age else rule.lenient_min)
            if minimum is not None and day < minimum:
                age = TOO_YOUNG
                break
            maximum = at_age(rule.max)
            if maximum is not None and day >= maximum:
                return target.too_old
    interval: str | None = None
    if target.intervals:  # without one there is nothing to meet (allowable ones only relax)
        rules = pick_rule(target.intervals, day) if target.dated_intervals else target.intervals
        # _intervals_met written inline for the preferable intervals (every dose comes here).
        met = True
        for spacing in rules:
            least = spacing.strict_min if strict else spacing.lenient_min
            if least is None:
                continue
            if spacing.from_previous:
                reference = previous
            else:
                reference = reference_dose(spacing, evaluation, position)
            if reference is not None and day < patient.shifted[reference.date, least]:
                met = False
                break
        if not met:
            allowable: Sequence[IntervalRule] = target.allowable_intervals
            if target.dated_allowable_intervals:
                allowable = pick_rule(target.allowable_intervals, day)
            if not allowable or not _intervals_met(
                allowable, evaluation, position, previous, patient
            ):
                interval = TOO_SOON
    # Only a live vaccine can conflict with an earlier one (most doses are not live).
    live = _live_virus_reason(dose, patient, schedule) if dose.live else None
    if age is None and interval is None and live is None:
        # The usual case (every check passed): does a preferable or allowable vaccine match?
        for vaccine in target.vaccines_by_cvx.get(dose.cvx, ()):
            if vaccine.mvx and dose.mvx and vaccine.mvx != dose.mvx:
                continue
            begin = at_age(vaccine.begin_age)
            end = at_age(vaccine.end_age)
            if (begin is None or day >= begin) and (end is None or day < end):
                return target.valid
        return target.not_valid[NOT_ALLOWED]
    if interval is None and live is None and age is not None:
        return target.not_valid[age]  # too young, the usual failure
    reasons = tuple(filter(None, (age, interval, live)))  # the failed checks, in order
    if len(reasons) == 1:
        return target.not_valid[reasons[0]]
    return DoseEvaluation(DOSE_NOT_VALID, reasons[0], target.number, target.series, reasons)


def evaluate_series(
    series: Series,
    doses: list[AntigenDose],
    patient: Patient,
    schedule: Schedule,
    completed_groups: frozenset[str] = frozenset(),
) -> SeriesEvaluation:
    """Evaluate every dose of an antigen against a series' target doses, in date order."""
    evaluations: list[DoseEvaluation] = []
    satisfied: dict[int, AntigenDose] = {}
    evaluation = SeriesEvaluation(series, doses, evaluations, satisfied)
    targets = series.doses
    count = len(targets)
    index = 0  # the target dose being satisfied (kept local: the loop is hot)
    # The latest earlier dose that counts as a reference (not sub-standard), kept as the loop
    # goes instead of looked back for at every dose.
    previous: AntigenDose | None = None
    context: SkipContext | None = None  # made once, moved to each dose that needs it
    # The last dose evaluated was not valid for its age or interval (see evaluate_dose).
    strict = False
    last_reference: AntigenDose | None = None
    last_inadvertent: date | None = None
    valid_count = 0
    for position, dose in enumerate(doses):
        if dose.sub_standard:
            evaluations.append(_SUB_STANDARD_DOSE)
            strict = False
            continue
        while index < count and targets[index].evaluation_skips:
            skipping = targets[index]
            ages = skipping.evaluation_skip_ages
            if ages is not None:  # only age conditions (most skips): no context needed
                skip = skipped_at_age(ages, patient, dose.date)
            else:
                # The doses before this one: the context pairs `doses` with the evaluations
                # so far, which stop there, so the list need not be sliced.
                if context is None:
                    context = SkipContext(
                        patient, dose.date, doses, evaluations, previous, completed_groups
                    )
                else:
                    context.reference = dose.date
                    context.previous = previous
                skip = should_skip(skipping.evaluation_skips, context)
            if not skip:
                break
            evaluation.skipped = {*evaluation.skipped, skipping.number}
            index += 1
        if index >= count:
            evaluations.append(_SERIES_COMPLETE)
            previous = dose
            strict = False
            continue
        target = targets[index]
        result = evaluate_dose(target, evaluation, position, previous, patient, schedule, strict)
        evaluations.append(result)
        status = result.status
        if status is DOSE_VALID:
            satisfied[target.number] = dose
            valid_count += 1
            if not target.recurring:
                index += 1
            last_reference = dose
            strict = False
        elif status is DOSE_NOT_VALID:
            # Age comes first among the reasons, then interval: the first one tells.
            reason = result.reason
            strict = reason in (TOO_YOUNG, TOO_SOON)
            if reason == INADVERTENT:
                last_inadvertent = dose.date
            else:
                last_reference = dose
        else:
            strict = False
        previous = dose
    evaluation.valid_count = valid_count
    evaluation.target_index = index
    evaluation.last_reference = last_reference
    evaluation.last_inadvertent = last_inadvertent
    evaluation.last_dose = previous
    return evaluation
