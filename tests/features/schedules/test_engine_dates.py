"""CDSi date arithmetic (CALCDT rules)."""

from __future__ import annotations

from datetime import date

import pytest

from app.features.schedules.engine.dates import add_duration, parse_duration


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2000, 1, 1), "3 years", date(2003, 1, 1)),
        (date(2000, 1, 1), "3 months", date(2000, 4, 1)),
        (date(2000, 2, 1), "5 weeks", date(2000, 3, 7)),
        (date(2000, 2, 1), "35 days", date(2000, 3, 7)),
        # CALCDT-5: an impossible date moves to the first day of the next month.
        (date(2000, 7, 31), "2 months", date(2000, 10, 1)),
        (date(2000, 2, 29), "1 year", date(2001, 3, 1)),
        (date(2000, 12, 31), "2 months", date(2001, 3, 1)),
        (date(2000, 1, 31), "10 months", date(2000, 12, 1)),
        # Terms apply in order: add the months, then take the grace days off.
        (date(2008, 8, 6), "12 months - 4 days", date(2009, 8, 2)),
        (date(2025, 1, 1), "16 months + 4 weeks", date(2026, 5, 29)),
        (date(2025, 3, 1), "0 days", date(2025, 3, 1)),
    ],
)
def test_add_duration(start: date, duration: str, expected: date) -> None:
    """Offsets follow the CDSi rules for years, months, weeks and days."""
    parsed = parse_duration(duration)
    assert parsed is not None
    assert add_duration(start, parsed) == expected


def test_empty_duration_is_none() -> None:
    """An empty field in the supporting data means 'no such limit'."""
    assert parse_duration(None) is None
    assert parse_duration("  ") is None


def test_garbage_duration_is_rejected() -> None:
    """A malformed duration fails loudly at load time instead of being ignored."""
    with pytest.raises(ValueError):
        parse_duration("soon")
