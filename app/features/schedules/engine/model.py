"""Dataclasses for a loaded CDSi schedule and for the engine's inputs and outputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from app.features.schedules.engine.dates import Duration

# --- the schedule (supporting data) -------------------------------------------------

T = TypeVar("T")


def _derived(default: T) -> T:
    """A field the loader fills from other parts of the schedule: not compared or shown."""
    return field(default=default, compare=False, hash=False, repr=False)


def _computed() -> Any:
    """A field derived from the others in __post_init__: not an argument, compared or shown."""
    return field(init=False, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class AgeRule:
    """Ages of a target dose, valid for doses given within [effective, cessation)."""

    abs_min: Duration | None = None
    min: Duration | None = None
    earliest_rec: Duration | None = None
    latest_rec: Duration | None = None
    max: Duration | None = None
    effective: date | None = None
    cessation: date | None = None


@dataclass(frozen=True, slots=True)
class IntervalRule:
    """An interval from a reference dose (previous, a target dose or the most recent of types)."""

    from_previous: bool = False
    from_target_dose: int | None = None
    from_most_recent: frozenset[str] = frozenset()
    from_observation: str | None = None
    abs_min: Duration | None = None
    min: Duration | None = None
    earliest_rec: Duration | None = None
    latest_rec: Duration | None = None
    priority: str | None = None
    effective: date | None = None
    cessation: date | None = None


@dataclass(frozen=True, slots=True)
class VaccineRule:
    """A preferable or allowable vaccine type and the ages it may be given at."""

    cvx: str
    begin_age: Duration | None = None
    end_age: Duration | None = None
    mvx: str | None = None
    trade_name: str | None = None
    forecast: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a conditional-skip set."""

    type: str
    start_date: date | None = None
    end_date: date | None = None
    begin_age: Duration | None = None
    end_age: Duration | None = None
    interval: Duration | None = None
    dose_count: int = 0
    dose_type: str = "total"
    dose_count_logic: str = "greater than"
    cvx: frozenset[str] = frozenset()
    series_groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkipSet:
    """Conditions joined by AND or OR."""

    description: str
    logic: str
    conditions: tuple[Condition, ...]
    effective: date | None = None
    cessation: date | None = None


@dataclass(frozen=True, slots=True)
class ConditionalSkip:
    """When a target dose need not be given ('evaluation', 'forecast' or 'both')."""

    context: str
    set_logic: str
    sets: tuple[SkipSet, ...]


@dataclass(frozen=True, slots=True)
class LiveVirusConflict:
    """A live vaccine given too soon after another live vaccine is not valid."""

    previous: str
    current: str
    begin: Duration
    min_end: Duration
    end: Duration


@dataclass(frozen=True, slots=True)
class TargetDose:
    """One dose of a series: the rules a dose must meet to satisfy it."""

    number: int
    ages: tuple[AgeRule, ...]
    intervals: tuple[IntervalRule, ...]
    allowable_intervals: tuple[IntervalRule, ...]
    preferable: tuple[VaccineRule, ...]
    allowable: tuple[VaccineRule, ...]
    inadvertent: frozenset[str]
    skips: tuple[ConditionalSkip, ...]
    recurring: bool = False
    season_start: date | None = None
    season_end: date | None = None
    # Filled by the loader from the schedule's live virus conflicts (of preferable vaccines).
    live_conflicts: tuple[LiveVirusConflict, ...] = _derived(())
    # Derived from the fields above on construction, so the engine need not recompute them
    # for every dose and series; not in the data file, not compared.
    vaccine_types: tuple[str, ...] = _computed()  # what the forecast recommends
    vaccines_by_cvx: Mapping[str, tuple[VaccineRule, ...]] = _computed()  # preferable first
    evaluation_skips: tuple[ConditionalSkip, ...] = _computed()  # skips in evaluation context
    forecast_skips: tuple[ConditionalSkip, ...] = _computed()  # skips in forecast context

    def __post_init__(self) -> None:
        """Derive the per-target lookups (object.__setattr__: the class is frozen)."""
        preferable = self.preferable
        flagged = tuple(v.cvx for v in preferable if v.forecast)
        object.__setattr__(self, "vaccine_types", flagged or tuple(v.cvx for v in preferable))
        by_cvx: dict[str, tuple[VaccineRule, ...]] = {}
        for rule in preferable + self.allowable:
            by_cvx[rule.cvx] = (*by_cvx.get(rule.cvx, ()), rule)
        object.__setattr__(self, "vaccines_by_cvx", by_cvx)
        # A skip with no set never applies.
        active = [s for s in self.skips if s.sets]
        evaluation = tuple(s for s in active if s.context in ("evaluation", "both"))
        object.__setattr__(self, "evaluation_skips", evaluation)
        forecast = tuple(s for s in active if s.context in ("forecast", "both"))
        object.__setattr__(self, "forecast_skips", forecast)


@dataclass(frozen=True, slots=True)
class Indication:
    """An observation that makes a risk series relevant between two ages."""

    code: str
    begin_age: Duration | None = None
    end_age: Duration | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """An antigen series (a path of target doses) and how it competes with the others."""

    name: str
    antigen: str
    type: str
    vaccine_group: str
    gender: str | None
    equivalent_groups: tuple[str, ...]
    default: bool
    product_path: bool
    group: str
    priority: str
    preference: int
    min_age_to_start: Duration | None
    max_age_to_start: Duration | None
    indications: tuple[Indication, ...]
    doses: tuple[TargetDose, ...]


@dataclass(frozen=True, slots=True)
class Contraindication:
    """An observation that contraindicates the antigen (or only some vaccine types)."""

    code: str
    begin_age: Duration | None = None
    end_age: Duration | None = None
    cvx: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Antigen:
    """An antigen's series, immunity and contraindications."""

    name: str
    series: tuple[Series, ...]
    immunity_observations: frozenset[str] = frozenset()
    immune_if_born_before: date | None = None
    immunity_birth_exclusions: frozenset[str] = frozenset()
    contraindications: tuple[Contraindication, ...] = ()
    vaccine_contraindications: tuple[Contraindication, ...] = ()
    # Derived on construction: the series ordered by series group (the evaluation order).
    series_by_group: tuple[Series, ...] = _computed()
    # ... and only its standard series: all that is relevant to a patient with no observation.
    standard_by_group: tuple[Series, ...] = _computed()

    def __post_init__(self) -> None:
        """Order the series by group; a stable sort keeps the data's order within a group."""
        by_group = tuple(sorted(self.series, key=lambda s: s.group))
        object.__setattr__(self, "series_by_group", by_group)
        standard = tuple(s for s in by_group if s.type == "standard")
        object.__setattr__(self, "standard_by_group", standard)


@dataclass(frozen=True, slots=True)
class CvxAntigen:
    """A CVX code's association with an antigen, optionally limited to an age range."""

    antigen: str
    begin_age: Duration | None = None
    end_age: Duration | None = None


@dataclass(frozen=True, slots=True)
class Cvx:
    """A vaccine product type (CVX) and the antigens it protects against."""

    code: str
    name: str
    antigens: tuple[CvxAntigen, ...]
    vaccine_groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VaccineGroup:
    """A vaccine group (e.g. 'MMR') and its antigens."""

    name: str
    antigens: tuple[str, ...]
    administer_full: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    """A whole loaded schedule."""

    code: str
    name: str
    source: str
    version: str
    vaccine_groups: dict[str, VaccineGroup]
    cvx: dict[str, Cvx]
    conflicts_by_current: dict[str, tuple[LiveVirusConflict, ...]]
    antigens: dict[str, Antigen]


# --- inputs and outputs --------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class AdministeredDose:
    """A dose in the child's history."""

    date_administered: date
    cvx: str
    mvx: str | None = None
    sub_standard: bool = False


@dataclass(slots=True)
class DoseEvaluation:
    """The evaluation of one dose for one antigen (or one vaccine group)."""

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
