"""Counting rows into a total and into groups: what every report does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from domain.working_days import CalendarUnavailable, WorkingCalendar, working_days_between

from application.case_index import CaseRow

F = TypeVar("F")


def tally(
    rows: Iterable[CaseRow],
    keys: Callable[[CaseRow], Iterable[str]],
    new: Callable[[str], F],
    count: Callable[[F, CaseRow], None],
    kept: Callable[[F], bool] = lambda figures: True,
) -> tuple[F, list[F]]:
    """Count every row into a total (`new("total")`) and into the groups its `keys` name; the
    groups that are `kept` (e.g. counted anything), sorted by key."""
    total = new("total")
    groups: dict[str, F] = {}
    for row in rows:
        count(total, row)
        for key in keys(row):
            if key not in groups:
                groups[key] = new(key)
            count(groups[key], row)
    return total, [groups[key] for key in sorted(groups) if kept(groups[key])]


class WorkingDays:
    """Durations in working days of a group's cases, for their mean; a case whose span reaches a
    year the working calendar does not know is left out of the mean (and counted as `unknown`)
    rather than failing the report."""

    def __init__(self) -> None:
        self.days: list[int] = []
        self.unknown = 0

    def add(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        try:
            self.days.append(working_days_between(calendar, start, end))
        except CalendarUnavailable:
            self.unknown += 1

    @property
    def mean(self) -> Decimal | None:
        return mean_days(self.days)


def mean_days(days: list[int]) -> Decimal | None:
    """The mean of a list of day counts to one decimal place; None for an empty list."""
    if not days:
        return None
    return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
