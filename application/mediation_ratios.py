"""Mediation figures (诉调对接), computed from the case list.

Pre-suit counts are those of the mediations entered (assigned) or concluded in a period;
litigation counts those of the lawsuits concluded in it. Each ratio counts its own cohort, as
`application.ratio_definitions` defines it under the basis the office chose, and is compared with
its reference value (e.g. a national average).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import ENTERED, LITIGATION_CONCLUDED, PRE_SUIT_CONCLUDED
from application.ratios import ChosenRatio, Ratio, RatioCounts
from application.tallies import mean_days, tally

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
    days_to_conclude: list[int] = field(default_factory=list)

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
        return mean_days(self.days_to_conclude)

    def counted(self) -> bool:
        return bool(self.entered or self.pre_suit_concluded or self.litigation_concluded)

    def count(self, row: CaseRow, period: Period) -> None:
        self.ratio_counts.add(row)
        assigned, concluded = ENTERED.day(row), PRE_SUIT_CONCLUDED.day(row)
        self.entered += assigned in period
        if concluded in period:
            outcome = str(row.details["pre_suit_outcome"])
            setattr(self, outcome, getattr(self, outcome) + 1)
            if assigned is not None:
                self.days_to_conclude.append((concluded - assigned).days)  # type: ignore[operator]
        if LITIGATION_CONCLUDED.day(row) in period:
            self.litigation_concluded += 1
            self.mediated += row.status == "mediated"
            self.suit_withdrawn += row.status == "suit_withdrawn"


def mediation_ratios(
    rows: Iterable[CaseRow], period: Period, chosen: Sequence[ChosenRatio]
) -> tuple[MediationFigures, list[MediationFigures]]:
    """The figures of a period, in total and per mediating organisation (those with any)."""
    return tally(
        rows,
        keys=lambda row: [str(row.details.get("organisation") or "(court)")],
        new=lambda group: MediationFigures(group, RatioCounts(chosen, period)),
        count=lambda figures, row: figures.count(row, period),
        kept=lambda figures: figures.counted() or figures.ratio_counts.counted(),
    )
