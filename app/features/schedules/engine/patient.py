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
    _age_dates: dict[Duration, date] = field(default_factory=dict)
    # Status of each history dose in its antigens' best series, for live virus conflicts.
    live_status: dict[int, DoseEvaluation] = field(default_factory=dict)
    _dates_by_cvx: dict[str, list[date]] | None = None

    def dates_by_cvx(self) -> dict[str, list[date]]:
        """Dates each CVX code was given (for live virus conflicts), computed once."""
        if self._dates_by_cvx is None:
            found: dict[str, list[date]] = {}
            for dose in self.history:
                found.setdefault(dose.cvx, []).append(dose.date_administered)
            self._dates_by_cvx = found
        return self._dates_by_cvx

    def at_age(self, age: Duration | None) -> date | None:
        """Date on which the patient reaches an age (memoised: ages repeat across series)."""
        if age is None:
            return None
        found = self._age_dates.get(age)
        if found is None:
            found = add_duration(self.dob, age)
            self._age_dates[age] = found
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
