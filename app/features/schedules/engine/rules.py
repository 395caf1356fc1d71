"""The rules of a schedule's target doses: ages, intervals, vaccines and conditional skips
(frozen dataclasses, with what the engine derives from them on load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from app.features.schedules.engine.dates import Duration

T = TypeVar("T")


def derived_field(default: T) -> T:
    """A field the loader fills from other parts of the schedule: not compared or shown."""
    return field(default=default, compare=False, hash=False, repr=False)


def computed_field() -> Any:
    """A field derived from the others in __post_init__: not an argument, compared or shown."""
    return field(init=False, compare=False, hash=False, repr=False)


def _pick_minimums(rule: AgeRule | IntervalRule) -> None:
    """Set a frozen rule's minimum with the grace period (the absolute minimum, which
    includes it) and without it (see evaluate.evaluate_dose, `strict`)."""
    object.__setattr__(rule, "lenient_min", rule.abs_min or rule.min)
    object.__setattr__(rule, "strict_min", rule.min or rule.abs_min)


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
    # Derived: the minimum age a dose must meet, with the 4-day grace period (the absolute
    # minimum, which includes it) and without it (see evaluate.evaluate_dose, `strict`).
    lenient_min: Duration | None = computed_field()  # noqa: RUF009
    strict_min: Duration | None = computed_field()  # noqa: RUF009

    def __post_init__(self) -> None:
        """Pick the minimum ages with and without the grace period once."""
        _pick_minimums(self)


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
    # Derived, as for AgeRule: the minimum interval with and without the grace period.
    lenient_min: Duration | None = computed_field()  # noqa: RUF009
    strict_min: Duration | None = computed_field()  # noqa: RUF009

    def __post_init__(self) -> None:
        """Pick the minimum intervals with and without the grace period once."""
        _pick_minimums(self)


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
    # Derived, for a vaccine count: the ages and dates it counts doses between (None when its
    # type does not count by age, or by date), whether it counts only valid doses, and its
    # logic as a sign (1: greater than, -1: less than, 0: equal to the dose count).
    count_begin_age: Duration | None = computed_field()  # noqa: RUF009
    count_end_age: Duration | None = computed_field()  # noqa: RUF009
    count_start: date | None = computed_field()  # noqa: RUF009
    count_stop: date | None = computed_field()  # noqa: RUF009
    valid_only: bool = computed_field()
    count_sign: int = computed_field()

    def __post_init__(self) -> None:
        """Read the vaccine count's type and logic once (see skips._vaccine_count_met)."""
        by_age = "age" in self.type
        by_date = "date" in self.type
        object.__setattr__(self, "count_begin_age", self.begin_age if by_age else None)
        object.__setattr__(self, "count_end_age", self.end_age if by_age else None)
        object.__setattr__(self, "count_start", self.start_date if by_date else None)
        object.__setattr__(self, "count_stop", self.end_date if by_date else None)
        object.__setattr__(self, "valid_only", self.dose_type == "valid")
        logic = self.dose_count_logic
        sign = 1 if logic.startswith("greater") else -1 if logic.startswith("less") else 0
        object.__setattr__(self, "count_sign", sign)


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
    single_age: Condition | None = computed_field()  # noqa: RUF009 (a frozen dataclass)

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
