"""Inspection figures (涉企检查): by inspecting body, by finding outcome, penalties and the share of
首违不罚, computed from the case list. The counts of a period are those of the visits entered in
it; the ratio counts its cohort as `application.ratio_definitions` defines it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import INSPECTED
from application.ratios import ChosenRatio, Ratio, RatioCounts
from application.tallies import tally


@dataclass
class InspectionFigures:
    """The counts of one inspecting body (or of all) in a period, and its ratio."""

    group: str
    ratio_counts: RatioCounts = field(repr=False)
    inspections: int = 0  # enforcement visits entered
    service_visits: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    penalties: Decimal = Decimal("0.00")
    misconduct_reports: int = 0

    def ratios(self) -> dict[str, Ratio]:
        return self.ratio_counts.results()

    def count(self, row: CaseRow, period: Period) -> None:
        self.ratio_counts.add(row)
        if INSPECTED.day(row) not in period:
            return
        details = row.details
        if details["visit_kind"] == "service_visit":
            self.service_visits += 1
        else:
            self.inspections += 1
        self.outcomes.update(details.get("outcomes") or {})
        self.penalties += Decimal(str(details.get("penalty_total") or "0.00"))
        self.misconduct_reports += int(details.get("misconduct_reports") or 0)


def inspection_figures(
    rows: Iterable[CaseRow], period: Period, chosen: Sequence[ChosenRatio]
) -> tuple[InspectionFigures, list[InspectionFigures]]:
    """The figures of the visits entered in `period`, in total and per inspecting body (a joint
    inspection counts for each of its bodies)."""
    return tally(
        rows,
        keys=lambda row: row.organisations,
        new=lambda group: InspectionFigures(group, RatioCounts(chosen, period)),
        count=lambda figures, row: figures.count(row, period),
        kept=lambda figures: bool(figures.inspections or figures.service_visits),
    )
