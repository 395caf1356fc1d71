"""A child's concern periods: which concern leads the clinic's list on which days.

Pure logic, like `rules.py`. With the observations fixed, a child's concerns change only
with the passing of days, and only in a few ways: an item's concern starts (and, the rules
being monotonic, then holds), corrected age stops at 24 months (the dates concerns count
from move), and everything ends at six years. So the most urgent concern (the child's
place in the list) is constant over a handful of periods that can be computed once, when
an observation or the child's profile changes, and stored: the list and the count are
then indexed queries for "the period that contains today", with no write as days pass.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.features.milestones.rules import (
    SURVEILLANCE_END_MONTHS,
    Concern,
    ItemState,
    ItemSummary,
    MilestoneItem,
    Onset,
    assess_age,
    concern_onset,
    corrected_until,
)
from app.shared.time import add_months


@dataclass(frozen=True)
class ConcernPeriod:
    """The child's most urgent concern (`lead`) from `starts_on` to the day before `ends_on`."""

    starts_on: date
    ends_on: date
    lead: Concern


def _countings(date_of_birth: date, gestational_age_weeks: int | None) -> list[tuple[date, date]]:
    """The spans over which the age counts from one date: corrected, then chronological."""
    end = add_months(date_of_birth, SURVEILLANCE_END_MONTHS)
    switch = corrected_until(date_of_birth, gestational_age_weeks)
    if switch is None:
        return [(date_of_birth, end)]
    return [(date_of_birth, switch), (switch, end)]


def concern_periods(
    items: Iterable[MilestoneItem],
    summaries: Mapping[str, ItemSummary | ItemState],
    date_of_birth: date,
    gestational_age_weeks: int | None,
) -> list[ConcernPeriod]:
    """Consecutive periods with the most urgent concern of each, from birth to six years.

    On every day `d`, the period containing `d` (if any) leads with exactly
    `concerns_for(items, summaries, assess_age(date_of_birth, gestational_age_weeks, d))[0]`.
    """
    items = list(items)
    periods: list[ConcernPeriod] = []
    for first, stop in _countings(date_of_birth, gestational_age_weeks):
        age = assess_age(date_of_birth, gestational_age_weeks, first)
        onsets: list[Onset] = []
        for item in items:
            onset = concern_onset(item, summaries.get(item.code), age)
            if onset is not None and onset.day < stop:
                onsets.append(Onset(max(onset.day, first), onset.concern))
        onsets.sort(key=lambda o: (o.day, o.concern.urgency))
        lead: Concern | None = None
        for onset in onsets:
            # Concerns only accumulate within one counting: the lead changes when a more
            # urgent one starts (ties on a day are sorted most urgent first).
            if lead is not None and onset.concern.urgency >= lead.urgency:
                continue
            lead = onset.concern
            _close_last(periods, onset.day)
            periods.append(ConcernPeriod(onset.day, stop, lead))
        _close_last(periods, stop)
    return _merged(periods)


def _close_last(periods: list[ConcernPeriod], day: date) -> None:
    """End the last period on `day` (a period that would be empty is dropped)."""
    if not periods or periods[-1].ends_on <= day:
        return
    last = periods.pop()
    if last.starts_on < day:
        periods.append(ConcernPeriod(last.starts_on, day, last.lead))


def _merged(periods: list[ConcernPeriod]) -> list[ConcernPeriod]:
    """Adjacent periods with the same lead as one (e.g. a loss of skill across 24 months)."""
    merged: list[ConcernPeriod] = []
    for period in periods:
        if merged and merged[-1].ends_on == period.starts_on and merged[-1].lead == period.lead:
            merged[-1] = ConcernPeriod(merged[-1].starts_on, period.ends_on, period.lead)
        else:
            merged.append(period)
    return merged


def period_on(periods: Iterable[ConcernPeriod], day: date) -> ConcernPeriod | None:
    """The period that contains `day`, if any."""
    return next((p for p in periods if p.starts_on <= day < p.ends_on), None)
