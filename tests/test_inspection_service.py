"""The inspection service and the service-visit policy on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from application.case_index import CaseFilter
from application.errors import Forbidden, NotFound
from application.inspection_commands import (
    CloseVisit,
    CollectDemands,
    Enter,
    PublishResults,
    Rate,
    RecordFindings,
    RegisterInspection,
)
from application.principal import Principal
from application.visit_demands import appeal_id_for
from domain.actor import Actor, Role
from domain.appeal import AppealStatus, Category, Channel, Urgency
from domain.enterprise import Enterprise
from domain.errors import InvalidTransition
from domain.inspection import Demand, Finding, FindingOutcome, InspectionStatus, VisitKind
from infrastructure.bootstrap import Services
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, NANCHANG_COUNTY, Clock
from tests.conftest import open_services
from tests.inspection_steps import ITEMS, OFFICERS, VISITORS

INSPECTOR = Principal(Actor("liu.yang", Role.INSPECTOR, "scjgj"), NANCHANG_COUNTY)
OTHER_INSPECTOR = Principal(Actor("sun.lei", Role.INSPECTOR, "yjglj"), NANCHANG_COUNTY)
INSPECTION = RegisterInspection(
    jurisdiction=NANCHANG_COUNTY,
    enterprise=Enterprise(ACME, "南昌某某科技有限公司"),
    visit_kind=VisitKind.ADMINISTRATIVE_INSPECTION,
    bodies=("scjgj",),
    inspectors=OFFICERS,
    items=ITEMS,
    planned_date=date(2026, 3, 3),
    legal_basis="《食品安全法》第一百一十条",
)
VISIT = replace(
    INSPECTION,
    visit_kind=VisitKind.SERVICE_VISIT,
    bodies=("yshb", "gxj"),
    inspectors=VISITORS,
    items=("惠企政策宣讲",),
    legal_basis=None,
)
DEMANDS = (
    Demand("用电增容审批慢", Category.FACTOR_POWER, Urgency.URGENT),
    Demand("技改补贴未兑现", Category.POLICY_REDEMPTION),
)


def test_an_inspection_from_registration_to_close(services: Services, clock: Clock) -> None:
    visit = services.inspections.register(INSPECTION, INSPECTOR)
    assert visit.case_number == "JC-360121-2026-000001"
    clock.advance(days=1)
    findings = tuple(Finding(item, FindingOutcome.COMPLIANT) for item in ITEMS)
    for command, principal in [
        (Enter(), INSPECTOR),
        (RecordFindings(findings=findings), INSPECTOR),
        (PublishResults(summary="未发现问题"), INSPECTOR),
        (CloseVisit(), INSPECTOR),
        (Rate(stars=5, comment="规范"), ENTERPRISE),
    ]:
        services.inspections.execute(visit.id, command, principal)
    stored = services.inspections.get(visit.id, AUDITOR)
    assert stored.status is InspectionStatus.CLOSED
    assert stored.findings == findings and stored.rating == 5
    assert stored.registered_days_before_entry() == 1


def test_who_may_register_and_see_inspections(services: Services) -> None:
    with pytest.raises(Forbidden, match="own body"):
        services.inspections.register(INSPECTION, OTHER_INSPECTOR)
    with pytest.raises(Forbidden, match="service visits"):
        services.inspections.register(INSPECTION, COORDINATOR)
    visit = services.inspections.register(INSPECTION, INSPECTOR)
    with pytest.raises(NotFound):
        services.inspections.get(visit.id, OTHER_INSPECTOR)
    with pytest.raises(NotFound):
        services.appeals.get(visit.id, COORDINATOR)  # not an appeal
    with pytest.raises(Forbidden):
        services.inspections.execute(visit.id, Rate(stars=1), INSPECTOR)
    listed = services.inspections.list(CaseFilter(), OTHER_INSPECTOR)
    assert listed.rows == []
    assert [row.case_number for _, row in services.inspections.list(CaseFilter(), ENTERPRISE).rows] == [
        visit.case_number
    ]


def test_each_collected_demand_becomes_one_appeal(services: Services) -> None:
    visit = services.inspections.register(VISIT, COORDINATOR)
    services.inspections.execute(visit.id, Enter(), COORDINATOR)
    services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    assert services.appeals.list(CaseFilter(), COORDINATOR).rows == []  # not the handler's job
    services.visit_demands.catch_up()
    services.visit_demands.catch_up()
    rows = [row for _, row in services.appeals.list(CaseFilter(), COORDINATOR).rows]
    assert len(rows) == 2
    first = services.appeals.get(appeal_id_for(visit.id, 1), COORDINATOR)
    assert (first.channel, first.category, first.urgency) == (
        Channel.SERVICE_VISIT, Category.FACTOR_POWER, Urgency.URGENT,
    )  # fmt: skip
    assert first.visit_id == visit.id and first.status is AppealStatus.SUBMITTED
    assert first.enterprise.credit_code == ACME


def test_the_policy_resumes_after_a_crash_without_duplicates(
    database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_services(database_url, clock)
    visit = first.inspections.register(VISIT, COORDINATOR)
    first.inspections.execute(visit.id, Enter(), COORDINATOR)
    first.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    first.inspections.execute(visit.id, CollectDemands(demands=DEMANDS[:1]), COORDINATOR)

    submit = first.appeals.submit
    calls = []

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return submit(*args, **kwargs)

    monkeypatch.setattr(first.appeals, "submit", crash_on_second)
    with pytest.raises(RuntimeError):
        first.visit_demands.catch_up()
    first.close()

    restarted = open_services(database_url, clock)
    restarted.visit_demands.catch_up()
    appeals = [row for _, row in restarted.appeals.list(CaseFilter(), COORDINATOR).rows]
    assert len(appeals) == 3
    assert sorted(row.case_number for row in appeals) == [
        f"SQ-360121-2026-{n:06d}" for n in (1, 2, 3)
    ]
    restarted.close()


def test_a_refused_step_records_nothing(services: Services) -> None:
    visit = services.inspections.register(VISIT, COORDINATOR)
    with pytest.raises(InvalidTransition):
        services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    assert services.inspections.get(visit.id, COORDINATOR).version == 1
