"""Vaccine group results from the antigens' best series (CDSi ch. 9)."""

from __future__ import annotations

from app.features.schedules.engine.model import (
    VaccineGroup,
)
from app.features.schedules.engine.results import (
    DOSE_EXTRANEOUS,
    DOSE_NOT_VALID,
    DOSE_SUB_STANDARD,
    DOSE_VALID,
    SERIES_AGED_OUT,
    SERIES_COMPLETE,
    SERIES_CONTRAINDICATED,
    SERIES_IMMUNE,
    SERIES_NOT_COMPLETE,
    SERIES_NOT_RECOMMENDED,
    AntigenResult,
    DoseEvaluation,
    Forecast,
    GroupResult,
    SeriesStatus,
)

# When antigens of one dose disagree, the most severe status speaks for the group; but a
# dose valid for one antigen and only extraneous (not needed, nothing to repeat) for another
# counts for the group: e.g. a Tdap decennial booster, valid for diphtheria and tetanus,
# after a completed pertussis series (CDSi test case 2020-0002; the logic specification
# leaves a group's dose status to the implementation).
_SEVERITY = {
    DOSE_NOT_VALID: 0,
    DOSE_SUB_STANDARD: 1,
    DOSE_VALID: 2,
    DOSE_EXTRANEOUS: 3,
}


def combine_evaluations(results: list[AntigenResult]) -> dict[int, DoseEvaluation]:
    """One evaluation per dose for the group: the most severe of its antigens'."""
    if len(results) == 1:
        return dict(results[0].evaluations)
    combined: dict[int, DoseEvaluation] = {}
    for result in results:
        for index, evaluation in result.evaluations.items():
            current = combined.get(index)
            if current is None or _SEVERITY[evaluation.status] < _SEVERITY[current.status]:
                combined[index] = evaluation
    return combined


def _group_status(statuses: set[SeriesStatus]) -> SeriesStatus:
    if not statuses:
        return SERIES_NOT_RECOMMENDED
    if SERIES_NOT_COMPLETE in statuses:
        return SERIES_NOT_COMPLETE
    if SERIES_CONTRAINDICATED in statuses:
        return SERIES_CONTRAINDICATED
    if len(statuses) == 1:
        # Every antigen agrees (immune, aged out, not recommended or complete).
        return next(iter(statuses))
    if SERIES_COMPLETE in statuses or SERIES_IMMUNE in statuses:
        return SERIES_COMPLETE
    return SERIES_AGED_OUT


def combine_forecasts(results: list[AntigenResult], administer_full: bool) -> Forecast:
    """Group forecast: when every antigen must be given together (e.g. MMR) the latest
    earliest and recommended dates, otherwise (DTaP/Tdap/Td) the first antigen due leads."""
    if len(results) == 1:
        # One antigen (most groups): its forecast is the group's, as a copy so the two
        # results do not share one mutable object; a group with nothing due keeps only the
        # status.
        only = results[0].forecast
        return only.copy() if only.status is SERIES_NOT_COMPLETE else Forecast(only.status)
    status = _group_status({r.forecast.status for r in results})
    due = [r.forecast for r in results if r.forecast.status is SERIES_NOT_COMPLETE]
    if status is not SERIES_NOT_COMPLETE or not due:
        return Forecast(status)
    if len(due) == 1:
        # One antigen due (most groups): its forecast is the group's, as a copy so the two
        # results do not share one mutable object.
        return due[0].copy()
    # A vaccine given in full (MMR) can be given once every antigen may be (the latest
    # earliest date), and is recommended as soon as one antigen is (the earliest
    # recommended date, never before the earliest date): logic specification ch. 9.
    earliest = (max if administer_full else min)(f.earliest for f in due if f.earliest)
    recommended = min(f.recommended for f in due if f.recommended)
    if not administer_full:
        # The antigen due first (e.g. tetanus before pertussis) names the dose.
        due.sort(key=lambda f: (f.earliest or earliest, f.recommended or recommended))
    past_dues = [f.past_due for f in due if f.past_due]
    latests = [f.latest for f in due if f.latest]
    past_due = min(past_dues) if past_dues else None
    # A past-due date earlier than the recommended one is kept: the child is already late.
    return Forecast(
        SERIES_NOT_COMPLETE,
        dose_number=due[0].dose_number,
        earliest=earliest,
        recommended=max(recommended, earliest),
        past_due=past_due,
        latest=min(latests) if latests else None,
        series=due[0].series,
        vaccine_types=due[0].vaccine_types,
    )


def group_result(group: VaccineGroup, results: list[AntigenResult]) -> GroupResult:
    """Combine the antigens of a vaccine group."""
    if len(results) == 1:
        # One antigen (most groups): its results are the group's, without the two calls
        # (the forecast as a copy, as combine_forecasts makes it).
        only = results[0]
        forecast = only.forecast
        return GroupResult(
            group.name,
            forecast.copy()
            if forecast.status is SERIES_NOT_COMPLETE
            else Forecast(forecast.status),
            dict(only.evaluations),
            (only,),
        )
    return GroupResult(
        vaccine_group=group.name,
        forecast=combine_forecasts(results, group.administer_full),
        evaluations=combine_evaluations(results),
        antigens=tuple(results),
    )
