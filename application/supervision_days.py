"""The supervision list's entries counted per day and per month of `since` (Beijing date): which
whole days a query's window holds, the whole months among them read from the month counts and
the rest from the day counts, and which edges of it, read entry by entry.

A query keeps the entries whose `since` is at or after `since_from`, before `since_before` and
at or before `as_of`. A day is whole when every moment of it is kept: it starts at or after
`since_from` and ends at or before both `since_before` and `as_of`. What is left (the day
`since_from` falls in after it, the day the window ends in) are the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from domain.clock import CHINA_TZ, local_date

from application.supervision_list import SupervisionQuery


@dataclass(frozen=True)
class DaySplit:
    """The whole days `first` (None: from the first there is) to `end` (excluded) of a query,
    and the queries of its edges."""

    first: date | None
    end: date
    edges: list[SupervisionQuery]


def start_of(day: date) -> datetime:
    """The first moment of `day` in Beijing."""
    return datetime.combine(day, time(), CHINA_TZ)


def split_by_days(query: SupervisionQuery) -> DaySplit | None:
    """The whole days of `query`'s window and its edges; None when it holds no whole day."""
    since_from, first = query.since_from, None
    if since_from is not None:
        first = local_date(since_from)
        if start_of(first) < since_from:
            first += timedelta(days=1)
    last = query.as_of if query.since_before is None else min(query.as_of, query.since_before)
    end = local_date(last)  # the day the window ends in: not whole, as it ends at `last`
    if first is not None and first >= end:
        return None
    edges = [replace(query, since_from=start_of(end))]
    if since_from is not None and first is not None and since_from < start_of(first):
        edges.append(replace(query, since_before=start_of(first)))
    return DaySplit(first, end, edges)


def whole_months(first: date | None, end: date) -> tuple[date | None, date] | None:
    """The whole months among the days `first` (None: from the first there is) to `end`
    (excluded), as the first day of the first of them (None: from the first there is) and of the
    month after the last; None when the days hold no whole month."""
    last = end.replace(day=1)  # the month `end` falls in is not whole: it ends before `end`
    if first is None:
        return None, last
    start = first if first.day == 1 else next_month(first)
    return (start, last) if start < last else None


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def day_ranges(split: DaySplit) -> tuple[list[tuple[date | None, date]], tuple[date | None, date] | None]:
    """The whole days of `split` as ranges of days outside whole months, and the range of whole
    months (first days, the end excluded), if any."""
    months = whole_months(split.first, split.end)
    if months is None:
        return [(split.first, split.end)], None
    days: list[tuple[date | None, date]] = []
    if split.first is not None and months[0] is not None and split.first < months[0]:
        days.append((split.first, months[0]))
    if months[1] < split.end:
        days.append((months[1], split.end))
    return days, months
