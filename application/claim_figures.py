"""Policy-claim figures (惠企政策兑现): counts and exact amounts by mode, policy or department,
from grant to disbursement and, for commitments not kept, to clawback (追回).

The counts of a period are those of the claims opened (matched or applied for) in it; each ratio
counts its own cohort, as `application.ratio_definitions` defines it under the chosen basis. What
a claim adds is counted once, when its events are applied (`COUNTING`); a report sums it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.working_days import WorkingCalendar

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import CLAIMS, DISBURSED, GRANTED, OPENED, amount
from application.ratios import ChosenRatio, Ratio, RatioCounts, Sums, as_quantity
from application.report_counts import Counting, Placed, in_fen, sums_of_rows, working_days
from application.tallies import WorkingDays, figures_by_group

CLAIM_GROUPINGS = {"mode": "mode", "policy": "policy", "department": "issuing_department"}
ZERO = Decimal("0.00")


COUNTS = (
    "claims", "granted", "rejected", "fully_disbursed", "disbursed_on_time", "breached",
    "clawbacks", "recovered",
)  # fmt: skip
AMOUNTS = ("approved_amount", "disbursed_amount", "clawback_amount", "recovered_amount")


@dataclass
class ClaimFigures:
    """The counts and amounts of one group of a period's claims, and its ratios."""

    group: str
    ratio_counts: RatioCounts = field(repr=False)
    claims: int = 0
    granted: int = 0  # approved, or confirmed when matched (免申即享)
    rejected: int = 0
    fully_disbursed: int = 0
    disbursed_on_time: int = 0
    breached: int = 0  # commitments not kept (承诺未履行)
    clawbacks: int = 0  # claims with a clawback requested (发起追回)
    recovered: int = 0  # claims whose clawback was recovered in full
    approved_amount: Decimal = ZERO
    disbursed_amount: Decimal = ZERO  # everything paid out, before any clawback
    clawback_amount: Decimal = ZERO
    recovered_amount: Decimal = ZERO  # recovered so far, in full or in part
    working_days_to_disburse: WorkingDays = field(default_factory=WorkingDays)

    @classmethod
    def of(cls, group: str, sums: Sums, chosen: Sequence[ChosenRatio]) -> ClaimFigures:
        """The figures of a group from its sums over the period."""
        opened = sums.get(OPENED.detail, Counter())
        return cls(
            group, RatioCounts(chosen, sums), *(opened[name] for name in COUNTS),
            *(as_quantity(opened[name], "yuan") for name in AMOUNTS),  # type: ignore[misc]
            WorkingDays.of(opened, "disburse_"),
        )  # fmt: skip

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

    def counted(self) -> bool:
        return bool(self.claims) or self.ratio_counts.counted()


def placed(row: CaseRow, calendar: WorkingCalendar) -> Placed:
    """What a claim adds on the day it was opened, besides its ratios."""
    if OPENED.day(row) is None:
        return {}
    details = row.details
    measures = {
        "claims": 1,
        "rejected": int(row.status == "rejected"),
        "breached": int(bool(details.get("breached"))),
    } | clawback(details)
    granted = GRANTED.day(row)
    if granted is not None:
        measures |= {
            "granted": 1,
            "approved_amount": in_fen(amount(details, "granted_amount")),
            "disbursed_amount": in_fen(amount(details, "disbursed_total")),
        }
        paid = DISBURSED.day(row)
        if paid is not None:
            measures |= {
                "fully_disbursed": 1,
                "disbursed_on_time": int(bool(details.get("disbursed_on_time"))),
            } | working_days(calendar, granted, paid, "disburse_")
    return {OPENED.detail: measures}


def clawback(details: Mapping[str, object]) -> dict[str, int]:
    if not details.get("clawback_requested_on"):
        return {}
    return {
        "clawbacks": 1,
        "clawback_amount": in_fen(amount(details, "clawback_amount")),
        "recovered_amount": in_fen(amount(details, "recovered_total")),
        "recovered": int(bool(details.get("recovered_on"))),
    }


COUNTING = Counting(
    CLAIMS, "policy_claim",
    lambda row: [(name, str(row.details.get(detail))) for name, detail in CLAIM_GROUPINGS.items()],
    placed,
)  # fmt: skip


def claim_figures(
    rows: Iterable[CaseRow],
    period: Period,
    group_by: str | None,
    calendar: WorkingCalendar,
    chosen: Sequence[ChosenRatio],
) -> tuple[ClaimFigures, list[ClaimFigures]]:
    """The figures of `period` counted from the rows themselves: in total and per group."""
    sums = sums_of_rows(COUNTING, rows, calendar, period, group_by)
    return figures_by_group(ClaimFigures, sums, group_by, chosen)
