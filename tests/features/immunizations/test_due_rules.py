"""The one rule of due, overdue and still givable: the Python form and the stored spans agree."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.features.immunizations.due_rules import dose_status, status_spans

DAY = date(2024, 2, 29)
HORIZON = 30


@dataclass(frozen=True)
class Row:
    recommended_date: date | None
    past_due_date: date | None
    latest_date: date | None


def on(offset: int | None) -> date | None:
    return None if offset is None else DAY + timedelta(days=offset)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (Row(on(-10), on(-1), None), "overdue"),
        (Row(on(-10), on(0), None), "overdue"),  # past due on the day itself
        (Row(on(-10), on(-1), on(-1)), None),  # latest date passed: no longer givable
        (Row(on(-10), on(-1), on(0)), "overdue"),  # givable on its latest date
        (Row(on(-10), on(1), None), "due"),
        (Row(on(30), on(40), None), "due"),  # recommended on the last day of the window
        (Row(on(31), on(40), None), None),
        (Row(None, None, None), None),
        (Row(on(5), None, on(3)), "due"),  # givable today, though not on its recommended date
        (Row(on(5), None, on(-1)), None),
    ],
)
def test_dose_status_of_one_row(row: Row, expected: str | None) -> None:
    assert dose_status(row, DAY, DAY + timedelta(days=HORIZON)) == expected


def test_since_narrows_the_due_window() -> None:
    row = Row(on(-3), on(20), None)
    assert dose_status(row, DAY, DAY + timedelta(days=HORIZON), since=DAY) is None
    assert dose_status(row, DAY, DAY + timedelta(days=HORIZON), since=on(-3)) == "due"


def child_status(rows: list[Row], day: date) -> str | None:
    """The child's status on a day: overdue for any row wins over due for any row."""
    found = {dose_status(row, day, day + timedelta(days=HORIZON)) for row in rows}
    return "overdue" if "overdue" in found else "due" if "due" in found else None


def span_status(rows: list[Row], day: date) -> str | None:
    hits = [s for s, first, last in status_spans(rows, HORIZON) if first <= day <= last]
    assert len(hits) <= 1, "a child's spans overlap"
    return hits[0] if hits else None


def random_row(rng: random.Random) -> Row:
    recommended = rng.choice([None, rng.randint(-60, 60)])
    past_due = rng.choice([None, (recommended or 0) + rng.randint(0, 40)])
    latest = rng.choice([None, None, (recommended or 0) + rng.randint(-5, 90)])
    return Row(on(recommended), on(past_due), on(latest))


def test_stored_spans_agree_with_the_rule_on_every_day() -> None:
    rng = random.Random(12)
    for _ in range(300):
        rows = [random_row(rng) for _ in range(rng.randint(0, 5))]
        for offset in range(-100, 160):
            day = DAY + timedelta(days=offset)
            assert span_status(rows, day) == child_status(rows, day), (rows, day)


def test_open_ended_spans_end_on_the_last_date() -> None:
    spans = status_spans([Row(on(0), on(10), None)], HORIZON)
    assert spans == [("due", on(-30), on(9)), ("overdue", on(10), date.max)]
