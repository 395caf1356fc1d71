"""A child's concern periods: on every day, the period's lead is the day's most urgent concern."""

import random
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from app.features.milestones.catalog import load_catalog
from app.features.milestones.periods import ConcernPeriod, concern_periods, period_on
from app.features.milestones.rules import (
    ItemSummary,
    ObservationFact,
    Status,
    assess_age,
    concerns_for,
    summarise,
)
from app.shared.time import add_months

ITEMS = load_catalog().items
STATUSES: tuple[Status, ...] = ("achieved", "not_yet", "unsure")


def random_summaries(rng: random.Random, born: date) -> dict[str, ItemSummary]:
    """Histories of up to 40 items, one to three observations each, over the first six years."""
    summaries = {}
    for item in rng.sample(ITEMS, rng.randrange(0, 40)):
        history = [
            ObservationFact(
                rng.choice(STATUSES),
                born + timedelta(days=rng.randrange(0, 6 * 365)),
                datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=n),
            )
            for n in range(rng.randrange(1, 4))
        ]
        summary = summarise(history)
        assert summary is not None
        summaries[item.code] = summary
    return summaries


def assert_periods_match_rules(
    summaries: dict[str, ItemSummary], born: date, weeks: int | None, days: list[date]
) -> None:
    periods = concern_periods(ITEMS, summaries, born, weeks)
    for earlier, later in pairwise(periods):
        assert earlier.starts_on < earlier.ends_on <= later.starts_on
        assert earlier.lead != later.lead or earlier.ends_on < later.starts_on
    for day in days:
        concerns = concerns_for(ITEMS, summaries, assess_age(born, weeks, day))
        period = period_on(periods, day)
        lead = period.lead if period else None
        assert lead == (concerns[0] if concerns else None), (born, weeks, day)


# Births on month ends and 29 February, term and preterm (corrected age until 24 months).
BIRTHS = [
    (date(2024, 2, 29), None),
    (date(2023, 1, 31), 30),
    (date(2022, 8, 31), 36),
    (date(2021, 12, 30), 24),
    (date(2024, 3, 31), 40),
]


@pytest.mark.parametrize(("born", "weeks"), BIRTHS, ids=str)
def test_every_day_of_the_first_26_months_and_around_six_years(
    born: date, weeks: int | None
) -> None:
    rng = random.Random(born.toordinal())
    summaries = random_summaries(rng, born)
    end = add_months(born, 72)
    days = [born + timedelta(days=n) for n in range(0, 26 * 31)]
    days += [end + timedelta(days=n) for n in range(-3, 3)]
    assert_periods_match_rules(summaries, born, weeks, days)


def test_many_random_children_on_sampled_days() -> None:
    rng = random.Random(2026)
    for _ in range(40):
        born = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 2000))
        weeks = rng.choice([None, 40, 37, 36, 32, 28, 24])
        summaries = random_summaries(rng, born)
        days = sorted(born + timedelta(days=rng.randrange(0, 6 * 366)) for _ in range(40))
        assert_periods_match_rules(summaries, born, weeks, days)


def test_unobserved_term_child_then_a_closed_who_window_then_the_end_of_surveillance() -> None:
    born = date(2024, 1, 15)
    periods = concern_periods(ITEMS, {}, born, None)

    assert [p.lead.kind for p in periods] == ["not_observed", "who_window_passed"]
    assert periods[0].starts_on == add_months(born, 4)  # 2-month checklist + 2 months' grace
    assert periods[0].ends_on == periods[1].starts_on
    # Sitting without support: 99th percentile at 9.2 months = 9 months and 6 days.
    assert periods[1].lead.code == "who-sitting-without-support"
    assert periods[1].lead.since == add_months(born, 9) + timedelta(days=6)
    assert periods[1].starts_on == add_months(born, 9) + timedelta(days=7)
    assert periods[1].ends_on == add_months(born, 72)


def test_a_preterm_childs_concerns_move_earlier_when_correction_ends() -> None:
    born = date(2024, 1, 15)
    periods = concern_periods(ITEMS, {}, born, 30)  # ten weeks early
    counted_from = born + timedelta(weeks=10)

    assert periods[0].starts_on == add_months(counted_from, 4)
    switch = add_months(born, 24)
    before = period_on(periods, switch - timedelta(days=1))
    after = period_on(periods, switch)
    assert before is not None and after is not None
    assert before.lead.since == add_months(counted_from, 9) + timedelta(days=6)
    assert after.lead.since == add_months(born, 9) + timedelta(days=6)
    assert before.ends_on == after.starts_on == switch


def test_a_loss_of_skill_leads_from_birth_and_spans_the_end_of_correction() -> None:
    born = date(2024, 1, 15)
    history = [
        ObservationFact("achieved", date(2024, 10, 20), datetime(2026, 1, 1, tzinfo=UTC)),
        ObservationFact("not_yet", date(2025, 1, 20), datetime(2026, 1, 2, tzinfo=UTC)),
    ]
    summary = summarise(history)
    assert summary is not None

    periods = concern_periods(ITEMS, {"m9-lc-1": summary}, born, 30)

    assert periods == [
        ConcernPeriod(born, add_months(born, 72), periods[0].lead),
    ]
    assert (periods[0].lead.kind, periods[0].lead.since) == ("loss_of_skill", date(2025, 1, 20))
