"""Catalogue figures (政策清单): a jurisdiction's policies by mode (兑现方式) and by issuing
department, computed from the case list. Of a period it counts the policies in force (在册) at its
end, those published (发布) in it and those withdrawn (废止) in it.

A policy is counted under its terms as they stand now (after its latest revision).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.policy_claim import PolicyMode

from application.case_index import CaseRow
from application.periods import Period
from application.tallies import tally


@dataclass
class CatalogueFigures:
    """The policies of one mode or department (or of all) over a period."""

    group: str
    in_force: int = 0  # 在册: published before the period ends and not withdrawn by then
    published: int = 0  # 本期发布
    withdrawn: int = 0  # 本期废止

    def count(self, row: CaseRow, period: Period) -> None:
        published, withdrawn = day_of(row, "published_on"), day_of(row, "withdrawn_on")
        self.in_force += in_force_at(published, withdrawn, period.end)
        self.published += published in period
        self.withdrawn += withdrawn in period


@dataclass(frozen=True)
class Catalogue:
    """The catalogue figures of a jurisdiction over a period, and the log position they reflect:
    in total, for every mode (in the order of `PolicyMode`) and per issuing department."""

    jurisdiction: str
    period: Period
    total: CatalogueFigures
    modes: list[CatalogueFigures]
    departments: list[CatalogueFigures]
    log_position: int


def day_of(row: CaseRow, detail: str) -> date | None:
    """The date `detail` of a row (ISO text), None if it has none."""
    value = row.details.get(detail)
    return date.fromisoformat(str(value)) if value else None


def in_force_at(published: date | None, withdrawn: date | None, end: date) -> bool:
    """Published before `end` and not withdrawn before it."""
    return published is not None and published < end and (withdrawn is None or withdrawn >= end)


def in_the_period(row: CaseRow, period: Period) -> bool:
    """Whether the policy was in the catalogue at some time in the period: published before it
    ends and not withdrawn before it starts."""
    published, withdrawn = day_of(row, "published_on"), day_of(row, "withdrawn_on")
    return in_force_at(published, withdrawn, period.end) or withdrawn in period


def catalogue_figures(
    rows: Iterable[CaseRow], period: Period
) -> tuple[CatalogueFigures, list[CatalogueFigures], list[CatalogueFigures]]:
    """The figures of the policies in the catalogue during `period`: in total, for every mode
    (none left out, so a mode without policies shows its zeros) and per issuing department."""
    shown = [row for row in rows if in_the_period(row, period)]

    def figures(group: str) -> CatalogueFigures:
        return CatalogueFigures(group=group)

    def count(figures: CatalogueFigures, row: CaseRow) -> None:
        figures.count(row, period)

    total, by_mode = tally(shown, lambda row: [str(row.details["mode"])], figures, count)
    _, departments = tally(shown, lambda row: row.organisations, figures, count)
    counted = {group.group: group for group in by_mode}
    modes = [counted.get(mode.value) or figures(mode.value) for mode in PolicyMode]
    return total, modes, departments
