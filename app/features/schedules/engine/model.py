"""Dataclasses for a loaded CDSi schedule (the inputs and outputs are in results.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.features.schedules.engine.dates import Duration
from app.features.schedules.engine.results import (
    DOSE_EXTRANEOUS,
    DOSE_NOT_VALID,
    DOSE_VALID,
    INADVERTENT,
    LIVE_VIRUS,
    NOT_ALLOWED,
    TOO_OLD,
    TOO_SOON,
    TOO_YOUNG,
    DoseEvaluation,
)

# The inputs and outputs live in results.py; these two are re-exported for the code outside
# the engine that imports them from here.
from app.features.schedules.engine.results import AdministeredDose as AdministeredDose
from app.features.schedules.engine.results import SeriesStatus as SeriesStatus

# The rules live in rules.py; re-exported for the code that imports them from here.
from app.features.schedules.engine.rules import AgeRule as AgeRule
from app.features.schedules.engine.rules import Condition as Condition
from app.features.schedules.engine.rules import ConditionalSkip as ConditionalSkip
from app.features.schedules.engine.rules import IntervalRule as IntervalRule
from app.features.schedules.engine.rules import SkipSet as SkipSet
from app.features.schedules.engine.rules import VaccineRule as VaccineRule
from app.features.schedules.engine.rules import computed_field, derived_field

# --- the schedule (supporting data) -------------------------------------------------


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
    live_conflicts: tuple[LiveVirusConflict, ...] = derived_field(())
    # Filled by the loader: the name of the series the target dose belongs to.
    series: str = derived_field("")
    # Derived from the fields above on construction, so the engine need not recompute them
    # for every dose and series; not in the data file, not compared.
    vaccine_types: tuple[str, ...] = computed_field()  # what the forecast recommends
    vaccines_by_cvx: Mapping[str, tuple[VaccineRule, ...]] = computed_field()  # preferable first
    vaccine_cvx: frozenset[str] = computed_field()  # its keys: the vaccines that can satisfy it
    evaluation_skips: tuple[ConditionalSkip, ...] = computed_field()  # skips in evaluation context
    forecast_skips: tuple[ConditionalSkip, ...] = computed_field()  # skips in forecast context
    # The age conditions of the evaluation skips when each is a single age condition (most
    # are): checked without a skip context (see skips.skipped_at_age); None otherwise.
    evaluation_skip_ages: tuple[Condition, ...] | None = computed_field()
    # Whether some rule is bounded by effective/cessation dates: only then must the rules in
    # force on a date be picked out (most targets: no date bound, the tuple is used as is).
    dated_ages: bool = computed_field()
    dated_intervals: bool = computed_field()
    dated_allowable_intervals: bool = computed_field()
    # The one age rule, when there is one with no effective/cessation date (most targets):
    # used as is, with no loop over the rules; None otherwise.
    age_rule: AgeRule | None = computed_field()  # noqa: RUF009
    # The live conflicts as "earlier live vaccine -> distinct ends of its conflict", so the
    # forecast looks up the few vaccines the child had instead of every conflicting pair.
    conflict_ends: Mapping[str, tuple[Duration, ...]] = computed_field()
    # What a forecast-time skip could newly pass on a date later than the assessment date:
    # the begin ages of its age conditions, or None when it has an interval condition
    # (always worth checking again); an empty tuple: nothing (see forecast.next_target).
    later_skip_ages: tuple[Duration | None, ...] | None = computed_field()
    # The outcomes of evaluating a dose against this target dose, made once (an evaluation
    # is frozen, so every forecast can share them): valid, extraneous for being too old,
    # and not valid for one reason (see evaluate.evaluate_dose).
    valid: DoseEvaluation = computed_field()  # noqa: RUF009
    too_old: DoseEvaluation = computed_field()  # noqa: RUF009
    not_valid: Mapping[str, DoseEvaluation] = computed_field()

    def __post_init__(self) -> None:
        """Derive the per-target lookups (object.__setattr__: the class is frozen)."""
        number, series = self.number, self.series
        object.__setattr__(self, "valid", DoseEvaluation(DOSE_VALID, None, number, series))
        too_old = DoseEvaluation(DOSE_EXTRANEOUS, TOO_OLD, number, series, (TOO_OLD,))
        object.__setattr__(self, "too_old", too_old)
        reasons = (TOO_YOUNG, TOO_SOON, LIVE_VIRUS, INADVERTENT, NOT_ALLOWED)
        not_valid = {r: DoseEvaluation(DOSE_NOT_VALID, r, number, series, (r,)) for r in reasons}
        object.__setattr__(self, "not_valid", not_valid)
        preferable = self.preferable
        flagged = tuple(v.cvx for v in preferable if v.forecast)
        object.__setattr__(self, "vaccine_types", flagged or tuple(v.cvx for v in preferable))
        by_cvx: dict[str, tuple[VaccineRule, ...]] = {}
        for rule in preferable + self.allowable:
            by_cvx[rule.cvx] = (*by_cvx.get(rule.cvx, ()), rule)
        object.__setattr__(self, "vaccines_by_cvx", by_cvx)
        object.__setattr__(self, "vaccine_cvx", frozenset(by_cvx))
        # A skip with no set never applies.
        active = [s for s in self.skips if s.sets]
        evaluation = tuple(s for s in active if s.context in ("evaluation", "both"))
        object.__setattr__(self, "evaluation_skips", evaluation)
        ages = tuple(s.single_age for s in evaluation if s.single_age is not None)
        all_ages = len(ages) == len(evaluation)
        object.__setattr__(self, "evaluation_skip_ages", ages if all_ages else None)
        forecast = tuple(s for s in active if s.context in ("forecast", "both"))
        object.__setattr__(self, "forecast_skips", forecast)
        object.__setattr__(self, "dated_ages", _dated(self.ages))
        only = self.ages[0] if len(self.ages) == 1 and not self.dated_ages else None
        object.__setattr__(self, "age_rule", only)
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
    series_by_group: tuple[Series, ...] = computed_field()
    # ... and only its standard series: all that is relevant to a patient with no observation.
    standard_by_group: tuple[Series, ...] = computed_field()
    # ... and those of them open to each sex code ('f', 'm'; any other code: all of them).
    standard_for_sex: Mapping[str, tuple[Series, ...]] = computed_field()

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
    # Derived: the antigens the vaccine counts for at any age, and the associations limited
    # to an age range (checked per dose, see patient.by_antigen).
    antigens_at_any_age: tuple[str, ...] = computed_field()
    antigens_by_age: tuple[CvxAntigen, ...] = computed_field()

    def __post_init__(self) -> None:
        """Split the associations by whether an age range limits them."""
        unlimited = tuple(a for a in self.antigens if a.begin_age is None and a.end_age is None)
        object.__setattr__(self, "antigens_at_any_age", tuple(a.antigen for a in unlimited))
        limited = tuple(a for a in self.antigens if a not in unlimited)
        object.__setattr__(self, "antigens_by_age", limited)


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
    conflicts_by_pair: Mapping[str, Mapping[str, tuple[LiveVirusConflict, ...]]] = computed_field()
    # Derived: the antigens of all the vaccine groups, in alphabetical order (the order a
    # forecast of every group evaluates them in).
    all_antigens: tuple[str, ...] = computed_field()
    # Derived: the vaccines a dose can be of to conflict with a later live dose.
    live_previous: frozenset[str] = computed_field()

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
        previous = frozenset(c.previous for cs in self.conflicts_by_current.values() for c in cs)
        object.__setattr__(self, "live_previous", previous)
