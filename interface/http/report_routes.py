"""Routes of `/api/v1/reports`: the figures the offices report, derived from the events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from application.catalogue_figures import CatalogueFigures
from application.periods import FORMS
from application.ratios import ChosenRatio, Ratio
from application.department_ranking import SCORE, DepartmentStanding
from application.vocabulary import ENUMERATED, report_groups
from domain.bounds import FIRST_YEAR, LAST_YEAR
from domain.errors import InvalidValue
from domain.inspection import FindingOutcome
from interface.http.consistency import ReadAtDep
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import ISO_DAY, YEARS, Code
from interface.http.permits import guarded
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES
from interface.http.tables import TABLE_RESPONSES, Column, TableFormat, table_response

router = APIRouter(prefix="/reports", tags=["reports 报表"], responses=ERROR_RESPONSES)


def text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def group_column(
    heading: str, dimension: str | None, key: str = "group", names: Mapping[str, str] | None = None
) -> Column:
    """The column naming each row's group (the total, or a group by `dimension`), labelled."""
    return (key, heading, report_groups(dimension, names))


DAY = f"^{ISO_DAY}$"
PERIOD = rf"^({YEARS}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?|{ISO_DAY}~{ISO_DAY})$"


@dataclass
class ReportQuery:
    """The query parameters every report takes: a named `period`, or the days `from` … `to`,
    and the `min_position` the report must reflect (`read`)."""

    read: ReadAtDep
    period: Annotated[
        str | None,
        Query(
            max_length=21, pattern=PERIOD, examples=["2026-Q1", "2026-H1"],
            description=f"{FORMS}, in the years {FIRST_YEAR}–{LAST_YEAR}",
        ),
    ] = None
    first: Annotated[
        str | None, Query(alias="from", pattern=DAY, description="the period's first day, with `to`")
    ] = None
    last: Annotated[
        str | None, Query(alias="to", pattern=DAY, description="the period's last day (included)")
    ] = None
    jurisdiction: Code | None = None
    format: TableFormat = "json"  # noqa: A003 - the query parameter's documented name

    def __post_init__(self) -> None:
        if (self.first is None) != (self.last is None) or (self.first and self.period):
            raise InvalidValue("name a period, or both `from` and `to` (and not both)")
        if self.first and self.last:
            self.period = f"{self.first}~{self.last}"
        if not self.period:
            raise InvalidValue(f"name a period ({FORMS}), or both `from` and `to`")

    def table(self, title: str, columns: list[Column], rows: list[dict[str, Any]],
              report: Any) -> Response:  # fmt: skip
        """The report's rows as a spreadsheet named after its title, jurisdiction and period."""
        name = f"{title}-{report.jurisdiction}-{report.period.label}"
        table = table_response(columns, rows, self.format, name)
        return self.read.answer(table, report.log_position)

    @property
    def min_position(self) -> int | None:
        return self.read.min_position


ReportQueryDep = Annotated[ReportQuery, Depends()]


class RatioView(BaseModel):
    """One ratio of a report, with its definition, the basis its cohort was placed by, and its
    terms: counts, or exact amounts in yuan as decimal strings (`unit`)."""

    name: str = Field(description="the ratio's code, as `GET /reports/definitions` lists it")
    definition: str
    basis: str = Field(description="which date placed a case in the period (口径)")
    unit: Literal["count", "yuan"]
    numerator: int | str = Field(description="a count, or an amount in yuan such as \"1234.56\"")
    denominator: int | str
    value: str | None = Field(description="numerator ÷ denominator to 4 places; null if 0 ÷ 0")
    reference: str | None = Field(None, description="the configured value compared with")
    above_reference: bool | None = None

    @classmethod
    def of(cls, ratio: Ratio) -> RatioView:
        value, reference = ratio.value, ratio.reference
        as_text = ratio.unit == "yuan"
        return cls(
            name=ratio.name,
            definition=ratio.definition,
            basis=ratio.basis,
            unit=ratio.unit,
            numerator=str(ratio.numerator) if as_text else int(ratio.numerator),
            denominator=str(ratio.denominator) if as_text else int(ratio.denominator),
            value=text(value),
            reference=text(reference),
            above_reference=value >= reference if value is not None and reference else None,
        )


def ratio_views(figures: Any) -> dict[str, RatioView]:
    """The ratios of a group's figures, as the answer shows them."""
    return {name: RatioView.of(ratio) for name, ratio in figures.ratios().items()}


class FiguresView(BaseModel):
    """One group's figures: each field is the figure of the same name (amounts and means as
    decimal strings), and its ratios; `name` is the group's name in the unit registry."""

    group: str
    name: str | None = Field(None, description="the unit's name in the registry (机构名录)")
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, figures: Any, names: Mapping[str, str] | None = None) -> Self:
        fields = [name for name in cls.model_fields if name not in ("ratios", "name")]
        return cls(**{name: shown(getattr(figures, name)) for name in fields},
                   name=(names or {}).get(figures.group), ratios=ratio_views(figures))  # fmt: skip


def shown(figure: object) -> object:
    """A figure as the answer shows it: an amount or mean as its exact decimal text."""
    if isinstance(figure, Decimal):
        return str(figure)
    return dict(figure) if isinstance(figure, Counter) else figure


def flat(view: BaseModel) -> dict[str, object]:
    """A figures view as one table row: its counts, and each ratio's value."""
    row = view.model_dump(exclude={"ratios"})
    return row | {name: ratio.value for name, ratio in getattr(view, "ratios").items()}


class ClosureFiguresView(FiguresView):
    received: int = Field(description="appeals received (受理) in the period")
    resolved: int = Field(description="… of which resolved (办结)")
    resolved_on_time: int
    followed_up: int
    satisfied_at_first: int = Field(description="satisfied or basically at the first follow-up")
    satisfied: int = Field(description="satisfied or basically at the latest follow-up")
    closed: int
    supervision_orders: int
    mean_working_days_to_resolve: str | None
    working_days_unknown: int = Field(
        description="cases left out of the mean: the working calendar lacks a year of theirs"
    )


class ClosureReportView(BaseModel):
    """Closure rates of a period: counts of the appeals received (受理) in it, each ratio over
    the cohort its definition and basis name."""

    jurisdiction: str
    period: str
    group_by: str | None
    log_position: int = Field(description="the event-log position the report reflects")
    total: ClosureFiguresView
    groups: list[ClosureFiguresView]


CLOSURE_COLUMNS: list[Column] = [
    ("received", "受理数"),
    ("resolved", "办结数"),
    ("resolved_on_time", "按期办结数"),
    ("followed_up", "回访数"),
    ("satisfied_at_first", "首次回访满意数"),
    ("satisfied", "满意数"),
    ("closed", "销号数"),
    ("supervision_orders", "督办单数"),
    ("closure_rate", "办结率"),
    ("on_time_rate", "按期办结率"),
    ("follow_up_rate", "回访率"),
    ("first_satisfaction_rate", "首次回访满意率"),
    ("satisfaction_rate", "满意率"),
    ("closed_rate", "销号率"),
    ("mean_working_days_to_resolve", "平均办结工作日"),
]


@router.get(
    "/closure-rates",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
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
    report = services.reports.closure_rates(
        principal, query.period, group_by, query.jurisdiction, query.min_position
    )
    query.read.reflects(report.log_position)
    names = services.units.names(report.jurisdiction)
    if query.format != "json":
        views = [ClosureFiguresView.of(f, names) for f in (report.total, *report.groups)]
        columns = [group_column("分组", group_by, names=names), *CLOSURE_COLUMNS]
        return query.table("办结率", columns, [flat(v) for v in views], report)
    return ClosureReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        group_by=report.group_by,
        log_position=report.log_position,
        total=ClosureFiguresView.of(report.total, names),
        groups=[ClosureFiguresView.of(group, names) for group in report.groups],
    )


class MediationFiguresView(FiguresView):
    entered: int = Field(description="pre-suit mediations entered (assigned) in the period")
    succeeded: int = Field(description="pre-suit mediations concluded in the period: succeeded")
    failed: int
    withdrawn: int
    litigation_concluded: int = Field(description="lawsuits concluded in the period")
    mediated: int = Field(description="… of which by mediation (调解结案)")
    suit_withdrawn: int
    mediations_succeeded: int = Field(
        description="调解成功 in all: pre-suit `succeeded` + in-suit `mediated`"
    )
    mean_days_to_conclude: str | None


class MediationReportView(BaseModel):
    """诉调对接 figures of a period, in total and per mediating organisation."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: MediationFiguresView
    organisations: list[MediationFiguresView]


MEDIATION_COLUMNS: list[Column] = [  # after the organisation's
    ("entered", "诉前受理数"),
    ("succeeded", "诉前调解成功数"),
    ("failed", "诉前调解失败数"),
    ("withdrawn", "诉前撤回数"),
    ("litigation_concluded", "诉讼结案数"),
    ("mediated", "诉中调解结案数"),
    ("suit_withdrawn", "撤诉数"),
    ("mediations_succeeded", "调解成功总数"),
    ("pre_suit_success_over_concluded", "诉前调解成功率"),
    ("pre_suit_success_over_entered", "诉前调解成功率(按受理)"),
    ("in_suit_mediation_ratio", "诉中调解率"),
    ("mediation_withdrawal_ratio", "调撤率"),
    ("mean_days_to_conclude", "平均办理天数"),
]


@router.get(
    "/mediation-ratios",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
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
    report = services.reports.mediation_ratios(
        principal, query.period, query.jurisdiction, query.min_position
    )
    query.read.reflects(report.log_position)
    names = services.units.names(report.jurisdiction)
    if query.format != "json":
        views = [MediationFiguresView.of(f, names) for f in (report.total, *report.groups)]
        columns = [group_column("调解组织", "organisation", names=names), *MEDIATION_COLUMNS]
        return query.table("诉调对接", columns, [flat(v) for v in views], report)
    return MediationReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        log_position=report.log_position,
        total=MediationFiguresView.of(report.total, names),
        organisations=[MediationFiguresView.of(g, names) for g in report.groups],
    )


class ClaimFiguresView(FiguresView):
    claims: int = Field(description="claims opened (applied for, or matched) in the period")
    granted: int
    rejected: int
    approved_amount: str
    disbursed_amount: str = Field(description="everything paid out, before any clawback")
    fully_disbursed: int
    disbursed_on_time: int
    breached: int = Field(description="commitments not kept (承诺未履行)")
    clawbacks: int = Field(description="claims with a clawback requested (发起追回)")
    clawback_amount: str
    recovered: int = Field(description="claims whose clawback was recovered in full")
    recovered_amount: str = Field(description="recovered so far (已追回)")
    net_disbursed_amount: str = Field(description="disbursed less recovered (净拨付)")
    mean_working_days_to_disburse: str | None
    working_days_unknown: int = Field(
        description="cases left out of the mean: the working calendar lacks a year of theirs"
    )


class ClaimReportView(BaseModel):
    """惠企政策兑现 figures of the claims opened in the period."""

    jurisdiction: str
    period: str
    group_by: str | None
    log_position: int = Field(description="the event-log position the report reflects")
    total: ClaimFiguresView
    groups: list[ClaimFiguresView]


CLAIM_COLUMNS: list[Column] = [
    ("claims", "申请数"),
    ("granted", "核准数"),
    ("rejected", "不予兑现数"),
    ("approved_amount", "核准金额(元)"),
    ("disbursed_amount", "拨付金额(元)"),
    ("fully_disbursed", "拨付完毕数"),
    ("disbursed_on_time", "按期拨付数"),
    ("breached", "承诺失信数"),
    ("clawbacks", "追回件数"),
    ("clawback_amount", "应追回金额(元)"),
    ("recovered", "追回完毕数"),
    ("recovered_amount", "已追回金额(元)"),
    ("net_disbursed_amount", "净拨付金额(元)"),
    ("disbursement_ratio", "拨付率"),
    ("on_time_disbursement_rate", "按期拨付率"),
    ("breach_rate", "承诺失信率"),
    ("recovery_ratio", "追回率"),
    ("mean_working_days_to_disburse", "平均拨付工作日"),
]


@router.get(
    "/policy-claims",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("report", "read-claims"),
    response_model=ClaimReportView,
    summary="惠企政策兑现 Claim figures",
)
def claim_figures(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
    group_by: Literal["mode", "policy", "department"] | None = None,
) -> Any:
    report = services.reports.claim_figures(
        principal, query.period, group_by, query.jurisdiction, query.min_position
    )
    query.read.reflects(report.log_position)
    names = services.units.names(report.jurisdiction)
    if query.format != "json":
        views = [ClaimFiguresView.of(f, names) for f in (report.total, *report.groups)]
        columns = [group_column("分组", group_by, names=names), *CLAIM_COLUMNS]
        return query.table("惠企政策兑现", columns, [flat(v) for v in views], report)
    return ClaimReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        group_by=report.group_by,
        log_position=report.log_position,
        total=ClaimFiguresView.of(report.total, names),
        groups=[ClaimFiguresView.of(group, names) for group in report.groups],
    )


class InspectionFiguresView(FiguresView):
    inspections: int
    service_visits: int
    outcomes: dict[str, int]
    penalties: str
    misconduct_reports: int


class InspectionReportView(BaseModel):
    """涉企检查 figures of the visits entered in the period."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: InspectionFiguresView
    bodies: list[InspectionFiguresView]


INSPECTION_COLUMNS: list[Column] = [  # after the inspecting body's
    ("inspections", "检查次数"),
    ("service_visits", "走访次数"),
    *ENUMERATED[FindingOutcome].labels.items(),  # the items found so, by outcome
    ("penalties", "罚款金额(元)"),
    ("misconduct_reports", "不当行为反映数"),
    ("first_violation_share", "首违不罚占比"),
]


@router.get(
    "/inspections",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("report", "read"),
    response_model=InspectionReportView,
    summary="涉企检查 Inspection figures",
)
def inspection_figures(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    report = services.reports.inspection_figures(
        principal, query.period, query.jurisdiction, query.min_position
    )
    query.read.reflects(report.log_position)
    names = services.units.names(report.jurisdiction)
    if query.format != "json":
        views = [InspectionFiguresView.of(f, names) for f in (report.total, *report.groups)]
        rows = [flat(view) | view.outcomes for view in views]
        columns = [group_column("检查主体", "body", names=names), *INSPECTION_COLUMNS]
        return query.table("涉企检查", columns, rows, report)
    return InspectionReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        log_position=report.log_position,
        total=InspectionFiguresView.of(report.total, names),
        bodies=[InspectionFiguresView.of(body, names) for body in report.groups],
    )


class StandingView(BaseModel):
    department: str
    name: str | None = Field(None, description="the unit's name in the registry (机构名录)")
    rank: int | None = Field(description="equal scores share a rank; null when nothing to score")
    score: str | None
    supervision_orders: int
    breaches: int = Field(
        description="supervision-list entries whose `since` lies in the period, other than the "
        "supervision orders themselves (counted in supervision_orders)"
    )
    breaches_by_rule: dict[str, int]
    ratios: dict[str, RatioView]

    @classmethod
    def of(cls, standing: DepartmentStanding, names: Mapping[str, str]) -> StandingView:
        return cls(
            department=standing.department,
            name=names.get(standing.department),
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


RANKING_COLUMNS: list[Column] = [  # after the rank and the department's
    ("score", "综合得分"),
    ("closure_rate", "办结率"),
    ("on_time_rate", "按期办结率"),
    ("satisfaction_rate", "满意率"),
    ("supervision_orders", "督办单数"),
    ("breaches", "督办清单条目数"),
]


@router.get(
    "/department-ranking",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("report", "read"),
    response_model=RankingView,
    summary="部门排名 Department ranking",
)
def department_ranking(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    ranking = services.reports.department_ranking(
        principal, query.period, query.jurisdiction, query.min_position
    )
    query.read.reflects(ranking.log_position)
    names = services.units.names(ranking.jurisdiction)
    views = [StandingView.of(standing, names) for standing in ranking.standings]
    if query.format != "json":
        department = group_column("单位", "department", key="department", names=names)
        columns = [("rank", "排名"), department, *RANKING_COLUMNS]
        return query.table("部门排名", columns, [flat(view) for view in views], ranking)
    return RankingView(
        jurisdiction=ranking.jurisdiction,
        period=ranking.period.label,
        log_position=ranking.log_position,
        score=SCORE,
        weights={name: str(weight) for name, weight in ranking.weights.items()},
        departments=views,
    )


class BasisView(BaseModel):
    name: str
    chinese_name: str
    date: str = Field(description="the case's date that places it in a period")


class DefinitionView(BaseModel):
    """One published ratio (统计口径) and the basis and reference this office uses."""

    name: str
    chinese_name: str
    report: str = Field(description="the report under /api/v1/reports that publishes it")
    cohort: str = Field(description="the cases the denominator is counted over")
    numerator: str
    denominator: str
    unit: Literal["count", "yuan"]
    bases: list[BasisView] = Field(description="the bases an office may choose; first: default")
    basis: str = Field(description="the basis this office counts it by")
    reference: str | None = Field(description="the value this office compares it with")

    @classmethod
    def of(cls, chosen: ChosenRatio) -> DefinitionView:
        definition = chosen.definition
        return cls(
            name=definition.name,
            chinese_name=definition.chinese,
            report=definition.report,
            cohort=definition.cohort,
            numerator=definition.numerator_text,
            denominator=definition.denominator_text,
            unit=definition.unit,
            bases=[BasisView(name=b.name, chinese_name=b.chinese, date=b.detail)
                   for b in definition.bases],  # fmt: skip
            basis=chosen.basis.name,
            reference=text(chosen.reference),
        )


@router.get(
    "/definitions",
    **guarded("report", "definitions"),
    response_model=list[DefinitionView],
    summary="统计口径 What every ratio counts",
)
def definitions(services: ServicesDep) -> Any:
    """Every ratio the reports publish: its cohort, numerator and denominator, the dates that
    may place a case in a period, and the basis and reference value configured here."""
    return [DefinitionView.of(chosen) for chosen in services.reports.definitions()]


class CatalogueFiguresView(BaseModel):
    group: str = Field(description="a mode's code, an issuing department, or total")
    name: str | None = Field(None, description="the department's name in the registry (机构名录)")
    in_force: int = Field(description="在册: published before the period ends, not withdrawn by then")
    published: int = Field(description="本期发布: published in the period")
    withdrawn: int = Field(description="本期废止: withdrawn in the period")

    @classmethod
    def of(
        cls, figures: CatalogueFigures, names: Mapping[str, str] | None = None
    ) -> CatalogueFiguresView:
        return cls(**vars(figures), name=(names or {}).get(figures.group))


class CatalogueReportView(BaseModel):
    """政策清单 figures of a period: by mode (兑现方式), every mode listed, and by issuing
    department; a policy counts under its current terms."""

    jurisdiction: str
    period: str
    log_position: int = Field(description="the event-log position the report reflects")
    total: CatalogueFiguresView
    modes: list[CatalogueFiguresView]
    departments: list[CatalogueFiguresView]


CATALOGUE_COLUMNS: list[Column] = [  # after the mode's and the issuing department's
    ("in_force", "在册政策数"),
    ("published", "本期发布数"),
    ("withdrawn", "本期废止数"),
]


@router.get(
    "/policy-catalogue",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("report", "read"),
    response_model=CatalogueReportView,
    summary="政策清单 Policy catalogue figures",
)
def policy_catalogue(
    services: ServicesDep,
    principal: PrincipalDep,
    query: ReportQueryDep,
) -> Any:
    catalogue = services.reports.policy_catalogue(
        principal, query.period, query.jurisdiction, query.min_position
    )
    query.read.reflects(catalogue.log_position)
    total = CatalogueFiguresView.of(catalogue.total)
    modes = [CatalogueFiguresView.of(figures) for figures in catalogue.modes]
    names = services.units.names(catalogue.jurisdiction)
    departments = [CatalogueFiguresView.of(figures, names) for figures in catalogue.departments]
    if query.format != "json":
        rows = [
            {column: view.group} | view.model_dump(exclude={"group"})
            for column, views in (("mode", [total, *modes]), ("department", departments))
            for view in views
        ]
        columns = [
            group_column("兑现方式", "mode", key="mode"),
            group_column("发布单位", "department", key="department", names=names),
            *CATALOGUE_COLUMNS,
        ]
        return query.table("政策清单", columns, rows, catalogue)
    return CatalogueReportView(
        jurisdiction=catalogue.jurisdiction,
        period=catalogue.period.label,
        log_position=catalogue.log_position,
        total=total,
        modes=modes,
        departments=departments,
    )
