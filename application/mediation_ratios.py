"""Mediation ratios (诉调对接 figures), computed from the case list.

Pre-suit figures count the mediations assigned (entered) or concluded in a period; litigation
figures count the lawsuits concluded in it. Every ratio carries its numerator, denominator and
definition, and is compared with a configurable reference value (e.g. a national average).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from application.case_index import CaseRow
from application.closure_rates import Ratio
from application.periods import Period
from application.tallies import mean_days, tally

PRE_SUIT_CONCLUDED = ("succeeded", "failed", "withdrawn")


@dataclass
class MediationFigures:
    """The counts of one organisation (or of all) in a period, and the ratios made of them."""

    group: str
    entered: int = 0  # pre-suit mediations assigned in the period
    succeeded: int = 0
    failed: int = 0
    withdrawn: int = 0
    litigation_concluded: int = 0
    mediated: int = 0  # 调解结案
    suit_withdrawn: int = 0  # 撤诉
    days_to_conclude: list[int] = field(default_factory=list)

    @property
    def pre_suit_concluded(self) -> int:
        return self.succeeded + self.failed + self.withdrawn

    def ratios(self) -> dict[str, Ratio]:
        return {
            "pre_suit_success_over_concluded": Ratio(
                "诉前调解成功率 = succeeded ÷ pre-suit concluded (succeeded + failed + withdrawn)",
                self.succeeded,
                self.pre_suit_concluded,
            ),
            "pre_suit_success_over_entered": Ratio(
                "诉前调解成功率(入口) = succeeded ÷ entered pre-suit mediation", self.succeeded, self.entered
            ),
            "in_suit_mediation_ratio": Ratio(
                "诉中调解率 = mediated ÷ lawsuits concluded", self.mediated, self.litigation_concluded
            ),
            "mediation_withdrawal_ratio": Ratio(
                "调撤率 = (mediated + withdrawn) ÷ lawsuits concluded",
                self.mediated + self.suit_withdrawn,
                self.litigation_concluded,
            ),
        }

    @property
    def mean_days_to_conclude(self) -> Decimal | None:
        """Mean calendar days from assignment to the pre-suit conclusion."""
        return mean_days(self.days_to_conclude)

    def count(self, row: CaseRow, period: Period) -> None:
        details = row.details
        assigned, pre_suit, litigation = (
            when(details.get(name))
            for name in ("assigned_on", "pre_suit_concluded_on", "litigation_concluded_on")
        )
        self.entered += assigned in period
        if pre_suit in period:
            self._count_pre_suit(row, assigned, pre_suit)  # type: ignore[arg-type]
        if litigation in period:
            self.litigation_concluded += 1
            self.mediated += row.status == "mediated"
            self.suit_withdrawn += row.status == "suit_withdrawn"

    def _count_pre_suit(self, row: CaseRow, assigned: date | None, concluded: date) -> None:
        # only a failed pre-suit mediation goes on to court, whatever its status is now
        outcome = row.status if row.status in PRE_SUIT_CONCLUDED else "failed"
        setattr(self, outcome, getattr(self, outcome) + 1)
        if assigned is not None:
            self.days_to_conclude.append((concluded - assigned).days)


def when(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def mediation_ratios(
    rows: Iterable[CaseRow], period: Period
) -> tuple[MediationFigures, list[MediationFigures]]:
    """The figures of a period, in total and per mediating organisation (those with any)."""
    total, groups = tally(
        rows,
        keys=lambda row: [str(row.details.get("organisation") or "(court)")],
        new=lambda group: MediationFigures(group=group),
        count=lambda figures, row: figures.count(row, period),
    )
    busy = [g for g in groups if g.entered or g.pre_suit_concluded or g.litigation_concluded]
    return total, busy
