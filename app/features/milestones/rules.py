"""Pure milestone logic: the age a child is assessed on, and which items are concerns.

No database and no web framework here: the service feeds dates and observations in, and
the assessment date is always an argument (the clock is never read).

Concern rules, most urgent first:

1. `loss_of_skill`: the item's latest observation is `not_yet` and an earlier one was
   `achieved` (any catalog item, due or not). `since`: the first `not_yet` after the
   last `achieved`.
2. `who_window_passed`: a WHO motor milestone not `achieved` (latest observation) once the
   child's age is past the 99th-percentile end of its window, converted exactly to a date
   (9.2 months = 9 months and round(0.2 x 30.4375) = 6 days). `since`: that date.
3. `not_yet`: a CDC item of a checklist whose age the child has reached, observed `not_yet`
   last. `since`: the date the child reached the checklist age.
4. `not_observed`: a CDC item with no observation at all two months after its checklist
   age. `since`: that date. An `unsure` answer is an observation (a clinician chose to
   look again), so it is not a concern by itself.

One concern per item (the most urgent kind). Within a kind, the longest overdue (earliest
`since`) comes first. Children aged six years or more are past developmental surveillance
(the last checklist is at 60 months) and have no concerns.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from app.shared.time import add_months, calendar_age

Status = Literal["achieved", "not_yet", "unsure"]
AgeUsed = Literal["chronological", "corrected"]
ConcernKind = Literal["loss_of_skill", "who_window_passed", "not_yet", "not_observed"]

TERM_WEEKS = 40
PRETERM_BELOW_WEEKS = 37
CORRECT_UNTIL_MONTHS = 24
UNOBSERVED_GRACE_MONTHS = 2
SURVEILLANCE_END_MONTHS = 72
DAYS_PER_MONTH = 30.4375  # 365.25 / 12, to turn fractional WHO months into days

KIND_RANK: dict[ConcernKind, int] = {
    "loss_of_skill": 0,
    "who_window_passed": 1,
    "not_yet": 2,
    "not_observed": 3,
}


@dataclass(frozen=True)
class MilestoneItem:
    """One catalog item; WHO motor milestones carry their window of achievement."""

    code: str
    domain: str
    text: str
    source: str
    revision: str
    age_months: int
    window_start_months: float | None = None
    window_end_months: float | None = None
    criterion: str | None = None

    @property
    def is_who_window(self) -> bool:
        """Whether this is a WHO motor milestone judged by its window."""
        return self.window_end_months is not None


@dataclass(frozen=True)
class AgeAssessment:
    """The age a child is assessed on at `as_of`, and the birth date it counts from."""

    as_of: date
    date_of_birth: date
    age_used: AgeUsed
    counted_from: date
    months: int
    days: int
    chronological_months: int
    chronological_days: int

    def reached(self, months: float) -> date:
        """The date on which the assessed age reaches `months` (fractions to whole days)."""
        whole = int(months)
        extra = round((months - whole) * DAYS_PER_MONTH)
        return add_months(self.counted_from, whole) + timedelta(days=extra)


@dataclass(frozen=True)
class ObservationFact:
    """One observation as the rules need it."""

    status: Status
    observed_on: date
    recorded_at: datetime


@dataclass(frozen=True)
class ItemState:
    """What the concern rules need of an observed item: its latest status, and a lost skill."""

    status: Status
    lost_on: date | None


@dataclass(frozen=True)
class ItemSummary:
    """The latest observation of an item and, if the skill was lost, when."""

    latest: ObservationFact
    lost_on: date | None

    @property
    def state(self) -> ItemState:
        """The item's state as the concern rules read it."""
        return ItemState(self.latest.status, self.lost_on)


@dataclass(frozen=True)
class Concern:
    """An item that needs attention."""

    kind: ConcernKind
    code: str
    text: str
    since: date

    @property
    def urgency(self) -> tuple[int, date, str]:
        """Sort key: kind first, then the longest overdue."""
        return KIND_RANK[self.kind], self.since, self.code


def _months_of(born: date, on: date) -> tuple[int, int]:
    years, months, days = calendar_age(born, on)
    return years * 12 + months, days


def corrected_until(date_of_birth: date, gestational_age_weeks: int | None) -> date | None:
    """The day the age stops being corrected for prematurity (None: not born preterm)."""
    if gestational_age_weeks is None or gestational_age_weeks >= PRETERM_BELOW_WEEKS:
        return None
    return add_months(date_of_birth, CORRECT_UNTIL_MONTHS)


def assess_age(
    date_of_birth: date, gestational_age_weeks: int | None, as_of: date
) -> AgeAssessment:
    """The child's age at `as_of`: corrected for prematurity (< 37 weeks) until 24 months."""
    chronological, days = _months_of(date_of_birth, as_of)
    until = corrected_until(date_of_birth, gestational_age_weeks)
    if until is not None and as_of < until:
        assert gestational_age_weeks is not None
        counted_from = date_of_birth + timedelta(weeks=TERM_WEEKS - gestational_age_weeks)
        months, corrected_days = _months_of(counted_from, as_of)
        return AgeAssessment(
            as_of,
            date_of_birth,
            "corrected",
            counted_from,
            months,
            corrected_days,
            chronological,
            days,
        )
    return AgeAssessment(
        as_of,
        date_of_birth,
        "chronological",
        date_of_birth,
        chronological,
        days,
        chronological,
        days,
    )


def _order(observation: ObservationFact) -> tuple[date, datetime]:
    return observation.observed_on, observation.recorded_at


def latest_first(history: Iterable[ObservationFact]) -> list[ObservationFact]:
    """Observations newest first: by observed date, then by when they were recorded."""
    return sorted(history, key=_order, reverse=True)


def summarise(history: Sequence[ObservationFact]) -> ItemSummary | None:
    """The item's latest observation and the date a skill was lost (None without history)."""
    if not history:
        return None
    ordered = latest_first(history)
    latest = ordered[0]
    lost_on = None
    if latest.status == "not_yet":
        for observation in ordered:
            if observation.status == "achieved":
                break
            if observation.status == "not_yet":
                lost_on = observation.observed_on
        else:
            lost_on = None  # never achieved: a delay, not a loss
    return ItemSummary(latest=latest, lost_on=lost_on)


def due_checklist_ages(age: AgeAssessment, ages: Iterable[int]) -> list[int]:
    """The checklist ages the child has reached."""
    return [months for months in ages if months <= age.months]


@dataclass(frozen=True)
class Onset:
    """An item's concern and the first day it holds, for one way of counting the child's age."""

    day: date
    concern: Concern


def concern_onset(
    item: MilestoneItem, summary: ItemSummary | ItemState | None, age: AgeAssessment
) -> Onset | None:
    """When the item becomes a concern as the child grows, given these observations.

    Only the date the age counts from (`age.reached`) is used, not `age.as_of`: the rules
    are monotonic (once a concern holds, it holds on every later day of the same counting),
    which is what lets each child's concern periods be stored ahead of time.
    """
    state = summary.state if isinstance(summary, ItemSummary) else summary
    status = state.status if state else None
    if state and state.lost_on is not None:
        text = f"Loss of a skill: {item.text}"
        return Onset(date.min, Concern("loss_of_skill", item.code, text, state.lost_on))
    if item.window_end_months is not None:
        if status == "achieved":
            return None
        window_end = age.reached(item.window_end_months)
        text = (
            f"{item.text}: not achieved by the end of the WHO window "
            f"({item.window_end_months} months); refer for evaluation"
        )
        concern = Concern("who_window_passed", item.code, text, window_end)
        return Onset(window_end + timedelta(days=1), concern)
    if status == "not_yet":
        # Reaching the checklist age in whole months is reaching `reached(age_months)`.
        checklist_reached = age.reached(item.age_months)
        return Onset(checklist_reached, Concern("not_yet", item.code, item.text, checklist_reached))
    if status is None:
        unobserved_from = age.reached(item.age_months + UNOBSERVED_GRACE_MONTHS)
        concern = Concern("not_observed", item.code, item.text, unobserved_from)
        return Onset(unobserved_from, concern)
    return None


def concerns_for(
    items: Iterable[MilestoneItem],
    summaries: Mapping[str, ItemSummary | ItemState],
    age: AgeAssessment,
) -> list[Concern]:
    """The child's concerns at `age.as_of`, most urgent first."""
    if age.chronological_months >= SURVEILLANCE_END_MONTHS:
        return []
    onsets = (concern_onset(item, summaries.get(item.code), age) for item in items)
    found = [o.concern for o in onsets if o is not None and o.day <= age.as_of]
    return sorted(found, key=lambda c: c.urgency)
