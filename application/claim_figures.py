"""Policy-claim figures (惠企政策兑现): counts and exact amounts by mode, policy or department,
from grant to disbursement and, for commitments not kept, to clawback (追回), computed from the
case list.

The counts of a period are those of the claims opened (matched or applied for) in it; each ratio
counts its own cohort, as `application.ratio_definitions` defines it under the chosen basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import DISBURSED, GRANTED, OPENED, amount
from application.ratios import ChosenRatio, Ratio, RatioCounts
from application.tallies import WorkingDays, tally

CLAIM_GROUPINGS = {"mode": "mode", "policy": "policy", "department": "issuing_department"}
ZERO = Decimal("0.00")


@dataclass
class ClaimFigures:
    """The counts and amounts of one group of a period's claims, and its ratios."""

    group: str
    ratio_counts: RatioCounts = field(repr=False)
    claims: int = 0
    granted: int = 0  # approved, or confirmed when matched (免申即享)
    rejected: int = 0
    approved_amount: Decimal = ZERO
    disbursed_amount: Decimal = ZERO  # everything paid out, before any clawback
    fully_disbursed: int = 0
    disbursed_on_time: int = 0
    breached: int = 0  # commitments not kept (承诺未履行)
    clawbacks: int = 0  # claims with a clawback requested (发起追回)
    clawback_amount: Decimal = ZERO
    recovered: int = 0  # claims whose clawback was recovered in full
    recovered_amount: Decimal = ZERO  # recovered so far, in full or in part
    working_days_to_disburse: WorkingDays = field(default_factory=WorkingDays)

    @property
    def net_disbursed_amount(self) -> Decimal:
        """What the enterprises keep: disbursed less recovered (净拨付)."""
        return self.disbursed_amount - self.recovered_amount

    def ratios(self) -> dict[str, Ratio]:
        return self.ratio_counts.results()

    @property
    def working_days_unknown(self) -> int:
        """Cases left out of the mean: the working calendar lacks a year of their span."""
        return self.working_days_to_disburse.unknown

    @property
    def mean_working_days_to_disburse(self) -> Decimal | None:
        """Mean working days from approval (or confirmation) to full disbursement."""
        return self.working_days_to_disburse.mean

    def count(self, row: CaseRow, period: Period, calendar: WorkingCalendar) -> None:
        self.ratio_counts.add(row)
        if OPENED.day(row) not in period:
            return
        details = row.details
        self.claims += 1
        self.rejected += row.status == "rejected"
        self.breached += bool(details.get("breached"))
        self._count_clawback(details)
        granted = GRANTED.day(row)
        if granted is None:
            return
        self.granted += 1
        self.approved_amount += amount(details, "granted_amount")
        self.disbursed_amount += amount(details, "disbursed_total")
        paid = DISBURSED.day(row)
        if paid is not None:
            self.fully_disbursed += 1
            self.disbursed_on_time += bool(details.get("disbursed_on_time"))
            self.working_days_to_disburse.add(calendar, granted, paid)

    def _count_clawback(self, details: dict[str, object]) -> None:
        if not details.get("clawback_requested_on"):
            return
        self.clawbacks += 1
        self.clawback_amount += amount(details, "clawback_amount")
        self.recovered_amount += amount(details, "recovered_total")
        self.recovered += bool(details.get("recovered_on"))


def claim_figures(
    rows: Iterable[CaseRow],
    period: Period,
    group_by: str | None,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[ClaimFigures, list[ClaimFigures]]:
    """The figures of `period`: in total and per group."""
    return tally(
        rows,
        keys=lambda row: [str(row.details.get(CLAIM_GROUPINGS[group_by]))] if group_by else [],
        new=lambda group: ClaimFigures(group, RatioCounts(chosen, period)),
        count=lambda figures, row: figures.count(row, period, calendar),
        kept=lambda figures: bool(figures.claims) or figures.ratio_counts.counted(),
    )
