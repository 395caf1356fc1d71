"""Dataclasses for a loaded CDSi schedule (the inputs and outputs are in results.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from app.features.schedules.engine.dates import Duration

# The inputs and outputs live in results.py; these two are re-exported for the code outside
# the engine that imports them from here.
from app.features.schedules.engine.results import AdministeredDose as AdministeredDose
from app.features.schedules.engine.results import SeriesStatus as SeriesStatus

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
    # Derived: the skip's one condition when it is a single age condition (one set, no
    # effective/cessation dates) - most skips are - so it is checked without the set logic.
    single_age: Condition | None = _computed()  # noqa: RUF009 (a frozen dataclass)

    def __post_init__(self) -> None:
        """Find out whether the skip is a single age condition."""
        single = None
        if len(self.sets) == 1:
            only = self.sets[0]
            if (
                len(only.conditions) == 1
                and only.conditions[0].type == "age"
                and only.effective is None
                and only.cessation is None
            ):
                single = only.conditions[0]
        object.__setattr__(self, "single_age", single)


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
    # Whether some rule is bounded by effective/cessation dates: only then must the rules in
    # force on a date be picked out (most targets: no date bound, the tuple is used as is).
    dated_ages: bool = _computed()
    dated_intervals: bool = _computed()
    dated_allowable_intervals: bool = _computed()
    # The live conflicts as "earlier live vaccine -> distinct ends of its conflict", so the
    # forecast looks up the few vaccines the child had instead of every conflicting pair.
    conflict_ends: Mapping[str, tuple[Duration, ...]] = _computed()
    # What a forecast-time skip could newly pass on a date later than the assessment date:
    # the begin ages of its age conditions, or None when it has an interval condition
    # (always worth checking again); an empty tuple: nothing (see forecast.next_target).
    later_skip_ages: tuple[Duration | None, ...] | None = _computed()

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
        object.__setattr__(self, "dated_ages", _dated(self.ages))
        object.__setattr__(self, "dated_intervals", _dated(self.intervals))
        object.__setattr__(self, "dated_allowable_intervals", _dated(self.allowable_intervals))
        ends: dict[str, tuple[Duration, ...]] = {}
        for conflict in self.live_conflicts:
            known = ends.get(conflict.previous, ())
            if conflict.end not in known:
                ends[conflict.previous] = (*known, conflict.end)
        object.__setattr__(self, "conflict_ends", ends)
        conditions = [c for k in forecast for t in k.sets for c in t.conditions]
        later: tuple[Duration | None, ...] | None = tuple(
            c.begin_age for c in conditions if c.type == "age"
        )
        if any(c.type == "interval" for c in conditions):
            later = None
        object.__setattr__(self, "later_skip_ages", later)


def _dated(rules: tuple[AgeRule, ...] | tuple[IntervalRule, ...]) -> bool:
    """Whether any rule only holds between effective and cessation dates."""
    return any(r.effective is not None or r.cessation is not None for r in rules)


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
    # ... and those of them open to each sex code ('f', 'm'; any other code: all of them).
    standard_for_sex: Mapping[str, tuple[Series, ...]] = _computed()

    def __post_init__(self) -> None:
        """Order the series by group; a stable sort keeps the data's order within a group."""
        by_group = tuple(sorted(self.series, key=lambda s: s.group))
        object.__setattr__(self, "series_by_group", by_group)
        standard = tuple(s for s in by_group if s.type == "standard")
        object.__setattr__(self, "standard_by_group", standard)
        for_sex = {sex: tuple(s for s in standard if gender_matches(s, sex)) for sex in "fm"}
        object.__setattr__(self, "standard_for_sex", for_sex)


def sex_code(sex: str) -> str:
    """'f', 'm' or another code (unknown) from the sex as given ('F', 'female', ' M')."""
    return sex.strip().lower()[:1]


def gender_matches(series: Series, sex: str) -> bool:
    """Whether a series is open to a sex code; an unknown sex does not rule a
    gender-specific series out."""
    return not series.gender or sex not in ("f", "m") or series.gender.startswith(sex)


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
    # Derived: the conflicts of each live vaccine by the earlier vaccine they are with, so a
    # dose is checked against the few vaccines the child had, not against every conflict.
    conflicts_by_pair: Mapping[str, Mapping[str, tuple[LiveVirusConflict, ...]]] = _computed()
    # Derived: the antigens of all the vaccine groups, in alphabetical order (the order a
    # forecast of every group evaluates them in).
    all_antigens: tuple[str, ...] = _computed()

    def __post_init__(self) -> None:
        """Group each live vaccine's conflicts by earlier vaccine; list the antigens."""
        antigens = {a for group in self.vaccine_groups.values() for a in group.antigens}
        object.__setattr__(self, "all_antigens", tuple(sorted(antigens)))
        by_pair: dict[str, dict[str, tuple[LiveVirusConflict, ...]]] = {}
        for current, conflicts in self.conflicts_by_current.items():
            by_previous = by_pair.setdefault(current, {})
            for conflict in conflicts:
                known = by_previous.get(conflict.previous, ())
                by_previous[conflict.previous] = (*known, conflict)
        object.__setattr__(self, "conflicts_by_pair", by_pair)
