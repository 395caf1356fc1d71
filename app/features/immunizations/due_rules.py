"""What counts as due, overdue or still givable: the one definition, as filters and for one row.

Worklists, reports, reminders and a child's forecast summary all ask these functions; nobody
writes the rule again (house rule 11). The filters apply to stored forecast rows
(`ForecastEntry`), whose `overdue_sort_key` is the past-due date (or 9999-12-31 when there is
none) and is indexed; the Python twin `dose_status` applies to anything with the engine's three
dates, so a child's summary and the clinic's counts can never disagree.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal, Protocol

DoseStatus = Literal["overdue", "due"]
# "Due soon": recommended within this many days (the due list's default window, the summary).
DUE_SOON_DAYS = 30


class ForecastDates(Protocol):
    """Anything with the engine's dates of a next dose: a stored row or the engine's forecast."""

    @property
    def recommended_date(self) -> date | None: ...

    @property
    def past_due_date(self) -> date | None: ...

    @property
    def latest_date(self) -> date | None: ...


def still_givable(day: date) -> dict[str, Any]:
    """Rows whose dose can still be given on `day` (no latest date, or not passed yet)."""
    # A dose past its latest date can no longer be given: it is on no worklist and in no count.
    return {"$or": [{"latest_date": None}, {"latest_date": {"$gte": day}}]}


def overdue_on(day: date) -> dict[str, Any]:
    """Rows past due on `day`, on the indexed sort key (combine with `still_givable`)."""
    return {"overdue_sort_key": {"$lte": day}}


def due_between(day: date, until: date, since: date | None = None) -> dict[str, Any]:
    """Rows recommended by `until` (from `since` when given) and not yet overdue on `day`."""
    # `since` narrows the window to doses recommended on or after it (the due list's `from`).
    recommended: dict[str, date] = {"$lte": until}
    if since is not None:
        recommended["$gte"] = since
    return {"recommended_date": recommended, "overdue_sort_key": {"$gt": day}}


def is_givable(entry: ForecastDates, day: date) -> bool:
    """Whether this row's dose can still be given on `day` (`still_givable` for one row)."""
    return entry.latest_date is None or entry.latest_date >= day


def dose_status(
    entry: ForecastDates, day: date, until: date, since: date | None = None
) -> DoseStatus | None:
    """`overdue`, `due` (recommended by `until`) or None for one row, by the rule above."""
    if not is_givable(entry, day):
        return None
    if entry.past_due_date is not None and entry.past_due_date <= day:
        return "overdue"
    recommended = entry.recommended_date
    if recommended is None or recommended > until:
        return None
    if since is not None and recommended < since:
        return None
    return "due"


Span = tuple[DoseStatus, date, date]


def status_spans(entries: Iterable[ForecastDates], horizon_days: int) -> list[Span]:
    """The days on which a child is overdue, or due within `horizon_days`, as disjoint spans.

    The same rule as `dose_status(entry, day, day + horizon)` over all the child's rows, turned
    into date ranges (both ends included; 9999-12-31 for open-ended) so that a count of children
    overdue or due on any day is a range query on stored spans. Overdue wins over due.
    """
    overdue: list[tuple[int, int]] = []
    due: list[tuple[int, int]] = []
    never = date.max.toordinal()
    for entry in entries:
        last = entry.latest_date.toordinal() if entry.latest_date else never
        past_due = entry.past_due_date.toordinal() if entry.past_due_date else None
        if past_due is not None:
            overdue.append((past_due, last))
        if entry.recommended_date is not None:
            first = max(entry.recommended_date.toordinal() - horizon_days, 1)
            due.append((first, min(last, past_due - 1 if past_due is not None else never)))
    overdue_days = _union(overdue)
    due_days = _subtract(_union(due), overdue_days)
    spans: list[Span] = [("overdue", *_dates(s)) for s in overdue_days]
    spans += [("due", *_dates(s)) for s in due_days]
    return sorted(spans, key=lambda span: span[1])


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(s for s in spans if s[0] <= s[1]):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for first, last in spans:
        for hole_first, hole_last in holes:
            if hole_last < first or hole_first > last:
                continue
            if hole_first > first:
                kept.append((first, hole_first - 1))
            first = hole_last + 1
        if first <= last:
            kept.append((first, last))
    return kept


def _dates(span: tuple[int, int]) -> tuple[date, date]:
    return date.fromordinal(span[0]), date.fromordinal(span[1])
