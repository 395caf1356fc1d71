"""CDSi date arithmetic: "N years/months/weeks/days" offsets with the CALCDT rules."""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.shared.time import add_months  # the one month rule (CALCDT-5), shared with the app

# One term of a duration: (years, months, days); a duration applies its terms in order,
# because CDSi computes "6 months - 4 days" as "add 6 months, then subtract 4 days".
Term = tuple[int, int, int]
Duration = tuple[Term, ...]

_TERM = re.compile(r"([+-]?)\s*(\d+)\s*(year|month|week|day)s?", re.IGNORECASE)


def parse_duration(text: str | None) -> Duration | None:
    """Parse '12 months - 4 days' into terms; None for an empty value."""
    if text is None or not text.strip():
        return None
    terms: list[Term] = []
    consumed = 0
    for match in _TERM.finditer(text):
        sign = -1 if match.group(1) == "-" else 1
        amount = sign * int(match.group(2))
        unit = match.group(3).lower()
        if unit == "year":
            terms.append((amount, 0, 0))
        elif unit == "month":
            terms.append((0, amount, 0))
        elif unit == "week":
            terms.append((0, 0, 7 * amount))
        else:
            terms.append((0, 0, amount))
        consumed += 1
    if not consumed:
        raise ValueError(f"unrecognised duration {text!r}")
    return tuple(terms)


# The few day counts of the schedule's durations as timedeltas, made once: building a
# timedelta parses keyword arguments, which costs more than the addition itself.
_DAYS: dict[int, timedelta] = {}


def add_duration(day: date, duration: Duration) -> date:
    """Apply every term of a duration to a date, in order."""
    for years, months, days in duration:
        if years:
            day = add_months(day, 12 * years)
        if months:
            day = add_months(day, months)
        if days:
            delta = _DAYS.get(days)
            if delta is None:
                delta = _DAYS[days] = timedelta(days=days)
            day = day + delta
    return day


def offset(day: date, duration: Duration | None) -> date | None:
    """A date plus a duration, or None when the duration is absent."""
    if duration is None:
        return None
    return add_duration(day, duration)


def latest(*days: date | None) -> date | None:
    """The latest of the given dates, ignoring missing ones."""
    present = [d for d in days if d is not None]
    return max(present) if present else None


def earliest(*days: date | None) -> date | None:
    """The earliest of the given dates, ignoring missing ones."""
    present = [d for d in days if d is not None]
    return min(present) if present else None
