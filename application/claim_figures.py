"""Policy-claim figures (惠企政策兑现): counts and exact amounts by mode, policy or department,
disbursed ÷ approved, on-time disbursement, computed from the case list.

The cohort of a period is the claims opened (matched or applied for) in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.working_days import WorkingCalendar, working_days_between

from application.case_index import CaseRow
from application.closure_rates import Ratio
from application.periods import Period
from application.tallies import dated_in, mean_days, tally

CLAIM_GROUPINGS = {"mode": "mode", "policy": "policy", "department": "issuing_department"}
GRANTED = ("confirmed", "approved", "partly_disbursed", "disbursed", "verified", "breached",
           "clawback_requested", "recovered")  # fmt: skip


@dataclass
class ClaimFigures:
    """The counts and amounts of one group of a period's claims."""

    group: str
    claims: int = 0
    granted: int = 0  # approved, or confirmed when matched (免申即享)
    rejected: int = 0
    approved_amount: Decimal = Decimal("0.00")
    disbursed_amount: Decimal = Decimal("0.00")
    fully_disbursed: int = 0
    disbursed_on_time: int = 0
    working_days_to_disburse: list[int] = field(default_factory=list)

    def ratios(self) -> dict[str, Ratio]:
        return {
            "disbursement_ratio": Ratio(
                "拨付率 = amount disbursed ÷ amount approved", self.disbursed_amount, self.approved_amount
            ),
            "on_time_disbursement_rate": Ratio(
                "按时拨付率 = fully disbursed by the due day ÷ fully disbursed",
                self.disbursed_on_time,
                self.fully_disbursed,
            ),
        }

    @property
    def mean_working_days_to_disburse(self) -> Decimal | None:
        """Mean working days from approval (or confirmation) to full disbursement."""
        return mean_days(self.working_days_to_disburse)

    def count(self, row: CaseRow, calendar: WorkingCalendar) -> None:
        details = row.details
        self.claims += 1
        self.rejected += row.status == "rejected"
        if row.status not in GRANTED:
            return
        self.granted += 1
        self.approved_amount += Decimal(str(details["approved_amount"]))
        self.disbursed_amount += Decimal(str(details["disbursed_total"]))
        if details.get("fully_disbursed_on"):
            self.fully_disbursed += 1
            self.disbursed_on_time += bool(details.get("disbursed_on_time"))
            granted, paid = (date.fromisoformat(str(details[k])) for k in ("granted_on", "fully_disbursed_on"))
            self.working_days_to_disburse.append(working_days_between(calendar, granted, paid))


def claim_figures(
    rows: Iterable[CaseRow], period: Period, group_by: str | None, calendar: WorkingCalendar
) -> tuple[ClaimFigures, list[ClaimFigures]]:
    """The figures of the claims opened in `period`: in total and per group."""
    return tally(
        dated_in(rows, "opened_on", period),
        keys=lambda row: [str(row.details.get(CLAIM_GROUPINGS[group_by]))] if group_by else [],
        new=lambda group: ClaimFigures(group=group),
        count=lambda figures, row: figures.count(row, calendar),
    )
