"""Inspection figures (涉企检查): by inspecting body, by finding outcome, penalties and the share of
首违不罚, computed from the case list. The cohort of a period is the visits entered in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from application.case_index import CaseRow
from application.closure_rates import Ratio
from application.periods import Period
from application.tallies import dated_in, tally

FIRST_VIOLATION = "first_violation_not_penalised"


@dataclass
class InspectionFigures:
    """The counts of one inspecting body (or of all) in a period."""

    group: str
    inspections: int = 0  # enforcement visits entered
    service_visits: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    penalties: Decimal = Decimal("0.00")
    misconduct_reports: int = 0

    @property
    def violations(self) -> int:
        """Findings of a violation: everything but compliant."""
        return sum(n for outcome, n in self.outcomes.items() if outcome != "compliant")

    def ratios(self) -> dict[str, Ratio]:
        return {
            "first_violation_share": Ratio(
                "首违不罚占比 = first violations not penalised ÷ findings of a violation",
                self.outcomes[FIRST_VIOLATION],
                self.violations,
            )
        }

    def count(self, row: CaseRow) -> None:
        details = row.details
        if details["visit_kind"] == "service_visit":
            self.service_visits += 1
        else:
            self.inspections += 1
        self.outcomes.update(details.get("outcomes") or {})
        self.penalties += Decimal(str(details.get("penalty_total") or "0.00"))
        self.misconduct_reports += int(details.get("misconduct_reports") or 0)


def inspection_figures(
    rows: Iterable[CaseRow], period: Period
) -> tuple[InspectionFigures, list[InspectionFigures]]:
    """The figures of the visits entered in `period`, in total and per inspecting body (a joint
    inspection counts for each of its bodies)."""
    return tally(
        dated_in(rows, "entered_on", period),
        keys=lambda row: row.organisations,
        new=lambda group: InspectionFigures(group=group),
        count=InspectionFigures.count,
    )
