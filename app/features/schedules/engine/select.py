"""Selection of the best patient series of an antigen (CDSi ch. 8)."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter

from app.features.schedules.engine.evaluate import SeriesEvaluation, evaluate_series
from app.features.schedules.engine.forecast import forecast_target
from app.features.schedules.engine.model import (
    Antigen,
    Schedule,
    Series,
    TargetDose,
    gender_matches,
)
from app.features.schedules.engine.patient import AntigenDose, Patient
from app.features.schedules.engine.results import (
    DOSE_SUB_STANDARD,
    DOSE_VALID,
    SERIES_AGED_OUT,
    SERIES_COMPLETE,
    Forecast,
    SeriesStatus,
)


@dataclass(slots=True)
class Candidate:
    """A relevant series with its evaluation, status and (computed on demand) forecast."""

    series: Series
    evaluation: SeriesEvaluation
    status: SeriesStatus
    target: TargetDose | None
    patient: Patient
    schedule: Schedule
    _forecast: Forecast | None = None

    def resolve(self) -> None:
        """Evaluate a deferred series' doses for real (its counts and status already hold)."""
        if self.evaluation.deferred:
            self.evaluation = evaluate_series(
                self.series, self.evaluation.doses, self.patient, self.schedule
            )

    def forecast(self) -> Forecast:
        """The forecast's dates, computed once and only for the candidates that need them
        (most series lose on status or valid doses alone)."""
        if self._forecast is None:
            if self.evaluation.deferred:
                self.resolve()
            known = self.evaluation.forecast_for
            if self.target is None:
                self._forecast = Forecast(self.status, series=self.series.name)
            elif known is not None and known[0] is self.target:
                self._forecast = known[1]
            else:
                self._forecast = forecast_target(self.evaluation, self.target, self.patient)
        return self._forecast


def relevant_series(antigen: Antigen, patient: Patient) -> Sequence[Series]:
    """Standard series, plus risk series the patient has an indication for (CDSi 8.1),
    in series-group order."""
    sex = patient.sex_code
    if not patient.observations:
        # No indication can apply (the usual case): only the standard series are relevant.
        return antigen.standard_for_sex.get(sex, antigen.standard_by_group)
    relevant = []
    on = patient.assessment_date
    for series in antigen.series_by_group:
        if not gender_matches(series, sex):
            continue
        if series.type == "standard":
            relevant.append(series)
            continue
        for indication in series.indications:
            if indication.code not in patient.observations:
                continue
            begin = patient.at_age(indication.begin_age)
            end = patient.at_age(indication.end_age)
            if (begin is None or on >= begin) and (end is None or on < end):
                relevant.append(series)
                break
    return relevant


def cannot_count(
    series: Series, doses: list[AntigenDose], given_cvx: AbstractSet[str], patient: Patient
) -> bool:
    """Whether no dose given (`given_cvx`: the CVX codes of `doses`) can satisfy the series'
    first target dose (no dose is of its vaccines, or an age rule in force for every dose
    puts the minimum age after the last one) and no conditional skip can pass over it. Such
    a series ends with no valid dose, still on its first target dose."""
    if not series.doses:
        return False
    target = series.doses[0]
    if target.skips:
        return False
    if not doses:
        return True
    # Only its preferable and allowable vaccines can satisfy a target dose.
    if target.vaccine_cvx.isdisjoint(given_cvx):
        return True
    first, last = doses[0].date, doses[-1].date
    for rule in target.ages:
        if (rule.effective and rule.effective > first) or (
            rule.cessation and rule.cessation <= last
        ):
            continue
        minimum = patient.at_age(rule.lenient_min)
        if minimum and minimum > last:
            return True
    return False


def can_start(series: Series, patient: Patient) -> bool:
    """Whether the assessment date is within the series' start ages."""
    begin = patient.at_age(series.min_age_to_start)
    end = patient.at_age(series.max_age_to_start)
    on = patient.assessment_date
    return (begin is None or on >= begin) and (end is None or on < end)


_DOSE_DATE = attrgetter("date")


# The logic specification's 4-day grace period, also granted on a series' minimum age to
# start (which, unlike a target dose's ages, has no "absolute" variant in the data): a
# Heplisav-B dose at 18 years - 4 days, valid for the Heplisav-B series, starts it (CDSi test
# case 2018-0019).
_START_GRACE = timedelta(days=4)


def _started_in_window(candidate: Candidate, patient: Patient) -> bool:
    """Whether the series' first valid dose was given within its start ages."""
    satisfied = candidate.evaluation.satisfied
    if not satisfied:
        return False
    first = min(map(_DOSE_DATE, satisfied.values()))
    begin = patient.at_age(candidate.series.min_age_to_start)
    end = patient.at_age(candidate.series.max_age_to_start)
    return (begin is None or first >= begin - _START_GRACE) and (end is None or first < end)


def _started_too_late(candidate: Candidate, patient: Patient) -> bool:
    """Whether the series' first valid dose was given on or after its maximum age to start."""
    satisfied = candidate.evaluation.satisfied
    end = patient.at_age(candidate.series.max_age_to_start)
    return bool(satisfied) and end is not None and min(map(_DOSE_DATE, satisfied.values())) >= end


def _product_doses_only(candidate: Candidate) -> bool:
    """A product series earns its point only when it has a valid dose and every dose
    evaluated against one of its target doses is a preferable vaccine of that target dose
    (its product): a product series is the path for a child given that product alone, so
    a PRP-T dose before a PRP-OMP one rules the Hib PRP-OMP series out (CDSi test case
    2013-0348; the logic specification's in-process scoring asks whether a product series
    has its doses of the product)."""
    evaluation = candidate.evaluation
    targets = candidate.series.doses
    any_valid = False
    for dose, result in zip(evaluation.doses, evaluation.evaluations, strict=True):
        number = result.target_dose
        if number is None or result.status is DOSE_SUB_STANDARD:
            continue
        if not any(v.cvx == dose.cvx for v in targets[number - 1].preferable):
            return False
        any_valid = any_valid or result.status is DOSE_VALID
    return any_valid


def _score(candidates: list[Candidate], complete: bool) -> list[int]:
    """Points per candidate (CDSi tables for complete and in-process series)."""
    scores = [0] * len(candidates)
    most_valid = max([c.evaluation.valid_count for c in candidates])
    for i, candidate in enumerate(candidates):
        if candidate.series.product_path:
            scores[i] += 1 if _product_doses_only(candidate) else -1
        if candidate.evaluation.valid_count == most_valid:
            scores[i] += 1
    if complete:
        # Completed series compete on product and valid doses only (CDSi 8.3).
        return scores
    remaining = [len(c.series.doses) - c.evaluation.target_index for c in candidates]
    fewest = min(remaining)
    not_aged = [c.status is not SERIES_AGED_OUT for c in candidates]
    earliest_next: list[float] = []
    for candidate in candidates:
        earliest = candidate.forecast().earliest
        earliest_next.append(earliest.toordinal() if earliest else float("inf"))
    soonest = min(earliest_next)
    for i in range(len(candidates)):
        scores[i] += 1 if not_aged[i] else -1
        if remaining[i] == fewest:
            scores[i] += 1
        if earliest_next[i] == soonest:
            scores[i] += 1
    return scores


def _best_by_score(candidates: list[Candidate], complete: bool) -> Candidate:
    if len(candidates) == 1:
        return candidates[0]
    scores = _score(candidates, complete)
    top = max(scores)
    tied = [c for c, s in zip(candidates, scores, strict=True) if s == top]
    return min(tied, key=lambda c: c.series.preference)


def best_in_group(candidates: list[Candidate], patient: Patient) -> Candidate:
    """Best series of one series group."""
    if len(candidates) == 1:
        return candidates[0]
    complete: list[Candidate] = []
    in_process: list[Candidate] = []
    for candidate in candidates:
        if candidate.status is SERIES_COMPLETE:
            complete.append(candidate)
        if candidate.evaluation.valid_count > 0:
            in_process.append(candidate)
    if complete:
        # A series completed though started past its maximum age to start does not count
        # when another series was started in time (COVID-19: an adult does not complete the
        # 6mo-23mo series; HPV: the 2-dose series is for those starting before 15, CDSi test
        # cases 2025-0106, 2013-0467); one started early still does (three HPV doses from
        # age 11 complete the 3-dose series, 2013-0445).
        in_time = [c for c in complete if not _started_too_late(c, patient)]
        if in_time:
            in_window = [c for c in in_time if _started_in_window(c, patient)]
            return _best_by_score(in_window or in_time, True)
    # A series whose first valid dose falls outside its start ages (the supporting data's
    # minimum/maximum age to start) was not really started.
    started = [c for c in in_process if _started_in_window(c, patient)]
    if complete and not started:
        return _best_by_score(complete, True)
    if in_process:
        return _best_by_score(started or in_process, False)
    defaults = [c for c in candidates if c.series.default]
    if defaults:
        return defaults[0]
    startable = [
        c for c in candidates if not c.series.product_path and can_start(c.series, patient)
    ]
    return min(startable or candidates, key=lambda c: c.series.preference)


def best_series(candidates: list[Candidate], patient: Patient) -> Candidate:
    """Best series of an antigen: the best of each series group, then across groups."""
    if len(candidates) == 1:
        return candidates[0]
    # The candidates come in series-group order (relevant_series): the first and the last
    # in one group means one series group (most antigens), nothing to rank across groups.
    if candidates[0].series.group == candidates[-1].series.group:
        return best_in_group(candidates, patient)
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.series.group, []).append(candidate)
    bests = [best_in_group(group, patient) for group in groups.values()]
    if len(bests) == 1:
        return bests[0]  # one series group (most antigens): nothing to rank

    def rank(candidate: Candidate) -> tuple[int, int, int, str, str]:
        status = candidate.status
        progress = 0 if status is SERIES_COMPLETE else 1 if candidate.evaluation.valid_count else 2
        startable = 0 if can_start(candidate.series, patient) else 1
        aged = 1 if status is SERIES_AGED_OUT else 0
        return (progress, aged, startable, candidate.series.priority, candidate.series.group)

    return min(bests, key=rank)
