"""The one month rule (CDSi CALCDT-5), its inverse for birth-date bounds, and the pinned clock."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.shared.time import add_months, calendar_age, latest_birth_date_at_age, utc_now

# Three years that include a leap year, every day of them.
DAYS = [date(2027, 1, 1) + timedelta(days=n) for n in range(3 * 366)]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 3, 1)),
        (date(2028, 1, 29), 1, date(2028, 2, 29)),
        (date(2028, 1, 31), 1, date(2028, 3, 1)),
        (date(2028, 2, 29), 12, date(2029, 3, 1)),
        (date(2026, 7, 31), 2, date(2026, 10, 1)),
        (date(2026, 12, 31), 2, date(2027, 3, 1)),
        (date(2026, 5, 31), 6, date(2026, 12, 1)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
    ],
)
def test_add_months_rolls_a_missing_day_to_the_next_month(start, months, expected) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize("months", [0, 1, 2, 9, 12, 18, 23, 24, 72])
def test_latest_birth_date_at_age_is_exactly_the_age_boundary(months: int) -> None:
    for on in [*DAYS[::7], date(2028, 2, 29), date(2027, 3, 31), date(2027, 12, 31)]:
        latest = latest_birth_date_at_age(on, months)
        assert add_months(latest, months) <= on
        assert add_months(latest + timedelta(days=1), months) > on


def test_calendar_age_agrees_with_the_month_rule() -> None:
    born_days = [date(2026, 1, 29), date(2026, 1, 31), date(2027, 2, 28), date(2027, 12, 31)]
    born_days += [date(2028, 2, 29), date(2026, 3, 31), date(2026, 8, 30)]
    for born in born_days:
        for on in DAYS:
            years, months, days = calendar_age(born, on)
            if on < born:
                assert (years, months, days) == (0, 0, 0)
                continue
            total = 12 * years + months
            assert add_months(born, total) + timedelta(days=days) == on
            assert add_months(born, total + 1) > on


def test_the_clock_is_pinned_for_every_test(pinned_today: date) -> None:
    assert utc_now().date() == pinned_today
    assert abs(utc_now() - datetime.combine(pinned_today, datetime.min.time(), UTC)) < timedelta(
        hours=13
    )


@pytest.mark.date_sensitive
def test_date_sensitive_tests_run_on_month_ends_and_the_leap_day(pinned_today: date) -> None:
    assert (pinned_today + timedelta(days=1)).day == 1 or pinned_today == date(2027, 1, 1)
    assert utc_now().date() == pinned_today
