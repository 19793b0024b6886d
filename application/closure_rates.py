"""Closure rates of appeals (办结率 and the rest), computed from the case list.

The cohort of a period is the appeals received (受理) in it. Every ratio carries its numerator,
denominator and the name of its definition, because offices define them differently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.working_days import WorkingCalendar, working_days_between

from application.case_index import CaseRow
from application.periods import Period
from application.tallies import dated_in, mean_days, tally

GROUPINGS = {"department", "channel", "category", "level"}
SATISFIED = ("satisfied", "basically_satisfied")
UNASSIGNED = "(unassigned)"  # the department group of appeals not yet assigned


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator under a named definition; `value` is None when nothing is counted."""

    definition: str
    numerator: int | Decimal
    denominator: int | Decimal

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        quotient = Decimal(self.numerator) / Decimal(self.denominator)
        return quotient.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass
class ClosureFigures:
    """The counts of one group of a period's cohort, and the ratios made of them."""

    group: str
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    followed_up: int = 0
    satisfied: int = 0
    closed: int = 0
    supervision_orders: int = 0
    working_days_to_resolve: list[int] = field(default_factory=list)

    def ratios(self) -> dict[str, Ratio]:
        return {
            "closure_rate": Ratio("办结率 = resolved ÷ received", self.resolved, self.received),
            "on_time_rate": Ratio(
                "按期办结率 = resolved by the deadline ÷ resolved", self.resolved_on_time, self.resolved
            ),
            "follow_up_rate": Ratio("回访率 = followed up ÷ resolved", self.followed_up, self.resolved),
            "satisfaction_rate": Ratio(
                "满意率 = (satisfied + basically satisfied) ÷ followed up",
                self.satisfied,
                self.followed_up,
            ),
            "closed_rate": Ratio("销号率 = closed ÷ resolved", self.closed, self.resolved),
        }

    @property
    def mean_working_days_to_resolve(self) -> Decimal | None:
        """Mean working days from receipt to (latest) resolution."""
        return mean_days(self.working_days_to_resolve)

    def count(self, details: dict[str, object], calendar: WorkingCalendar) -> None:
        self.received += 1
        self.supervision_orders += int(details["supervision_orders"])  # type: ignore[call-overload]
        if not details["resolved_on"]:
            return
        self.resolved += 1
        self.resolved_on_time += bool(details["resolved_on_time"])
        self.followed_up += int(details["follow_ups"]) > 0  # type: ignore[call-overload]
        self.satisfied += details["satisfaction"] in SATISFIED
        self.closed += bool(details["closed_on"])
        received, resolved = (date.fromisoformat(str(details[k])) for k in ("received_on", "resolved_on"))
        self.working_days_to_resolve.append(working_days_between(calendar, received, resolved))


def closure_rates(
    rows: Iterable[CaseRow], period: Period, group_by: str | None, calendar: WorkingCalendar
) -> tuple[ClosureFigures, list[ClosureFigures]]:
    """The figures of the appeals received in `period`: in total and per group."""
    return tally(
        dated_in(rows, "received_on", period),
        keys=lambda row: [group_key(row, group_by)] if group_by else [],
        new=lambda group: ClosureFigures(group=group),
        count=lambda figures, row: figures.count(row.details, calendar),
    )


def group_key(row: CaseRow, group_by: str) -> str:
    if group_by == "department":
        return row.organisations[0] if row.organisations else UNASSIGNED
    return str(row.details.get(group_by) or "(none)")
