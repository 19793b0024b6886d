"""Routes of `/api/v1/reports`: the figures the offices report, derived from the events."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from application.closure_rates import ClosureFigures, Ratio
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import Code
from interface.http.problems import ERROR_RESPONSES

router = APIRouter(prefix="/reports", tags=["reports 报表"], responses=ERROR_RESPONSES)


def text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


class RatioView(BaseModel):
    definition: str
    numerator: int
    denominator: int
    value: str | None = Field(description="numerator ÷ denominator to 4 places; null if 0 ÷ 0")

    @classmethod
    def of(cls, ratio: Ratio) -> RatioView:
        return cls(
            definition=ratio.definition,
            numerator=ratio.numerator,
            denominator=ratio.denominator,
            value=text(ratio.value),
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


@router.get("/closure-rates", response_model=ClosureReportView, summary="办结率 Closure rates")
def closure_rates(
    services: ServicesDep,
    principal: PrincipalDep,
    period: Annotated[str, Query(description="YYYY, YYYY-Qn or YYYY-MM", examples=["2026-Q1"])],
    group_by: Literal["department", "channel", "category", "level"] | None = None,
    jurisdiction: Code | None = None,
) -> ClosureReportView:
    report = services.reports.closure_rates(principal, period, group_by, jurisdiction)
    return ClosureReportView(
        jurisdiction=report.jurisdiction,
        period=report.period.label,
        group_by=report.group_by,
        log_position=report.log_position,
        total=ClosureFiguresView.of(report.total),
        groups=[ClosureFiguresView.of(group) for group in report.groups],
    )
