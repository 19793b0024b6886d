"""Closure rates of appeals (办结率 and the rest).

The counts of a period are those of the appeals received (受理) in it; each ratio counts its own
cohort, as `application.ratio_definitions` defines it under the basis the office chose. What an
appeal adds is counted once, when its events are applied (`COUNTING`); a report sums it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import APPEALS, RECEIVED, RESOLVED, SATISFIED
from application.ratios import ChosenRatio, Ratio, RatioCounts, Sums
from application.report_counts import Counting, Placed, sums_of_rows, working_days
from application.tallies import WorkingDays, figures_by_group

GROUPINGS = {"department", "channel", "category", "level"}
UNASSIGNED = "(unassigned)"  # the department group of appeals not yet assigned
COUNTS = (
    "received", "resolved", "resolved_on_time", "followed_up", "satisfied_at_first",
    "satisfied", "closed", "supervision_orders",
)  # fmt: skip


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

    @classmethod
    def of(cls, group: str, sums: Sums, chosen: Sequence[ChosenRatio]) -> ClosureFigures:
        """The figures of a group from its sums over the period."""
        received = sums.get(RECEIVED.detail, Counter())
        return cls(
            group, RatioCounts(chosen, sums), *(received[name] for name in COUNTS),
            WorkingDays.of(received, "resolve_"),
        )  # fmt: skip

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

    def counted(self) -> bool:
        return bool(self.received) or self.ratio_counts.counted()


def placed(row: CaseRow, calendar: WorkingCalendar) -> Placed:
    """What an appeal adds on the day it was received, besides its ratios."""
    received = RECEIVED.day(row)
    if received is None:
        return {}
    details = row.details
    measures = {"received": 1, "supervision_orders": int(details["supervision_orders"])}
    resolved = RESOLVED.day(row)
    if resolved is not None:
        measures |= {
            "resolved": 1,
            "resolved_on_time": int(bool(details["first_resolved_on_time"])),
            "followed_up": int(int(details["follow_ups"]) > 0),
            "satisfied_at_first": int(details.get("first_satisfaction") in SATISFIED),
            "satisfied": int(details["satisfaction"] in SATISFIED),
            "closed": int(bool(details["closed_on"])),
        } | working_days(calendar, received, resolved, "resolve_")
    return {RECEIVED.detail: measures}


def group_key(row: CaseRow, group_by: str) -> str:
    if group_by == "department":
        return row.organisations[0] if row.organisations else UNASSIGNED
    return str(row.details.get(group_by) or "(none)")


COUNTING = Counting(
    APPEALS, "appeal", lambda row: [(name, group_key(row, name)) for name in sorted(GROUPINGS)],
    placed,
)  # fmt: skip


def closure_rates(
    rows: Iterable[CaseRow],
    period: Period,
    group_by: str | None,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[ClosureFigures, list[ClosureFigures]]:
    """The figures of `period` counted from the rows themselves: in total and per group."""
    sums = sums_of_rows(COUNTING, rows, calendar, period, group_by)
    return figures_by_group(ClosureFigures, sums, group_by, chosen)
