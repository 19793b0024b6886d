"""Figures from summed counts, in total and per group: what every report does."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, Self, TypeVar

from application.case_index import CaseRow
from application.ratios import ChosenRatio, Sums

F = TypeVar("F")


class GroupFigures(Protocol):
    """A report's figures of one group, made from its sums."""

    @classmethod
    def of(cls, group: str, sums: Sums, chosen: Sequence[ChosenRatio]) -> Self: ...

    def counted(self) -> bool:
        """Whether the group counted anything (else it is left out)."""


G = TypeVar("G", bound=GroupFigures)


def figures_by_group(
    figures: type[G],
    sums: Mapping[tuple[str, str], Sums],
    dimension: str | None,
    chosen: Sequence[ChosenRatio],
) -> tuple[G, list[G]]:
    """A report's `figures` of a period, from its sums: in total and per group of `dimension`
    that counted anything, sorted by group."""
    total = figures.of("total", sums.get(("", "total"), {}), chosen)
    if dimension is None:
        return total, []
    groups = sorted((group, made) for (dim, group), made in sums.items() if dim == dimension)
    made = [figures.of(group, group_sums, chosen) for group, group_sums in groups]
    return total, [figure for figure in made if figure.counted()]


@dataclass(frozen=True)
class WorkingDays:
    """Durations in working days of a group's cases, for their mean; a case whose span reaches a
    year the working calendar does not know is left out of the mean (and counted as `unknown`)
    rather than failing the report."""

    days: int = 0
    timed: int = 0
    unknown: int = 0

    @classmethod
    def of(cls, measures: Counter[str], prefix: str) -> WorkingDays:
        """The durations summed under `prefix` (see `application.report_counts.working_days`)."""
        return cls(*(measures[f"{prefix}{name}"] for name in ("days", "timed", "unknown")))

    @property
    def mean(self) -> Decimal | None:
        return mean_days(self.days, self.timed)


def mean_days(days: int, count: int) -> Decimal | None:
    """The mean of `count` durations adding up to `days`, to one decimal place; None if none."""
    if not count:
        return None
    return (Decimal(days) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tally(
    rows: Iterable[CaseRow],
    keys: Callable[[CaseRow], Iterable[str]],
    new: Callable[[str], F],
    count: Callable[[F, CaseRow], None],
) -> tuple[F, list[F]]:
    """Count every row into a total (`new("total")`) and into the groups its `keys` name,
    sorted by key (for the few rows counted as they are, such as the policy catalogue)."""
    total = new("total")
    groups: dict[str, F] = {}
    for row in rows:
        count(total, row)
        for key in keys(row):
            if key not in groups:
                groups[key] = new(key)
            count(groups[key], row)
    return total, [groups[key] for key in sorted(groups)]
