"""The dashboard (统计): closure rates by department and by month, mediation ratios against their
reference values, policy disbursement and the department ranking, each figure linked to the
cases behind it; every table also as a spreadsheet.

The figures are the API's reports, read through the same services and shown with the same
views, headings and definitions; the spreadsheets are the API's own answers.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from application.closure_rates import UNASSIGNED
from application.periods import Period
from application.principal import Principal
from infrastructure.bootstrap import Services
from interface.http import report_routes
from interface.http.consistency import ReadAt
from interface.http.dependencies import services_of
from interface.http.report_routes import (
    CLAIM_COLUMNS,
    CLOSURE_COLUMNS,
    MEDIATION_COLUMNS,
    RANKING_COLUMNS,
    ClaimFiguresView,
    ClosureFiguresView,
    MediationFiguresView,
    ReportQuery,
    StandingView,
    flat,
)
from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import label, render, script_json

router = APIRouter(include_in_schema=False)
MONTHS = range(1, 13)


def period_of(period: str | None, today: date) -> str:
    """The period asked for (`2026`, `2026-Q1`, `2026-03` …); this year when none is."""
    chosen = period or str(today.year)
    Period.parse(chosen)  # refuses a malformed period with InvalidValue (422)
    return chosen


@router.get("/dashboard")
def dashboard(request: Request, principal: WebPrincipalDep, period: str | None = None) -> Response:
    services = services_of(request)
    chosen = period_of(period, services.appeals.today())
    span = Period.parse(chosen)
    cohort = f"/cases/appeals?received_from={span.start}&received_before={span.end}&organisation="
    names = services.units.names(principal.jurisdiction.value)
    closure = services.reports.closure_rates(principal, chosen, "department")
    mediation = services.reports.mediation_ratios(principal, chosen)
    claims = services.reports.claim_figures(principal, chosen, "mode")
    ranking = services.reports.department_ranking(principal, chosen)
    departments = [ClosureFiguresView.of(f, names) for f in closure.groups]
    open_entries = services.supervision.counted(principal, status="open").counts
    charts = {
        "closure": closure_chart(departments, cohort),
        "monthly": monthly_chart(services, principal, chosen),
        "mediation": mediation_chart(MediationFiguresView.of(mediation.total, names)),
        "claims": claims_chart([ClaimFiguresView.of(f) for f in claims.groups]),
    }
    return render(
        request, "dashboard.html", principal, period=chosen, charts=script_json(charts),
        closure=[flat(v) for v in [ClosureFiguresView.of(closure.total, names), *departments]],
        closure_columns=CLOSURE_COLUMNS,
        mediation=[flat(MediationFiguresView.of(f, names)) for f in (mediation.total, *mediation.groups)],
        mediation_columns=MEDIATION_COLUMNS,
        claims=[flat(ClaimFiguresView.of(f)) for f in (claims.total, *claims.groups)],
        claim_columns=CLAIM_COLUMNS,
        ranking=[flat(StandingView.of(s, names)) for s in ranking.standings],
        ranking_columns=RANKING_COLUMNS, names=names, cohort=cohort, unassigned=UNASSIGNED, supervision=by_rule(open_entries),
        log_position=min(closure.log_position, mediation.log_position, ranking.log_position),
    )  # fmt: skip


def by_rule(counts: Counter[tuple[str, tuple[str, ...]]]) -> list[tuple[str, int]]:
    """The open supervision-list entries per rule, most first."""
    totals: Counter[str] = Counter()
    for (rule, _), count in counts.items():
        totals[rule] += count
    return totals.most_common()


def percent(value: str | None) -> float | None:
    return round(float(value) * 100, 1) if value is not None else None


def closure_chart(departments: list[ClosureFiguresView], cohort: str) -> dict[str, Any]:
    """办结率, 按期办结率 and 满意率 per department, in percent; each bar links to the
    department's appeals received in the period (the appeals not yet assigned have no link)."""
    return {
        "categories": [d.name or label("report_group", d.group) for d in departments],
        "links": [None if d.group == UNASSIGNED else cohort + d.group for d in departments],
        "series": {
            title: [percent(d.ratios[name].value) for d in departments]
            for name, title in (("closure_rate", "办结率"), ("on_time_rate", "按期办结率"),
                                ("satisfaction_rate", "满意率"))
        },  # fmt: skip
    }


def monthly_chart(services: Services, principal: Principal, period: str) -> dict[str, Any]:
    """The year's closure rate and received count month by month."""
    year = period[:4]
    months = [services.reports.closure_rates(principal, f"{year}-{m:02d}").total for m in MONTHS]
    return {
        "categories": [f"{m}月" for m in MONTHS],
        "rates": [percent(ClosureFiguresView.of(t).ratios["closure_rate"].value) for t in months],
        "received": [t.received for t in months],
    }


def mediation_chart(total: MediationFiguresView) -> dict[str, Any]:
    """Each mediation ratio beside its reference value, in percent."""
    ratios = list(total.ratios.values())
    return {
        "categories": [dict(MEDIATION_COLUMNS).get(r.name, r.name) for r in ratios],
        "values": [percent(r.value) for r in ratios],
        "references": [percent(r.reference) for r in ratios],
    }


def claims_chart(modes: list[ClaimFiguresView]) -> dict[str, Any]:
    """Approved and disbursed amounts (yuan) per mode of delivery."""
    return {
        "categories": [label("policy_mode", m.group) for m in modes],
        "approved": [float(m.approved_amount) for m in modes],
        "disbursed": [float(m.disbursed_amount) for m in modes],
    }


Report = Literal["closure-rates", "mediation-ratios", "claim-figures", "department-ranking"]
EXPORTS = {
    "closure-rates": (report_routes.closure_rates, "department"),
    "mediation-ratios": (report_routes.mediation_ratios, "organisation"),
    "claim-figures": (report_routes.claim_figures, "mode"),
    "department-ranking": (report_routes.department_ranking, None),
}


@router.get("/dashboard/export/{report}")
def export(
    request: Request,
    report: Report,
    principal: WebPrincipalDep,
    period: str | None = None,
    format: Literal["xlsx", "csv"] = Query("xlsx"),  # noqa: A002 - as the API names it
) -> Response:
    """A dashboard table as the API's spreadsheet of it."""
    services = services_of(request)
    query = ReportQuery(
        read=ReadAt(None, Response()), period=period_of(period, services.appeals.today()),
        format=format,
    )  # fmt: skip
    route, group_by = EXPORTS[report]
    if group_by is None:
        return route(services, principal, query)  # type: ignore[no-any-return,call-arg]
    return route(services, principal, query, group_by)  # type: ignore[no-any-return,call-arg]
