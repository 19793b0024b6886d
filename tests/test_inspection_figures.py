"""Inspection figures on a hand-computed history, on both stores, through the service and HTTP."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from application.inspection_commands import Enter, RecordFindings
from domain.inspection import Finding, FindingOutcome, VisitKind
from domain.money import Money
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, Clock
from tests.http_cases import auth
from tests.inspection_steps import ITEMS, JOINT_OFFICERS
from tests.test_inspection_service import INSPECTION, INSPECTOR, VISIT

O = FindingOutcome


def history(services: Services) -> None:
    """An administrative inspection (compliant; penalty 2000.00), a joint inspection with
    yjglj (first violation not penalised; minor violation), a service visit, and an inspection
    registered but never entered."""
    single = services.inspections.register(INSPECTION, INSPECTOR)
    joint = services.inspections.register(
        replace(INSPECTION, visit_kind=VisitKind.JOINT_INSPECTION, bodies=("scjgj", "yjglj"),
                inspectors=JOINT_OFFICERS), INSPECTOR)  # fmt: skip
    visit = services.inspections.register(VISIT, COORDINATOR)
    services.inspections.register(INSPECTION, INSPECTOR)  # never entered
    for case, principal in ((single, INSPECTOR), (joint, INSPECTOR), (visit, COORDINATOR)):
        services.inspections.execute(case.id, Enter(), principal)
    findings = {
        single.id: (Finding(ITEMS[0], O.COMPLIANT), Finding(ITEMS[2], O.PENALTY, penalty=Money.of("2000.00"))),
        joint.id: (Finding(ITEMS[0], O.FIRST_VIOLATION_NOT_PENALISED),
                   Finding(ITEMS[1], O.MINOR_VIOLATION_NOT_PENALISED)),
    }  # fmt: skip
    for case_id, recorded in findings.items():
        services.inspections.execute(case_id, RecordFindings(findings=recorded), INSPECTOR)


def test_inspection_figures_of_a_month(services: Services, clock: Clock) -> None:
    history(services)
    report = services.reports.inspection_figures(AUDITOR, "2026-03")
    total = report.total
    assert (total.inspections, total.service_visits, str(total.penalties)) == (2, 1, "2000.00")
    assert dict(total.outcomes) == {
        "compliant": 1, "penalty": 1, "first_violation_not_penalised": 1,
        "minor_violation_not_penalised": 1,
    }  # fmt: skip
    share = total.ratios()["first_violation_share"]
    assert (share.numerator, share.denominator, str(share.value)) == (1, 3, "0.3333")
    bodies = {figures.group: figures for figures in report.groups}
    assert sorted(bodies) == ["gxj", "scjgj", "yjglj", "yshb"]
    assert (bodies["scjgj"].inspections, bodies["yjglj"].inspections) == (2, 1)
    assert str(bodies["yjglj"].ratios()["first_violation_share"].value) == "0.5000"
    assert services.reports.inspection_figures(AUDITOR, "2026-04").total.inspections == 0


def test_inspection_figures_over_http(services: Services, clock: Clock) -> None:
    history(services)
    with TestClient(create_app(services)) as http:
        response = http.get("/api/v1/reports/inspections", params={"period": "2026"},
                            headers=auth(services, COORDINATOR))  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["total"]["penalties"] == "2000.00"
    assert response.json()["total"]["ratios"]["first_violation_share"]["value"] == "0.3333"
