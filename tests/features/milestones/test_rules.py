"""Pure milestone rules: corrected age, item summaries and the four kinds of concern."""

from datetime import UTC, date, datetime

import pytest

from app.features.milestones.catalog import load_catalog
from app.features.milestones.rules import (
    MilestoneItem,
    ObservationFact,
    assess_age,
    concerns_for,
    summarise,
)

BORN = date(2024, 1, 15)
CDC_6 = MilestoneItem("m6-cg-1", "cognitive", "Puts things in mouth", "CDC LTSAE 2022", "2022", 6)
SITTING = MilestoneItem(
    "who-sitting-without-support",
    "movement_physical",
    "Sitting without support",
    "WHO MGRS 2006",
    "2006",
    10,
    window_start_months=3.8,
    window_end_months=9.2,
)


def fact(status: str, on: date, second: int = 0) -> ObservationFact:
    return ObservationFact(status, on, datetime(2025, 1, 1, 0, 0, second, tzinfo=UTC))  # type: ignore[arg-type]


# -- age --------------------------------------------------------------------------------


def test_term_child_is_assessed_on_chronological_age() -> None:
    age = assess_age(BORN, 39, date(2024, 11, 20))
    assert (age.age_used, age.months, age.days) == ("chronological", 10, 5)


def test_unknown_gestational_age_is_chronological() -> None:
    assert assess_age(BORN, None, date(2024, 6, 15)).age_used == "chronological"


def test_born_at_37_weeks_is_not_corrected() -> None:
    assert assess_age(BORN, 37, date(2024, 6, 15)).age_used == "chronological"


def test_preterm_child_is_corrected_by_weeks_short_of_40() -> None:
    # Born at 30 weeks: 10 weeks early, so at 10 months chronological the age is ~7.7 months.
    age = assess_age(BORN, 30, date(2024, 11, 15))
    assert age.age_used == "corrected"
    assert age.counted_from == date(2024, 3, 25)
    assert (age.months, age.days) == (7, 21)
    assert (age.chronological_months, age.chronological_days) == (10, 0)


def test_correction_stops_at_24_months() -> None:
    assert assess_age(BORN, 30, date(2026, 1, 14)).age_used == "corrected"
    age = assess_age(BORN, 30, date(2026, 1, 15))
    assert (age.age_used, age.months, age.days) == ("chronological", 24, 0)


def test_corrected_age_before_the_due_date_is_zero() -> None:
    age = assess_age(BORN, 28, date(2024, 2, 1))
    assert (age.age_used, age.months, age.days) == ("corrected", 0, 0)


def test_fractional_who_months_become_whole_days() -> None:
    age = assess_age(BORN, None, date(2025, 1, 1))
    assert age.reached(9.2) == date(2024, 10, 21)  # 9 months + round(0.2 * 30.4375) days


# -- summaries --------------------------------------------------------------------------


def test_latest_observation_wins_by_date_then_recording_time() -> None:
    summary = summarise(
        [
            fact("not_yet", date(2024, 8, 1), second=9),
            fact("achieved", date(2024, 9, 1), second=1),
            fact("unsure", date(2024, 9, 1), second=2),
        ]
    )
    assert summary is not None
    assert (summary.latest.status, summary.lost_on) == ("unsure", None)


def test_loss_dates_from_first_not_yet_after_last_achieved() -> None:
    summary = summarise(
        [
            fact("achieved", date(2024, 6, 1)),
            fact("not_yet", date(2024, 7, 1)),
            fact("unsure", date(2024, 7, 15)),
            fact("not_yet", date(2024, 8, 1)),
        ]
    )
    assert summary is not None and summary.lost_on == date(2024, 7, 1)


def test_regained_skill_and_never_achieved_are_not_losses() -> None:
    regained = summarise(
        [
            fact("achieved", BORN),
            fact("not_yet", date(2024, 5, 1)),
            fact("achieved", date(2024, 6, 1)),
        ]
    )
    never = summarise([fact("not_yet", date(2024, 5, 1)), fact("not_yet", date(2024, 6, 1))])
    assert regained is not None and regained.lost_on is None
    assert never is not None and never.lost_on is None
    assert summarise([]) is None


# -- concerns ---------------------------------------------------------------------------


def concerns(items, observations, as_of, ga=None):  # type: ignore[no-untyped-def]
    summaries = {code: summarise(history) for code, history in observations.items()}
    return concerns_for(items, summaries, assess_age(BORN, ga, as_of))  # type: ignore[arg-type]


def test_cdc_item_not_yet_is_a_concern_once_its_age_is_reached() -> None:
    history = {"m6-cg-1": [fact("not_yet", date(2024, 7, 1))]}
    assert concerns([CDC_6], history, date(2024, 7, 14)) == []
    found = concerns([CDC_6], history, date(2024, 7, 15))
    assert [(c.kind, c.code, c.since) for c in found] == [("not_yet", "m6-cg-1", date(2024, 7, 15))]


def test_unobserved_cdc_item_is_a_concern_two_months_after_its_age() -> None:
    assert concerns([CDC_6], {}, date(2024, 9, 14)) == []
    found = concerns([CDC_6], {}, date(2024, 9, 15))
    assert [(c.kind, c.since) for c in found] == [("not_observed", date(2024, 9, 15))]


def test_unsure_and_achieved_are_not_cdc_concerns() -> None:
    for status in ("unsure", "achieved"):
        history = {"m6-cg-1": [fact(status, date(2024, 8, 1))]}
        assert concerns([CDC_6], history, date(2025, 1, 1)) == []


def test_who_milestone_is_a_concern_only_after_its_99th_percentile() -> None:
    assert concerns([SITTING], {}, date(2024, 10, 21)) == []
    found = concerns([SITTING], {}, date(2024, 10, 22))
    assert [(c.kind, c.since) for c in found] == [("who_window_passed", date(2024, 10, 21))]
    assert "refer for evaluation" in found[0].text
    achieved = {SITTING.code: [fact("achieved", date(2024, 9, 1))]}
    assert concerns([SITTING], achieved, date(2025, 1, 1)) == []


def test_who_window_uses_the_corrected_age() -> None:
    # Born at 32 weeks: the window closes 8 weeks later than for a term child.
    # Corrected birth 2024-03-11; window end 2024-12-17 instead of 2024-10-21.
    assert concerns([SITTING], {}, date(2024, 12, 17), ga=32) == []
    found = concerns([SITTING], {}, date(2024, 12, 18), ga=32)
    assert [c.since for c in found] == [date(2024, 12, 17)]


def test_loss_of_skill_applies_to_any_item_and_replaces_other_kinds() -> None:
    history = {"m6-cg-1": [fact("achieved", date(2024, 3, 1)), fact("not_yet", date(2024, 4, 1))]}
    found = concerns([CDC_6], history, date(2024, 4, 2))  # before the checklist is due
    assert [(c.kind, c.since) for c in found] == [("loss_of_skill", date(2024, 4, 1))]
    assert found[0].text.startswith("Loss of a skill")


def test_concerns_are_ordered_by_kind_then_longest_overdue() -> None:
    catalog = load_catalog()
    items = [catalog.by_code[c] for c in ("m2-se-1", "m4-se-1", "m6-se-1", "m9-se-1")]
    items.append(catalog.by_code["who-sitting-without-support"])
    history = {
        "m9-se-1": [fact("achieved", date(2024, 5, 1)), fact("not_yet", date(2024, 6, 1))],
        "m6-se-1": [fact("not_yet", date(2024, 8, 1))],
    }
    found = concerns(items, history, date(2024, 12, 1))
    assert [(c.kind, c.code) for c in found] == [
        ("loss_of_skill", "m9-se-1"),
        ("who_window_passed", "who-sitting-without-support"),
        ("not_yet", "m6-se-1"),
        ("not_observed", "m2-se-1"),
        ("not_observed", "m4-se-1"),
    ]


@pytest.mark.parametrize("as_of", [date(2030, 1, 15), date(2031, 6, 1)])
def test_children_of_six_or_more_are_past_surveillance(as_of: date) -> None:
    assert concerns(load_catalog().items, {}, as_of) == []
    assert concerns(load_catalog().items, {}, date(2030, 1, 14)) != []
