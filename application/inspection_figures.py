"""Inspection figures (涉企检查): by inspecting body, by finding outcome, penalties and the share of
首违不罚. The counts of a period are those of the visits entered in it; the ratio counts its cohort as
`application.ratio_definitions` defines it. What a visit adds is counted once, when its events are
applied (`COUNTING`); a report sums it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import INSPECTED, INSPECTIONS
from application.ratios import ChosenRatio, Ratio, RatioCounts, Sums, as_quantity
from application.report_counts import Counting, Placed, in_fen, sums_of_rows
from application.tallies import figures_by_group

OUTCOME = "outcome:"  # the measures of findings by outcome: outcome:compliant, …


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

    @classmethod
    def of(cls, group: str, sums: Sums, chosen: Sequence[ChosenRatio]) -> InspectionFigures:
        """The figures of a group from its sums over the period."""
        entered = sums.get(INSPECTED.detail, Counter())
        outcomes = Counter({
            name.removeprefix(OUTCOME): n for name, n in entered.items() if name.startswith(OUTCOME)
        })  # fmt: skip
        return cls(
            group, RatioCounts(chosen, sums), entered["inspections"], entered["service_visits"],
            outcomes, as_quantity(entered["penalties"], "yuan"),  # type: ignore[arg-type]
            entered["misconduct_reports"],
        )  # fmt: skip

    def ratios(self) -> dict[str, Ratio]:
        return self.ratio_counts.results()

    def counted(self) -> bool:
        return bool(self.inspections or self.service_visits)


def placed(row: CaseRow, calendar: WorkingCalendar) -> Placed:
    """What a visit adds on the day it entered the enterprise, besides its ratio."""
    details = row.details
    kind = "service_visits" if details["visit_kind"] == "service_visit" else "inspections"
    findings = {f"{OUTCOME}{name}": n for name, n in (details.get("outcomes") or {}).items()}
    return {
        INSPECTED.detail: {
            kind: 1,
            "penalties": in_fen(Decimal(str(details.get("penalty_total") or "0.00"))),
            "misconduct_reports": int(details.get("misconduct_reports") or 0),
        } | findings
    }


COUNTING = Counting(
    INSPECTIONS, "inspection", lambda row: [("body", body) for body in row.organisations], placed
)


def inspection_figures(
    rows: Iterable[CaseRow],
    period: Period,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[InspectionFigures, list[InspectionFigures]]:
    """The figures of the visits entered in `period` counted from the rows themselves, in total
    and per inspecting body (a joint inspection counts for each of its bodies)."""
    sums = sums_of_rows(COUNTING, rows, calendar, period, "body")
    return figures_by_group(InspectionFigures, sums, "body", chosen)
