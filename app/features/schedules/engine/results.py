"""The engine's inputs and outputs: doses administered, evaluations, forecasts, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DoseStatus(StrEnum):
    """Evaluation status of a dose administered."""

    VALID = "valid"
    NOT_VALID = "not_valid"
    EXTRANEOUS = "extraneous"
    SUB_STANDARD = "sub_standard"


class SeriesStatus(StrEnum):
    """Status of a patient series or a vaccine group."""

    NOT_COMPLETE = "not_complete"
    COMPLETE = "complete"
    AGED_OUT = "aged_out"
    IMMUNE = "immune"
    CONTRAINDICATED = "contraindicated"
    NOT_RECOMMENDED = "not_recommended"


# The members again as plain module constants, for the engine's hot paths: in Python 3.11
# reading `DoseStatus.VALID` goes through the enum metaclass's attribute hook (~0.5 µs,
# measured, against ~0.03 µs for a global), and a forecast reads them hundreds of times.
DOSE_VALID = DoseStatus.VALID
DOSE_NOT_VALID = DoseStatus.NOT_VALID
DOSE_EXTRANEOUS = DoseStatus.EXTRANEOUS
DOSE_SUB_STANDARD = DoseStatus.SUB_STANDARD
SERIES_NOT_COMPLETE = SeriesStatus.NOT_COMPLETE
SERIES_COMPLETE = SeriesStatus.COMPLETE
SERIES_AGED_OUT = SeriesStatus.AGED_OUT
SERIES_IMMUNE = SeriesStatus.IMMUNE
SERIES_CONTRAINDICATED = SeriesStatus.CONTRAINDICATED
SERIES_NOT_RECOMMENDED = SeriesStatus.NOT_RECOMMENDED


@dataclass(frozen=True, slots=True)
class AdministeredDose:
    """A dose in the child's history."""

    date_administered: date
    cvx: str
    mvx: str | None = None
    sub_standard: bool = False


# Why a dose is not valid (or extraneous): the CDSi evaluation reasons.
TOO_YOUNG = "Age: Too Young"
TOO_OLD = "Age: Too Old"
TOO_SOON = "Interval: too Soon"
LIVE_VIRUS = "Live Virus Conflict"
INADVERTENT = "Inadvertent Vaccine"
NOT_ALLOWED = "Not a preferable or allowable vaccine"
COMPLETE = "Series Already Complete"
SUB_STANDARD = "Sub-standard dose"


@dataclass(frozen=True, slots=True)
class DoseEvaluation:
    """The evaluation of one dose for one antigen (or one vaccine group); frozen, so the
    engine can hand out the few outcomes of each target dose made once, on load."""

    status: DoseStatus
    reason: str | None = None
    target_dose: int | None = None
    series: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(slots=True)
class Forecast:
    """Next dose of a series (or a vaccine group); dates are None when nothing is due."""

    status: SeriesStatus
    dose_number: int | None = None
    earliest: date | None = None
    recommended: date | None = None
    past_due: date | None = None
    latest: date | None = None
    series: str | None = None
    vaccine_types: tuple[str, ...] = ()

    def copy(self) -> Forecast:
        """A shallow copy (copy.copy goes through __reduce_ex__: slow for a slotted class)."""
        return Forecast(
            self.status,
            self.dose_number,
            self.earliest,
            self.recommended,
            self.past_due,
            self.latest,
            self.series,
            self.vaccine_types,
        )


@dataclass(slots=True)
class AntigenResult:
    """Best series of one antigen: per-dose evaluations (by history index) and forecast."""

    antigen: str
    forecast: Forecast
    evaluations: dict[int, DoseEvaluation] = field(default_factory=dict)


@dataclass(slots=True)
class GroupResult:
    """A vaccine group's combined evaluation and forecast."""

    vaccine_group: str
    forecast: Forecast
    evaluations: dict[int, DoseEvaluation] = field(default_factory=dict)
    antigens: tuple[AntigenResult, ...] = ()


@dataclass(slots=True)
class Result:
    """Everything the engine says about one child on one assessment date."""

    assessment_date: date
    groups: dict[str, GroupResult]
