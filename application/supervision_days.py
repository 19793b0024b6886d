"""The supervision list's entries counted per day of `since` (Beijing date): which whole days a
query's window holds, read from the day counts, and which edges of it, read entry by entry.

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
