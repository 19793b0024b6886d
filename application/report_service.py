"""Reports for the offices, derived from the case list (and stating the log position they reflect)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.errors import InvalidValue
from domain.working_days import WorkingCalendar

from application.case_index import CaseFilter, CaseIndexUpdater
from application.claim_figures import CLAIM_GROUPINGS, ClaimFigures, claim_figures
from application.closure_rates import GROUPINGS, ClosureFigures, closure_rates
from application.errors import Forbidden
from application.inspection_figures import InspectionFigures, inspection_figures
from application.mediation_ratios import MediationFigures, mediation_ratios
from application.periods import Period
from application.permissions import require_role
from application.principal import Principal


@dataclass(frozen=True)
class MediationReport:
    jurisdiction: str
    period: Period
    total: MediationFigures
    organisations: list[MediationFigures]
    references: dict[str, Decimal]  # ratio name → the reference value it is compared with
    log_position: int


@dataclass(frozen=True)
class ClaimReport:
    jurisdiction: str
    period: Period
    group_by: str | None
    total: ClaimFigures
    groups: list[ClaimFigures]
    log_position: int


@dataclass(frozen=True)
class InspectionReport:
    jurisdiction: str
    period: Period
    total: InspectionFigures
    bodies: list[InspectionFigures]
    log_position: int


@dataclass(frozen=True)
class ClosureReport:
    jurisdiction: str
    period: Period
    group_by: str | None
    total: ClosureFigures
    groups: list[ClosureFigures]
    log_position: int


class ReportService:
    """Reports on the cases of a jurisdiction, for the offices and the auditors."""

    def __init__(
        self,
        index: CaseIndexUpdater,
        calendar: WorkingCalendar,
        mediation_references: dict[str, Decimal] | None = None,
    ) -> None:
        self.index = index
        self.calendar = calendar
        self.mediation_references = mediation_references or {}

    def closure_rates(
        self, principal: Principal, period: str, group_by: str | None = None,
        jurisdiction: str | None = None,
    ) -> ClosureReport:  # fmt: skip
        """办结率, 按期办结率, 回访率, 满意率, 销号率, supervision orders and mean working days to
        resolve, of the appeals received in `period`, in total and per group.
        """
        jurisdiction = self._readable(principal, jurisdiction)
        if group_by is not None and group_by not in GROUPINGS:
            raise InvalidValue(f"group_by is one of {sorted(GROUPINGS)}, got {group_by!r}")
        parsed = Period.parse(period)
        position = self.index.catch_up()
        query = CaseFilter(kind="appeal", jurisdiction=jurisdiction, limit=None)
        rows = (row for _, row in self.index.index.select(query))
        total, groups = closure_rates(rows, parsed, group_by, self.calendar)
        return ClosureReport(jurisdiction, parsed, group_by, total, groups, position)

    def mediation_ratios(
        self, principal: Principal, period: str, jurisdiction: str | None = None
    ) -> MediationReport:
        """Pre-suit success (over concluded and over entered), in-suit mediation ratio and 调撤率,
        in total and per mediating organisation, with mean days to conclude.
        """
        jurisdiction = self._readable(principal, jurisdiction)
        parsed = Period.parse(period)
        position = self.index.catch_up()
        query = CaseFilter(kind="mediation", jurisdiction=jurisdiction, limit=None)
        rows = (row for _, row in self.index.index.select(query))
        total, groups = mediation_ratios(rows, parsed)
        return MediationReport(
            jurisdiction, parsed, total, groups, self.mediation_references, position
        )

    def claim_figures(
        self, principal: Principal, period: str, group_by: str | None = None,
        jurisdiction: str | None = None,
    ) -> ClaimReport:  # fmt: skip
        """Claims, grants, exact amounts approved and disbursed, disbursed ÷ approved and on-time
        disbursement of the claims opened in `period`, by mode, policy or department.
        """
        jurisdiction = self._readable(principal, jurisdiction)
        if group_by is not None and group_by not in CLAIM_GROUPINGS:
            raise InvalidValue(f"group_by is one of {sorted(CLAIM_GROUPINGS)}, got {group_by!r}")
        parsed = Period.parse(period)
        position = self.index.catch_up()
        query = CaseFilter(kind="policy_claim", jurisdiction=jurisdiction, limit=None)
        rows = (row for _, row in self.index.index.select(query))
        total, groups = claim_figures(rows, parsed, group_by, self.calendar)
        return ClaimReport(jurisdiction, parsed, group_by, total, groups, position)

    def inspection_figures(
        self, principal: Principal, period: str, jurisdiction: str | None = None
    ) -> InspectionReport:
        """Inspections and service visits entered in `period`, findings by outcome, penalties,
        misconduct reports and the share of 首违不罚, in total and per inspecting body.
        """
        jurisdiction = self._readable(principal, jurisdiction)
        parsed = Period.parse(period)
        position = self.index.catch_up()
        query = CaseFilter(kind="inspection", jurisdiction=jurisdiction, limit=None)
        rows = (row for _, row in self.index.index.select(query))
        total, bodies = inspection_figures(rows, parsed)
        return InspectionReport(jurisdiction, parsed, total, bodies, position)

    @staticmethod
    def _readable(principal: Principal, jurisdiction: str | None) -> str:
        require_role(principal, "report", "read")
        own = principal.jurisdiction.value
        if jurisdiction not in (None, own):
            raise Forbidden(f"an actor of jurisdiction {own} may not read reports of {jurisdiction}")
        return own
