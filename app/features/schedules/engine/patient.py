"""The patient as the engine sees it: birth date, sex, history by antigen, memoised age dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from app.features.schedules.engine.dates import Duration, add_duration
from app.features.schedules.engine.model import (
    Schedule,
    sex_code,
)
from app.features.schedules.engine.results import (
    AdministeredDose,
    DoseEvaluation,
)


@dataclass(slots=True)
class AntigenDose:
    """A dose administered, as seen by one antigen (index = position in the history)."""

    index: int
    date: date
    cvx: str
    mvx: str | None
    sub_standard: bool
    live: bool  # a live vaccine that may conflict with earlier ones (schedule.conflicts_by_pair)


class AgeDates(dict[Duration | None, date | None]):
    """Birth date + age, computed the first time an age is asked for (ages repeat across
    series and target doses); no age is no date."""

    def __init__(self, dob: date) -> None:
        super().__init__({None: None})
        self.dob = dob

    def __missing__(self, age: Duration) -> date:
        found = self[age] = add_duration(self.dob, age)
        return found


class ShiftedDates(dict[tuple[date, Duration], date]):
    """Date + interval, computed the first time (the same dose date plus the same interval
    recurs across series, target doses and children)."""

    def __missing__(self, key: tuple[date, Duration]) -> date:
        if len(self) >= _MAX_SHIFTED:
            self.clear()  # bounded: start again rather than grow without limit
        found = self[key] = add_duration(*key)
        return found


# Date arithmetic is a pure function of its inputs, and the same child is forecast again
# and again (its record, each dose recorded, reminders, reports), so the dates found are
# kept across forecasts: age dates per birth date, and "date + interval" for every date.
# Both are bounded (emptied when full; a dict's single operations are atomic, so threads
# sharing them at worst compute a date twice).
_MAX_BIRTH_DATES = 256  # about 150 ages each
_MAX_SHIFTED = 20_000
_AGES_BY_BIRTH_DATE: dict[date, AgeDates] = {}
_SHIFTED = ShiftedDates()


def age_dates(dob: date) -> AgeDates:
    """The age dates of a birth date (kept across forecasts)."""
    ages = _AGES_BY_BIRTH_DATE.get(dob)
    if ages is None:
        if len(_AGES_BY_BIRTH_DATE) >= _MAX_BIRTH_DATES:
            _AGES_BY_BIRTH_DATE.clear()
        ages = _AGES_BY_BIRTH_DATE[dob] = AgeDates(dob)
    return ages


@dataclass(slots=True)
class Patient:
    """Inputs of one assessment plus caches shared by every antigen and series."""

    dob: date
    sex: str
    assessment_date: date
    observations: frozenset[str]
    history: tuple[AdministeredDose, ...]
    # The vaccines an earlier live dose can be of (Schedule.live_previous): only their doses
    # are looked through for live virus conflicts; None: every dose.
    live_previous: frozenset[str] | None = None
    # Status of each history dose in its antigens' best series, for live virus conflicts.
    live_status: dict[int, DoseEvaluation] = field(default_factory=dict)
    _given_by_cvx: dict[str, list[tuple[int, date]]] | None = None
    # at_age(age) runs hundreds of times per forecast, mostly for an age already known: it
    # is the cache's own lookup (a C call, no Python frame).
    at_age: Callable[[Duration | None], date | None] = field(init=False, repr=False)
    # shifted[day, interval]: the date an interval after a day (one cache for every patient).
    shifted: ClassVar[ShiftedDates] = _SHIFTED
    sex_code: str = field(init=False)  # 'f', 'm' or unknown, for gender-specific series

    def __post_init__(self) -> None:
        """Set up the memoised age dates and the sex code for this assessment."""
        self.at_age = age_dates(self.dob).__getitem__
        self.sex_code = sex_code(self.sex)

    def given_by_cvx(self) -> dict[str, list[tuple[int, date]]]:
        """History index and date of each dose that can conflict with a later live dose, by
        CVX code (for live virus conflicts)."""
        if self._given_by_cvx is None:
            found: dict[str, list[tuple[int, date]]] = {}
            keep = self.live_previous
            for index, dose in enumerate(self.history):
                if keep is None or dose.cvx in keep:
                    found.setdefault(dose.cvx, []).append((index, dose.date_administered))
            self._given_by_cvx = found
        return self._given_by_cvx

    def by_antigen(self, schedule: Schedule) -> dict[str, list[AntigenDose]]:
        """Organise the history by antigen through the CVX map, ordered by date."""
        result: dict[str, list[AntigenDose]] = {}
        history = self.history
        at_age = self.at_age
        live = schedule.conflicts_by_pair
        dates = [dose.date_administered for dose in history]
        order = sorted(range(len(history)), key=dates.__getitem__)
        for index in order:
            dose = history[index]
            cvx = schedule.cvx.get(dose.cvx)
            if cvx is None:
                continue
            given = dose.date_administered
            # One object for every antigen of the dose: nothing changes it once made.
            seen = AntigenDose(
                index, given, dose.cvx, dose.mvx, dose.sub_standard, dose.cvx in live
            )
            for antigen in cvx.antigens_at_any_age:
                result.setdefault(antigen, []).append(seen)
            for association in cvx.antigens_by_age:
                begin = at_age(association.begin_age)
                end = at_age(association.end_age)
                # Some CVX codes count for an antigen only when given within an age range.
                if (begin and given < begin) or (end and given >= end):
                    continue
                result.setdefault(association.antigen, []).append(seen)
        return result
