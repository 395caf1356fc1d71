"""The patient as the engine sees it: birth date, sex, history by antigen, memoised age dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.features.schedules.engine.dates import Duration, add_duration
from app.features.schedules.engine.model import AdministeredDose, DoseEvaluation, Schedule


@dataclass(slots=True)
class AntigenDose:
    """A dose administered, as seen by one antigen (index = position in the history)."""

    index: int
    date: date
    cvx: str
    mvx: str | None
    sub_standard: bool


@dataclass(slots=True)
class Patient:
    """Inputs of one assessment plus caches shared by every antigen and series."""

    dob: date
    sex: str
    assessment_date: date
    observations: frozenset[str]
    history: tuple[AdministeredDose, ...]
    # Seeded with "no age, no date" so the many rules without a given age cost one lookup.
    _age_dates: dict[Duration | None, date | None] = field(default_factory=lambda: {None: None})
    # The same dose date plus the same interval recurs across series and target doses.
    _shifted: dict[tuple[date, Duration], date] = field(default_factory=dict)
    # Status of each history dose in its antigens' best series, for live virus conflicts.
    live_status: dict[int, DoseEvaluation] = field(default_factory=dict)
    _given_by_cvx: dict[str, list[tuple[int, date]]] | None = None

    def given_by_cvx(self) -> dict[str, list[tuple[int, date]]]:
        """History index and date of each dose, by CVX code (for live virus conflicts)."""
        if self._given_by_cvx is None:
            found: dict[str, list[tuple[int, date]]] = {}
            for index, dose in enumerate(self.history):
                found.setdefault(dose.cvx, []).append((index, dose.date_administered))
            self._given_by_cvx = found
        return self._given_by_cvx

    def at_age(self, age: Duration | None) -> date | None:
        """Date on which the patient reaches an age (memoised: ages repeat across series)."""
        try:
            return self._age_dates[age]
        except KeyError:
            assert age is not None  # None is in the cache from the start
            found = self._age_dates[age] = add_duration(self.dob, age)
            return found

    def shift(self, day: date, duration: Duration) -> date:
        """A date plus a duration (memoised for this assessment)."""
        key = (day, duration)
        found = self._shifted.get(key)
        if found is None:
            found = add_duration(day, duration)
            self._shifted[key] = found
        return found

    def by_antigen(self, schedule: Schedule) -> dict[str, list[AntigenDose]]:
        """Organise the history by antigen through the CVX map, ordered by date."""
        result: dict[str, list[AntigenDose]] = {}
        order = sorted(range(len(self.history)), key=lambda i: self.history[i].date_administered)
        for index in order:
            dose = self.history[index]
            cvx = schedule.cvx.get(dose.cvx)
            if cvx is None:
                continue
            for association in cvx.antigens:
                begin = self.at_age(association.begin_age)
                end = self.at_age(association.end_age)
                given = dose.date_administered
                # Some CVX codes count for an antigen only when given within an age range.
                if (begin and given < begin) or (end and given >= end):
                    continue
                result.setdefault(association.antigen, []).append(
                    AntigenDose(index, given, dose.cvx, dose.mvx, dose.sub_standard)
                )
        return result
