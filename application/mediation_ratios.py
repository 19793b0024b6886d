"""Mediation figures (诉调对接).

Pre-suit counts are those of the mediations entered (assigned) or concluded in a period;
litigation counts those of the lawsuits concluded in it. Each ratio counts its own cohort, as
`application.ratio_definitions` defines it under the basis the office chose, and is compared with
its reference value (e.g. a national average). What a case adds is counted once, when its
events are applied (`COUNTING`); a report sums it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import (
    ENTERED,
    LITIGATION_CONCLUDED,
    MEDIATIONS,
    PRE_SUIT_CONCLUDED,
)
from application.ratios import ChosenRatio, Ratio, RatioCounts, Sums
from application.report_counts import Counting, Placed, sums_of_rows
from application.tallies import figures_by_group, mean_days

PRE_SUIT_OUTCOMES = ("succeeded", "failed", "withdrawn")


@dataclass
class MediationFigures:
    """The counts of one organisation (or of all) in a period, and its ratios."""

    group: str
    ratio_counts: RatioCounts = field(repr=False)
    entered: int = 0  # pre-suit mediations assigned in the period
    succeeded: int = 0  # pre-suit mediations concluded in the period, by outcome
    failed: int = 0
    withdrawn: int = 0
    litigation_concluded: int = 0  # lawsuits concluded in the period
    mediated: int = 0  # 调解结案
    suit_withdrawn: int = 0  # 撤诉
    days_to_conclude: int = 0  # calendar days from assignment to conclusion, in all
    conclusions_timed: int = 0  # … of this many mediations

    @classmethod
    def of(cls, group: str, sums: Sums, chosen: Sequence[ChosenRatio]) -> MediationFigures:
        """The figures of a group from its sums over the period."""
        concluded = sums.get(PRE_SUIT_CONCLUDED.detail, Counter())
        litigation = sums.get(LITIGATION_CONCLUDED.detail, Counter())
        return cls(
            group, RatioCounts(chosen, sums), sums.get(ENTERED.detail, Counter())["entered"],
            *(concluded[outcome] for outcome in PRE_SUIT_OUTCOMES),
            *(litigation[name] for name in ("litigation_concluded", "mediated", "suit_withdrawn")),
            concluded["conclude_days"], concluded["conclude_timed"],
        )  # fmt: skip

    @property
    def pre_suit_concluded(self) -> int:
        return self.succeeded + self.failed + self.withdrawn

    @property
    def mediations_succeeded(self) -> int:
        """调解成功 in all: pre-suit agreements plus lawsuits concluded by mediation."""
        return self.succeeded + self.mediated

    def ratios(self) -> dict[str, Ratio]:
        return self.ratio_counts.results()

    @property
    def mean_days_to_conclude(self) -> Decimal | None:
        """Mean calendar days from assignment to the pre-suit conclusion."""
        return mean_days(self.days_to_conclude, self.conclusions_timed)

    def counted(self) -> bool:
        return (
            bool(self.entered or self.pre_suit_concluded or self.litigation_concluded)
            or self.ratio_counts.counted()
        )


def placed(row: CaseRow, calendar: WorkingCalendar) -> Placed:
    """What a mediation adds on the days it entered and concluded, besides its ratios."""
    assigned, concluded = ENTERED.day(row), PRE_SUIT_CONCLUDED.day(row)
    measures: Placed = {ENTERED.detail: {"entered": 1}}
    if concluded is not None:
        measures[PRE_SUIT_CONCLUDED.detail] = {str(row.details["pre_suit_outcome"]): 1}
        if assigned is not None:
            days = {"conclude_days": (concluded - assigned).days, "conclude_timed": 1}
            measures[PRE_SUIT_CONCLUDED.detail] |= days
    measures[LITIGATION_CONCLUDED.detail] = {
        "litigation_concluded": 1,
        "mediated": int(row.status == "mediated"),
        "suit_withdrawn": int(row.status == "suit_withdrawn"),
    }
    return measures


def organisation(row: CaseRow) -> str:
    return str(row.details.get("organisation") or "(court)")


COUNTING = Counting(
    MEDIATIONS, "mediation", lambda row: [("organisation", organisation(row))], placed
)


def mediation_ratios(
    rows: Iterable[CaseRow],
    period: Period,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[MediationFigures, list[MediationFigures]]:
    """The figures of a period counted from the rows themselves, in total and per mediating
    organisation (those with any)."""
    sums = sums_of_rows(COUNTING, rows, calendar, period, "organisation")
    return figures_by_group(MediationFigures, sums, "organisation", chosen)
