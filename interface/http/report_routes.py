"""Routes of `/api/v1/reports`: the figures the offices report, derived from the events."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from application.catalogue_figures import CatalogueFigures
from application.claim_figures import ClaimFigures
from application.closure_rates import ClosureFigures, Ratio
from application.department_ranking import SCORE, DepartmentStanding
from application.inspection_figures import InspectionFigures
from application.mediation_ratios import MediationFigures
from domain.inspection import FindingOutcome
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import Code
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES
from interface.http.tables import TableFormat, table_response

router = APIRouter(prefix="/reports", tags=["reports 报表"], responses=ERROR_RESPONSES)


def text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


@dataclass
class ReportQuery:
    """The query parameters every report takes."""

    period: Annotated[str, Query(description="YYYY, YYYY-Qn or YYYY-MM", examples=["2026-Q1"])]
    jurisdiction: Code | None = None
    format: TableFormat = "json"  # noqa: A003 - the query parameter's documented name

    def table(self, title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]],
              report: Any) -> Response:  # fmt: skip
        """The report's rows as a spreadsheet named after its title, jurisdiction and period."""
        name = f"{title}-{report.jurisdiction}-{report.period.label}"
        return table_response(columns, rows, self.format, name)


ReportQueryDep = Annotated[ReportQuery, Depends()]


class RatioView(BaseModel):
    definition: str
    numerator: int
    denominator: int
    value: str | None = Field(description="numerator ÷ denominator to 4 places; null if 0 ÷ 0")
    reference: str | None = Field(None, description="the configured value compared with")
    above_reference: bool | None = None

    @classmethod
    def of(cls, ratio: Ratio, reference: Decimal | None = None) -> RatioView:
        value = ratio.value
        return cls(
            definition=ratio.definition,
            numerator=ratio.numerator,
            denominator=ratio.denominator,
            value=text(value),
            reference=text(reference),
            above_reference=value >= reference if value is not None and reference else None,
        )


class ClosureFiguresView(BaseModel):
    group: str
    received: int
    resolved: int
    resolved_on_time: int
    followed_up: int
    satisfied: int
    closed: int
    supervision_orders: int
    mean_working_days_to_resolve: str | None
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, figures: ClosureFigures) -> ClosureFiguresView:
        counts = {name: getattr(figures, name) for name in cls.model_fields if name not in
                  ("mean_working_days_to_resolve", "ratios")}  # fmt: skip
        return cls(
            **counts,
            mean_working_days_to_resolve=text(figures.mean_working_days_to_resolve),
            ratios={name: RatioView.of(ratio) for name, ratio in figures.ratios().items()},
        )


class ClosureReportView(BaseModel):
    """Closure rates of the appeals received (受理) in the period."""

    jurisdiction: str
    period: str
    group_by: str | None
    log_position: int = Field(description="the event-log position the report reflects")
    total: ClosureFiguresView
    groups: list[ClosureFiguresView]


CLOSURE_COLUMNS = [
    ("group", "分组"),
    ("received", "受理数"),
    ("resolved", "办结数"),
    ("resolved_on_time", "按期办结数"),
    ("followed_up", "回访数"),
    ("satisfied", "满意数"),
    ("closed", "销号数"),
    ("supervision_orders", "督办单数"),
    ("closure_rate", "办结率"),
    ("on_time_rate", "按期办结率"),
    ("follow_up_rate", "回访率"),
    ("satisfaction_rate", "满意率"),
    ("closed_rate", "销号率"),
    ("mean_working_days_to_resolve", "平均办结工作日"),
]


def flat(view: BaseModel) -> dict[str, object]:
    """A figures view as one table row: its counts, and each ratio's value."""
    row = view.model_dump(exclude={"ratios"})
    return row | {name: ratio.value for name, ratio in getattr(view, "ratios").items()}


@router.get(
    "/closure-rates",
    **guarded("report", "read"),
    response_model=ClosureReportView,
    summary="办结率 Closure rates",
)
def closure_rates(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
    group_by: Literal["department", "channel", "category", "level"] | None = None,
) -> Any:
    report = services.reports.closure_rates(principal, query.period, group_by, query.jurisdiction)
    if query.format != "json":
        views = [ClosureFiguresView.of(f) for f in (report.total, *report.groups)]
        return query.table("办结率", CLOSURE_COLUMNS, [flat(v) for v in views], report)
    return ClosureReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        group_by=report.group_by,
        log_position=report.log_position,
        total=ClosureFiguresView.of(report.total),
        groups=[ClosureFiguresView.of(group) for group in report.groups],
    )


class MediationFiguresView(BaseModel):
    group: str
    entered: int
    succeeded: int
    failed: int
    withdrawn: int
    litigation_concluded: int
    mediated: int
    suit_withdrawn: int
    mean_days_to_conclude: str | None
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, figures: MediationFigures, references: dict[str, Decimal]) -> MediationFiguresView:
        counts = {name: getattr(figures, name) for name in cls.model_fields if name not in
                  ("mean_days_to_conclude", "ratios", "group")}  # fmt: skip
        return cls(
            group=figures.group,
            **counts,
            mean_days_to_conclude=text(figures.mean_days_to_conclude),
            ratios={
                name: RatioView.of(ratio, references.get(name))
                for name, ratio in figures.ratios().items()
            },
        )


class MediationReportView(BaseModel):
    """诉调对接 figures of a period, in total and per mediating organisation."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: MediationFiguresView
    organisations: list[MediationFiguresView]


MEDIATION_COLUMNS = [
    ("group", "调解组织"),
    ("entered", "诉前受理数"),
    ("succeeded", "诉前调解成功数"),
    ("failed", "诉前调解失败数"),
    ("withdrawn", "诉前撤回数"),
    ("litigation_concluded", "诉讼结案数"),
    ("mediated", "诉中调解结案数"),
    ("suit_withdrawn", "撤诉数"),
    ("pre_suit_success_over_concluded", "诉前调解成功率(÷办结)"),
    ("pre_suit_success_over_entered", "诉前调解成功率(÷受理)"),
    ("in_suit_mediation_ratio", "诉中调解率"),
    ("mediation_withdrawal_ratio", "调撤率"),
    ("mean_days_to_conclude", "平均办理天数"),
]


@router.get(
    "/mediation-ratios",
    **guarded("report", "read"),
    response_model=MediationReportView,
    summary="诉调对接 Mediation ratios",
)
def mediation_ratios(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
    group_by: Literal["organisation"] | None = None,
) -> Any:
    report = services.reports.mediation_ratios(principal, query.period, query.jurisdiction)
    refs = report.references
    if query.format != "json":
        views = [MediationFiguresView.of(f, refs) for f in (report.total, *report.groups)]
        return query.table("诉调对接", MEDIATION_COLUMNS, [flat(v) for v in views], report)
    return MediationReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        log_position=report.log_position,
        total=MediationFiguresView.of(report.total, refs),
        organisations=[MediationFiguresView.of(g, refs) for g in report.groups],
    )


class ClaimFiguresView(BaseModel):
    group: str
    claims: int
    granted: int
    rejected: int
    approved_amount: str
    disbursed_amount: str
    fully_disbursed: int
    disbursed_on_time: int
    mean_working_days_to_disburse: str | None
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, figures: ClaimFigures) -> ClaimFiguresView:
        counts = {name: getattr(figures, name) for name in
                  ("group", "claims", "granted", "rejected", "fully_disbursed", "disbursed_on_time")}  # fmt: skip
        return cls(
            **counts,
            approved_amount=str(figures.approved_amount),
            disbursed_amount=str(figures.disbursed_amount),
            mean_working_days_to_disburse=text(figures.mean_working_days_to_disburse),
            ratios={name: RatioView.of(ratio) for name, ratio in figures.ratios().items()},
        )


class ClaimReportView(BaseModel):
    """惠企政策兑现 figures of the claims opened in the period."""

    jurisdiction: str
    period: str
    group_by: str | None
    log_position: int = Field(description="the event-log position the report reflects")
    total: ClaimFiguresView
    groups: list[ClaimFiguresView]


CLAIM_COLUMNS = [
    ("group", "分组"),
    ("claims", "申请数"),
    ("granted", "核准数"),
    ("rejected", "不予兑现数"),
    ("approved_amount", "核准金额(元)"),
    ("disbursed_amount", "拨付金额(元)"),
    ("fully_disbursed", "拨付完毕数"),
    ("disbursed_on_time", "按期拨付数"),
    ("disbursement_ratio", "拨付率"),
    ("on_time_disbursement_rate", "按期拨付率"),
    ("mean_working_days_to_disburse", "平均拨付工作日"),
]


@router.get(
    "/policy-claims",
    **guarded("report", "read"),
    response_model=ClaimReportView,
    summary="惠企政策兑现 Claim figures",
)
def claim_figures(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
    group_by: Literal["mode", "policy", "department"] | None = None,
) -> Any:
    report = services.reports.claim_figures(principal, query.period, group_by, query.jurisdiction)
    if query.format != "json":
        views = [ClaimFiguresView.of(f) for f in (report.total, *report.groups)]
        return query.table("惠企政策兑现", CLAIM_COLUMNS, [flat(v) for v in views], report)
    return ClaimReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        group_by=report.group_by,
        log_position=report.log_position,
        total=ClaimFiguresView.of(report.total),
        groups=[ClaimFiguresView.of(group) for group in report.groups],
    )


class InspectionFiguresView(BaseModel):
    group: str
    inspections: int
    service_visits: int
    outcomes: dict[str, int]
    penalties: str
    misconduct_reports: int
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, figures: InspectionFigures) -> InspectionFiguresView:
        return cls(
            group=figures.group,
            inspections=figures.inspections,
            service_visits=figures.service_visits,
            outcomes=dict(figures.outcomes),
            penalties=str(figures.penalties),
            misconduct_reports=figures.misconduct_reports,
            ratios={name: RatioView.of(ratio) for name, ratio in figures.ratios().items()},
        )


class InspectionReportView(BaseModel):
    """涉企检查 figures of the visits entered in the period."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: InspectionFiguresView
    bodies: list[InspectionFiguresView]


INSPECTION_COLUMNS = [
    ("group", "检查主体"),
    ("inspections", "检查次数"),
    ("service_visits", "走访次数"),
    *(
        (outcome.value, heading)
        for outcome, heading in zip(
            FindingOutcome,
            ("未发现问题", "责令整改", "首违不罚", "轻微不罚", "行政处罚"),
            strict=True,
        )
    ),
    ("penalties", "罚款金额(元)"),
    ("misconduct_reports", "不当行为反映数"),
    ("first_violation_share", "首违不罚占比"),
]


@router.get(
    "/inspections",
    **guarded("report", "read"),
    response_model=InspectionReportView,
    summary="涉企检查 Inspection figures",
)
def inspection_figures(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    report = services.reports.inspection_figures(principal, query.period, query.jurisdiction)
    if query.format != "json":
        views = [InspectionFiguresView.of(f) for f in (report.total, *report.groups)]
        rows = [flat(view) | view.outcomes for view in views]
        return query.table("涉企检查", INSPECTION_COLUMNS, rows, report)
    return InspectionReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        log_position=report.log_position,
        total=InspectionFiguresView.of(report.total),
        bodies=[InspectionFiguresView.of(body) for body in report.groups],
    )


class StandingView(BaseModel):
    department: str
    rank: int | None = Field(description="equal scores share a rank; null when nothing to score")
    score: str | None
    supervision_orders: int
    breaches: int = Field(description="supervision-list entries whose `since` lies in the period")
    breaches_by_rule: dict[str, int]
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, standing: DepartmentStanding) -> StandingView:
        return cls(
            department=standing.department,
            rank=standing.rank,
            score=text(standing.score),
            supervision_orders=standing.supervision_orders,
            breaches=sum(standing.breaches.values()),
            breaches_by_rule=dict(standing.breaches),
            ratios={name: RatioView.of(ratio) for name, ratio in standing.ratios.items()},
        )


class RankingView(BaseModel):
    """月调度、季排名、年考评: the departments ranked by a composite score."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the ranking reflects")
    score: str = Field(description="how the score is computed")
    weights: dict[str, str]
    departments: list[StandingView]


RANKING_COLUMNS = [
    ("rank", "排名"),
    ("department", "单位"),
    ("score", "综合得分"),
    ("closure_rate", "办结率"),
    ("on_time_rate", "按期办结率"),
    ("satisfaction_rate", "满意率"),
    ("supervision_orders", "督办单数"),
    ("breaches", "督办清单条目数"),
]


@router.get(
    "/department-ranking",
    **guarded("report", "read"),
    response_model=RankingView,
    summary="部门排名 Department ranking",
)
def department_ranking(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    ranking = services.reports.department_ranking(principal, query.period, query.jurisdiction)
    views = [StandingView.of(standing) for standing in ranking.standings]
    if query.format != "json":
        return query.table("部门排名", RANKING_COLUMNS, [flat(view) for view in views], ranking)
    return RankingView(
        jurisdiction=ranking.jurisdiction,
        period=ranking.period.label,
        log_position=ranking.log_position,
        score=SCORE,
        weights={name: str(weight) for name, weight in ranking.weights.items()},
        departments=views,
    )


class CatalogueFiguresView(BaseModel):
    group: str = Field(description="a mode's code, an issuing department, or total")
    in_force: int = Field(description="在册: published before the period ends, not withdrawn by then")
    published: int = Field(description="本期发布: published in the period")
    withdrawn: int = Field(description="本期废止: withdrawn in the period")

    @classmethod
    def of(cls, figures: CatalogueFigures) -> CatalogueFiguresView:
        return cls(**vars(figures))


class CatalogueReportView(BaseModel):
    """政策清单 figures of a period: by mode (兑现方式), every mode listed, and by issuing
    department; a policy counts under its current terms."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: CatalogueFiguresView
    modes: list[CatalogueFiguresView]
    departments: list[CatalogueFiguresView]


CATALOGUE_COLUMNS = [
    ("mode", "兑现方式"),
    ("department", "发布单位"),
    ("in_force", "在册政策数"),
    ("published", "本期发布数"),
    ("withdrawn", "本期废止数"),
]


@router.get(
    "/policy-catalogue",
    **guarded("report", "read"),
    response_model=CatalogueReportView,
    summary="政策清单 Policy catalogue figures",
)
def policy_catalogue(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    catalogue = services.reports.policy_catalogue(principal, query.period, query.jurisdiction)
    total = CatalogueFiguresView.of(catalogue.total)
    modes = [CatalogueFiguresView.of(figures) for figures in catalogue.modes]
    departments = [CatalogueFiguresView.of(figures) for figures in catalogue.departments]
    if query.format != "json":
        rows = [
            {column: view.group} | view.model_dump(exclude={"group"})
            for column, views in (("mode", [total, *modes]), ("department", departments))
            for view in views
        ]
        return query.table("政策清单", CATALOGUE_COLUMNS, rows, catalogue)
    return CatalogueReportView(
        jurisdiction=catalogue.jurisdiction,
        period=catalogue.period.label,
        log_position=catalogue.log_position,
        total=total,
        modes=modes,
        departments=departments,
    )
