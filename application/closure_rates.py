"""Closure rates of appeals (办结率 and the rest), computed from the case list.

The counts of a period are those of the appeals received (受理) in it; each ratio counts its own
cohort, as `application.ratio_definitions` defines it under the basis the office chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import RECEIVED, RESOLVED, SATISFIED
from application.ratios import ChosenRatio, Ratio, RatioCounts
from application.tallies import WorkingDays, tally

GROUPINGS = {"department", "channel", "category", "level"}
UNASSIGNED = "(unassigned)"  # the department group of appeals not yet assigned


@dataclass
class ClosureFigures:
    """The counts of one group of a period's appeals, and its ratios."""

    group: str
    ratio_counts: RatioCounts = field(repr=False)
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0  # by the deadline in force at the first resolution
    followed_up: int = 0
    satisfied_at_first: int = 0  # satisfied or basically satisfied at the first follow-up
    satisfied: int = 0  # … at the latest follow-up
    closed: int = 0
    supervision_orders: int = 0
    working_days_to_resolve: WorkingDays = field(default_factory=WorkingDays)

    def ratios(self) -> dict[str, Ratio]:
        return self.ratio_counts.results()

    @property
    def working_days_unknown(self) -> int:
        """Cases left out of the mean: the working calendar lacks a year of their span."""
        return self.working_days_to_resolve.unknown

    @property
    def mean_working_days_to_resolve(self) -> Decimal | None:
        """Mean working days from receipt to (latest) resolution."""
        return self.working_days_to_resolve.mean

    def count(self, row: CaseRow, period: Period, calendar: WorkingCalendar) -> None:
        self.ratio_counts.add(row)
        received = RECEIVED.day(row)
        if received not in period:
            return
        details = row.details
        self.received += 1
        self.supervision_orders += int(details["supervision_orders"])
        resolved = RESOLVED.day(row)
        if resolved is None:
            return
        self.resolved += 1
        self.resolved_on_time += bool(details["first_resolved_on_time"])
        self.followed_up += int(details["follow_ups"]) > 0
        self.satisfied_at_first += details.get("first_satisfaction") in SATISFIED
        self.satisfied += details["satisfaction"] in SATISFIED
        self.closed += bool(details["closed_on"])
        self.working_days_to_resolve.add(calendar, received, resolved)


def closure_rates(
    rows: Iterable[CaseRow],
    period: Period,
    group_by: str | None,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[ClosureFigures, list[ClosureFigures]]:
    """The figures of `period`: in total and per group."""
    return tally(
        rows,
        keys=lambda row: [group_key(row, group_by)] if group_by else [],
        new=lambda group: ClosureFigures(group, RatioCounts(chosen, period)),
        count=lambda figures, row: figures.count(row, period, calendar),
        kept=lambda figures: bool(figures.received) or figures.ratio_counts.counted(),
    )


def group_key(row: CaseRow, group_by: str) -> str:
    if group_by == "department":
        return row.organisations[0] if row.organisations else UNASSIGNED
    return str(row.details.get(group_by) or "(none)")
