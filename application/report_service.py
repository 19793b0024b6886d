"""Reports for the offices, derived from the case list (and stating the log position they reflect)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Generic, TypeVar

from domain.clock import CHINA_TZ
from domain.errors import InvalidValue

from application.case_index import CaseFilter, CaseRow
from application.consistency import ReadConsistency
from application.views import ViewUpdater
from application.catalogue_figures import Catalogue, catalogue_figures
from application.claim_figures import CLAIM_GROUPINGS, ClaimFigures
from application.closure_rates import GROUPINGS, ClosureFigures
from application.department_ranking import (
    DEFAULT_WEIGHTS,
    DepartmentStanding,
    department_ranking,
    require_weights,
)
from application.inspection_figures import InspectionFigures
from application.mediation_ratios import MediationFigures
from application.periods import Period
from application.permissions import readable_jurisdiction
from application.ratio_definitions import (
    APPEALS,
    CLAIMS,
    DEFAULT_REFERENCES,
    DEFINITIONS,
    INSPECTIONS,
    MEDIATIONS,
    merge_references,
    require_bases,
)
from application.ratios import ChosenRatio, Sums, choose
from application.principal import Principal
from application.report_counts import CaseCounts, ReportCounts, dimensions
from application.supervision_service import SupervisionService
from application.tallies import figures_by_group
from application.unit_service import unit_directory

F = TypeVar("F")


@dataclass(frozen=True)
class Report(Generic[F]):
    """A report's figures, in total and per group, and the log position they reflect."""

    jurisdiction: str
    period: Period
    group_by: str | None
    total: F
    groups: list[F]
    log_position: int


@dataclass(frozen=True)
class Ranking:
    """The departments of a jurisdiction ranked over a period, with the weights that scored them."""

    jurisdiction: str
    period: Period
    weights: dict[str, Decimal]
    standings: list[DepartmentStanding]
    log_position: int


@dataclass(frozen=True)
class Source:
    jurisdiction: str
    period: Period
    position: int


class ReportService:
    """Reports on the cases of a jurisdiction, for the offices and the auditors."""

    def __init__(
        self,
        index: ViewUpdater[CaseRow],
        counts: ViewUpdater[CaseCounts],
        supervision: SupervisionService,
        ratio_bases: Mapping[str, str] | None = None,
        ratio_references: Mapping[str, Decimal | None] | None = None,
        ranking_weights: dict[str, Decimal] | None = None,
        consistency: ReadConsistency | None = None,
    ) -> None:
        """`ratio_bases` are the office's choice of basis by ratio name, the defaults where
        they say nothing; `ratio_references` its reference values, exactly (the defaults of
        `application.ratio_definitions` if None). Every report reads its views once they
        reflect the `min_position` it is given (see `ReadConsistency`)."""
        self.index = index
        self.counts = counts
        self.consistency = consistency or ReadConsistency()
        self.supervision = supervision
        references = (
            DEFAULT_REFERENCES if ratio_references is None else merge_references(ratio_references, {})
        )
        self.ratios = choose(DEFINITIONS, require_bases(ratio_bases or {}), references)
        self.ranking_weights = require_weights(ranking_weights or DEFAULT_WEIGHTS)

    def definitions(self) -> list[ChosenRatio]:
        """Every ratio the reports publish, under the basis and reference this office chose."""
        return list(self.ratios)

    def _chosen(self, report: str) -> list[ChosenRatio]:
        return [ratio for ratio in self.ratios if ratio.definition.report == report]

    def closure_rates(
        self, principal: Principal, period: str, group_by: str | None = None,
        jurisdiction: str | None = None, min_position: int | None = None,
    ) -> Report[ClosureFigures]:  # fmt: skip
        """办结率, 按期办结率, 回访率, 满意率, 销号率, supervision orders and mean working days to
        resolve, of the appeals received in `period`, in total and per group.
        """
        sums, source = self._sums(
            principal, APPEALS, period, jurisdiction, group_by, GROUPINGS, min_position=min_position
        )
        total, groups = figures_by_group(ClosureFigures, sums, group_by, self._chosen(APPEALS))
        return Report(source.jurisdiction, source.period, group_by, total, groups, source.position)

    def mediation_ratios(
        self, principal: Principal, period: str, jurisdiction: str | None = None,
        min_position: int | None = None,
    ) -> Report[MediationFigures]:  # fmt: skip
        """Pre-suit success (over concluded and over entered), in-suit mediation ratio and 调撤率,
        in total and per mediating organisation, with mean days to conclude.
        """
        sums, source = self._sums(
            principal, MEDIATIONS, period, jurisdiction, "organisation", {"organisation"},
            min_position=min_position,
        )  # fmt: skip
        total, groups = figures_by_group(
            MediationFigures, sums, "organisation", self._chosen(MEDIATIONS)
        )
        return Report(
            source.jurisdiction, source.period, "organisation", total, groups, source.position
        )

    def claim_figures(
        self, principal: Principal, period: str, group_by: str | None = None,
        jurisdiction: str | None = None, min_position: int | None = None,
    ) -> Report[ClaimFigures]:  # fmt: skip
        """Claims, grants, exact amounts approved and disbursed, disbursed ÷ approved and on-time
        disbursement of the claims opened in `period`, by mode, policy or department.
        """
        sums, source = self._sums(
            principal, CLAIMS, period, jurisdiction, group_by, set(CLAIM_GROUPINGS),
            action="read-claims", min_position=min_position,
        )  # fmt: skip
        total, groups = figures_by_group(ClaimFigures, sums, group_by, self._chosen(CLAIMS))
        return Report(source.jurisdiction, source.period, group_by, total, groups, source.position)

    def inspection_figures(
        self, principal: Principal, period: str, jurisdiction: str | None = None,
        min_position: int | None = None,
    ) -> Report[InspectionFigures]:  # fmt: skip
        """Inspections and service visits entered in `period`, findings by outcome, penalties,
        misconduct reports and the share of 首违不罚, in total and per inspecting body.
        """
        sums, source = self._sums(
            principal, INSPECTIONS, period, jurisdiction, "body", {"body"}, min_position=min_position
        )
        total, bodies = figures_by_group(
            InspectionFigures, sums, "body", self._chosen(INSPECTIONS)
        )
        return Report(source.jurisdiction, source.period, "body", total, bodies, source.position)

    def department_ranking(
        self, principal: Principal, period: str, jurisdiction: str | None = None,
        min_position: int | None = None,
    ) -> Ranking:  # fmt: skip
        """Every department's closure rates, supervision orders and supervision-list entries of
        the period, its composite score and rank (see `application.department_ranking`)."""
        sums, source = self._sums(
            principal, APPEALS, period, jurisdiction, "department", GROUPINGS,
            min_position=min_position,
        )  # fmt: skip
        _, departments = figures_by_group(
            ClosureFigures, sums, "department", self._chosen(APPEALS)
        )
        period = source.period
        start, end = (datetime.combine(day, time(), CHINA_TZ) for day in (period.start, period.end))
        listed = self.supervision.counted(
            principal, source.jurisdiction, as_of=min(end, self.supervision.clock()),
            min_position=min_position, since_from=start, since_before=end,
        )  # fmt: skip
        registry = unit_directory(self.index, self.consistency, source.jurisdiction)
        not_ranked = {code for code, unit in registry.items() if not unit.handles}
        standings = department_ranking(
            departments, listed.counts, self.ranking_weights, not_ranked
        )
        return Ranking(
            source.jurisdiction, source.period, self.ranking_weights, standings,
            min(source.position, listed.log_position),
        )  # fmt: skip

    def _sums(
        self,
        principal: Principal,
        report: str,
        period: str,
        jurisdiction: str | None,
        group_by: str | None = None,
        groupings: set[str] | frozenset[str] = frozenset(),
        action: str = "read",
        *,
        min_position: int | None = None,
    ) -> tuple[dict[tuple[str, str], Sums], Source]:
        """What the cases of a report add up to over the period, in total and by `group_by`,
        after checking who asks (`action` on reports), the grouping and the period, once the
        counts reflect `min_position`."""
        source = self._check(principal, period, jurisdiction, group_by, groupings, action)
        position = self.consistency.position(self.counts, min_position)
        view: ReportCounts = self.counts.view  # type: ignore[assignment]
        sums = view.sums(report, source.jurisdiction, source.period, dimensions(group_by))
        return sums, Source(source.jurisdiction, source.period, position)

    def _check(
        self,
        principal: Principal,
        period: str,
        jurisdiction: str | None,
        group_by: str | None,
        groupings: set[str] | frozenset[str],
        action: str,
    ) -> Source:
        """The jurisdiction and period asked for, once who asks may read the report and the
        grouping is one the report has (position 0: not yet read)."""
        jurisdiction = readable_jurisdiction(principal, "report", jurisdiction, action)
        if group_by is not None and group_by not in groupings:
            raise InvalidValue(f"group_by is one of {sorted(groupings)}, got {group_by!r}")
        return Source(jurisdiction, Period.parse(period), 0)

    def policy_catalogue(
        self, principal: Principal, period: str, jurisdiction: str | None = None,
        min_position: int | None = None,
    ) -> Catalogue:  # fmt: skip
        """The policy catalogue (政策清单) by mode and by issuing department: policies in force at
        the end of `period`, published in it and withdrawn in it."""
        source = self._check(principal, period, jurisdiction, None, frozenset(), "read")
        position = self.consistency.position(self.index, min_position)
        query = CaseFilter(kind="policy", jurisdiction=source.jurisdiction, limit=None)
        rows = (row for _, row in self.index.view.select(query))
        total, modes, departments = catalogue_figures(rows, source.period)
        return Catalogue(
            source.jurisdiction, source.period, total, modes, departments, position
        )
