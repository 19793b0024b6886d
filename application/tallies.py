"""Counting rows into a total and into groups: what every report does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

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


def mean_days(days: list[int]) -> Decimal | None:
    """The mean of a list of day counts to one decimal place; None for an empty list."""
    if not days:
        return None
    return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
