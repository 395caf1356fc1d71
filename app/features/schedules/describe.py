"""Readable text for the engine's schedule rules (durations and intervals)."""

from app.features.schedules.engine.dates import Duration
from app.features.schedules.engine.model import IntervalRule

_UNITS = ((0, "year"), (1, "month"), (2, "day"))


def duration_text(duration: Duration | None) -> str | None:
    """'6 months - 4 days' style text for a duration; None when absent."""
    if not duration:
        return None
    parts: list[str] = []
    for term in duration:
        for position, unit in _UNITS:
            amount = term[position]
            if amount == 0:
                continue
            if unit == "day" and amount % 7 == 0 and abs(amount) >= 7:
                amount, unit = amount // 7, "week"
            sign = "- " if amount < 0 else ("+ " if parts else "")
            count = abs(amount)
            parts.append(f"{sign}{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts) or "0 days"


def interval_text(rule: IntervalRule) -> str:
    """E.g. 'from the previous dose: minimum 4 weeks, recommended 8 weeks'."""
    if rule.from_target_dose is not None:
        origin = f"from dose {rule.from_target_dose}"
    elif rule.from_most_recent:
        origin = "from the most recent " + ", ".join(sorted(rule.from_most_recent))
    elif rule.from_observation:
        origin = f"from observation {rule.from_observation}"
    else:
        origin = "from the previous dose"
    limits = [
        f"{label} {text}"
        for label, text in (
            ("minimum", duration_text(rule.min)),
            ("recommended", duration_text(rule.earliest_rec)),
            ("latest recommended", duration_text(rule.latest_rec)),
        )
        if text
    ]
    return f"{origin}: {', '.join(limits)}" if limits else origin
