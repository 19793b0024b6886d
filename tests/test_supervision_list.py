"""The supervision list (督办清单): each rule positive and negative, judged as of any moment, on
both stores, through the service.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from application.appeal_commands import Assign, FollowUp, Receive, Resolve, Supervise
from application.errors import Forbidden
from application.inspection_commands import Enter, PublishResults, RecordFindings, ReportMisconduct
from application.mediation_commands import ExtendMediation, Succeed
from application.policy_claim_commands import Accept, Approve, Disburse
from domain.appeal import HandlingLevel, Outcome, Satisfaction
from domain.clock import CHINA_TZ
from domain.enterprise import Enterprise
from domain.errors import InvalidValue
from domain.inspection import Finding, FindingOutcome, Misconduct, QuietDayExemption
from domain.inspection.vocabulary import ExemptionReason
from domain.money import Money
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import (
    ACME,
    AUDITOR,
    COORDINATOR,
    ENTERPRISE,
    FOREIGN_COORDINATOR,
    HANDLER,
    OTHER_ENTERPRISE,
    OTHER_HANDLER,
    Clock,
    submission,
)
from tests.http_cases import auth
from tests.inspection_steps import ITEMS, OFFICERS
from tests.test_inspection_service import INSPECTION, INSPECTOR, OTHER_INSPECTOR, VISIT
from tests.test_mediation_service import ASSIGN, DISPUTE, MEDIATOR
from tests.test_policy_claim_service import FINANCE, GXJ, publish, submitted


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHINA_TZ)


def listing(services: Services, as_of: datetime | None = None, **criteria: Any) -> list[tuple]:
    """(case number, rule, status, cleared by) of each entry, as the auditor sees it."""
    entries = services.supervision.entries(AUDITOR, as_of=as_of, **criteria).entries
    return [(e.case_number, e.rule, e.status, e.cleared_by) for e in entries]


def assigned_appeal(services: Services, deadline: date, department: str = "scjgj") -> Any:
    appeal = services.appeals.submit(submission(), COORDINATOR)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    assign = Assign(department=department, level=HandlingLevel.COUNTY, deadline=deadline)
    return services.appeals.execute(appeal.id, assign, COORDINATOR)


# --- appeals ---------------------------------------------------------------------------------


def test_an_appeal_is_overdue_from_the_day_after_its_deadline_until_resolved(
    services: Services, clock: Clock
) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12, 15)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), HANDLER)
    number = appeal.case_number
    assert listing(services, at(10, 23, 59)) == []
    assert listing(services, at(11, 0)) == [(number, "appeal_overdue", "open", None)]
    assert listing(services) == [(number, "appeal_overdue", "cleared", "Resolved v4")]
    entry = services.supervision.entries(AUDITOR).entries[0]
    assert (entry.since, entry.due, entry.departments) == (at(11, 0), date(2026, 3, 10), ("scjgj",))
    assert entry.cleared_at == at(12, 15)


def test_an_appeal_resolved_in_time_never_goes_on_the_list(services: Services, clock: Clock) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(10, 17)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), HANDLER)
    clock.now = at(30)
    assert listing(services) == []


def unsatisfied(services: Services, clock: Clock) -> Any:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), HANDLER)
    clock.now = at(4)
    follow_up = FollowUp(satisfaction=Satisfaction.UNSATISFIED, comment="未解决")
    return services.appeals.execute(appeal.id, follow_up, COORDINATOR)


def test_an_unsatisfied_follow_up_needs_a_supervision_order_within_the_configured_days(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)  # followed up on the 4th: the order is due by the 9th
    number = appeal.case_number
    clock.now = at(11)
    assert listing(services, at(9, 23)) == []
    services.appeals.execute(
        appeal.id, Supervise(reason="企业不满意", deadline=date(2026, 3, 13)), COORDINATOR
    )
    assert listing(services, at(10)) == [(number, "unsatisfied_without_order", "open", None)]
    assert listing(services, at(11)) == [
        (number, "unsatisfied_without_order", "cleared", "SupervisionOrdered v6"),
        (number, "supervision_order", "open", None),  # the order itself, from its issue
    ]
    clock.now = at(16)
    assert listing(services, rule="supervision_order_overdue") == [
        (number, "supervision_order_overdue", "open", None)
    ]


def test_a_supervision_order_issued_in_time_leaves_no_overdue_entry(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    services.appeals.execute(
        appeal.id, Supervise(reason="企业不满意", deadline=date(2026, 3, 13)), COORDINATOR
    )
    clock.now = at(13, 18)
    assert listing(services) == [(appeal.case_number, "supervision_order", "open", None)]


# --- mediations and claims -------------------------------------------------------------------


def test_a_mediation_past_its_time_limit_is_listed_and_an_extended_one_is_not(
    services: Services, clock: Clock
) -> None:
    late = services.mediations.register(DISPUTE, COORDINATOR)
    late = services.mediations.execute(late.id, ASSIGN, COORDINATOR)  # due 1 April
    extended = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(extended.id, ASSIGN, COORDINATOR)
    clock.now = at(31)
    extend = ExtendMediation(deadline=date(2026, 4, 30), reason="当事人申请", approver="王庭长")
    services.mediations.execute(extended.id, extend, COORDINATOR)
    clock.now = at(3, month=4)
    services.mediations.execute(late.id, Succeed(terms="分期", amount=Money.of("1000.00")), MEDIATOR)
    assert listing(services, at(2, month=4)) == [(late.case_number, "mediation_overdue", "open", None)]
    assert listing(services, kind="mediation", status="cleared") == [
        (late.case_number, "mediation_overdue", "cleared", "Succeeded v3")
    ]
    assert listing(services, status="open") == []


def test_claims_overdue_in_review_and_in_disbursement(services: Services, clock: Clock) -> None:
    policy = publish(services)
    slow_review = submitted(services, policy.id)
    slow_review = services.claims.execute(slow_review.id, Accept(), GXJ)  # review due 9 March
    unpaid = submitted(services, policy.id)
    services.claims.execute(unpaid.id, Accept(), GXJ)
    unpaid = services.claims.execute(unpaid.id, Approve(amount=Money.of("1000.00")), GXJ)
    on_time = submitted(services, policy.id)
    services.claims.execute(on_time.id, Accept(), GXJ)
    services.claims.execute(on_time.id, Approve(amount=Money.of("1000.00")), GXJ)
    services.claims.execute(on_time.id, Disburse(amount=Money.of("1000.00")), FINANCE)
    clock.now = datetime.combine(unpaid.disbursement_due, datetime.min.time(), CHINA_TZ).replace(
        day=unpaid.disbursement_due.day + 1, hour=10
    )
    assert sorted(listing(services, kind="policy_claim")) == [
        (slow_review.case_number, "claim_review_overdue", "open", None),
        (unpaid.case_number, "claim_disbursement_overdue", "open", None),
    ]
    assert listing(services, at(9, 23)) == []


# --- inspections -----------------------------------------------------------------------------


def entered(services: Services, clock: Clock, day: int, command: Any = INSPECTION,
            principal: Any = INSPECTOR, month: int = 3) -> Any:  # fmt: skip
    """A visit registered now and entered on `day` of `month` (at 10:00)."""
    registered = services.inspections.register(
        replace(command, planned_date=date(2026, month, day)), principal
    )
    clock.now = at(day, 10, month=month)
    return services.inspections.execute(registered.id, Enter(), principal)


def rules_of(services: Services, case: Any) -> list[str]:
    return [entry.rule for entry in services.supervision.entries(AUDITOR).entries
            if entry.case_number == case.case_number]  # fmt: skip


def test_an_inspection_on_a_quiet_day_needs_an_exemption(services: Services, clock: Clock) -> None:
    plain = entered(services, clock, day=3)
    clock.now = at(2)
    exemption = QuietDayExemption(ExemptionReason.WORK_SAFETY, "燃气泄漏隐患排查")
    exempted = entered(services, clock, day=3, command=replace(INSPECTION, exemption=exemption))
    clock.now = at(2)
    visit = entered(services, clock, day=3, command=VISIT, principal=COORDINATOR)
    clock.now = at(2)
    after_window = entered(services, clock, day=23)
    assert rules_of(services, plain) == ["quiet_day"]
    assert rules_of(services, exempted) == []
    assert rules_of(services, visit) == []  # a service visit is not an inspection
    assert rules_of(services, after_window) == []
    entry = services.supervision.entries(AUDITOR, rule="quiet_day").entries[0]
    assert (entry.since, entry.due, entry.status) == (at(3, 10), None, "open")


def test_registration_on_the_day_of_entry_is_too_late(services: Services, clock: Clock) -> None:
    clock.now = at(23, 8)
    same_day = entered(services, clock, day=23)
    clock.now = at(23, 8)
    day_before = entered(services, clock, day=24)
    assert rules_of(services, same_day) == ["late_registration"]
    assert rules_of(services, day_before) == []


def test_an_enforcement_inspection_needs_two_inspectors(services: Services, clock: Clock) -> None:
    clock.now = at(22)
    alone = entered(services, clock, day=23, command=replace(INSPECTION, inspectors=OFFICERS[:1]))
    clock.now = at(22)
    two = entered(services, clock, day=23)
    assert rules_of(services, alone) == ["too_few_inspectors"]
    assert rules_of(services, two) == []


def test_results_must_be_published_in_time(services: Services, clock: Clock) -> None:
    clock.now = at(22)
    late = entered(services, clock, day=23)
    services.inspections.execute(late.id, RecordFindings(findings=(Finding(ITEMS[0], FindingOutcome.COMPLIANT),)), INSPECTOR)  # fmt: skip
    clock.now = at(22)
    prompt = entered(services, clock, day=23)
    services.inspections.execute(prompt.id, RecordFindings(findings=(Finding(ITEMS[0], FindingOutcome.COMPLIANT),)), INSPECTOR)  # fmt: skip
    clock.now = at(10, month=4)
    services.inspections.execute(prompt.id, PublishResults(summary="未发现问题"), INSPECTOR)
    clock.now = at(14, month=4)
    assert listing(services, at(12, 23, 59, month=4)) == []  # due 20 days after 23 March
    services.inspections.execute(late.id, PublishResults(summary="未发现问题"), INSPECTOR)
    assert listing(services, at(13, month=4)) == [(late.case_number, "results_unpublished", "open", None)]
    assert listing(services) == [
        (late.case_number, "results_unpublished", "cleared", "ResultsPublished v4")
    ]


def test_misconduct_reported_by_the_enterprise(services: Services, clock: Clock) -> None:
    clock.now = at(22)
    reported = entered(services, clock, day=23)
    clock.now = at(22)
    quiet = entered(services, clock, day=23)
    clock.now = at(24)
    report = ReportMisconduct(misconduct=Misconduct.SOLICITING_BENEFITS, description="索要好处")
    services.inspections.execute(reported.id, report, ENTERPRISE)
    assert rules_of(services, reported) == ["misconduct_reported"]
    assert rules_of(services, quiet) == []
    assert listing(services, at(23, 12)) == []


def test_more_inspections_in_a_year_than_the_cap(services: Services, clock: Clock) -> None:
    visits = []
    for day in (21, 22, 23, 24):  # the cap is 3 a year
        clock.now = at(day - 1)
        visits.append(entered(services, clock, day=day))
    clock.now = at(20)
    other = entered(services, clock, day=25, command=replace(
        INSPECTION, enterprise=Enterprise(OTHER_ENTERPRISE, "福州某某有限公司")))  # fmt: skip
    assert [rules_of(services, visit) for visit in visits] == [[], [], [], ["repeated_inspection"]]
    assert rules_of(services, other) == []
    assert listing(services, at(23, 12), rule="repeated_inspection") == []


YJGLJ = replace(INSPECTION, bodies=("yjglj",),
                inspectors=tuple(replace(o, body="yjglj") for o in OFFICERS))  # fmt: skip


def test_the_same_items_by_other_bodies_within_the_window(services: Services, clock: Clock) -> None:
    clock.now = at(21)
    first = entered(services, clock, day=22)
    clock.now = at(21)
    other_body = entered(services, clock, day=25, command=YJGLJ, principal=OTHER_INSPECTOR)
    clock.now = at(21)
    far = entered(services, clock, day=27, command=YJGLJ, principal=OTHER_INSPECTOR, month=5)
    assert rules_of(services, first) == []
    assert rules_of(services, other_body) == ["uncoordinated_inspection"]
    assert rules_of(services, far) == []  # 66 days after the first: beyond the 30-day window


def test_the_same_body_or_other_items_are_not_uncoordinated(services: Services, clock: Clock) -> None:
    clock.now = at(21)
    entered(services, clock, day=22)
    clock.now = at(21)
    same_body = entered(services, clock, day=23)
    clock.now = at(21)
    other_items = entered(services, clock, day=24, principal=OTHER_INSPECTOR,
                          command=replace(YJGLJ, items=("消防安全",)))  # fmt: skip
    assert rules_of(services, same_body) == []
    assert rules_of(services, other_items) == []


# --- the list as a whole ---------------------------------------------------------------------


def test_a_past_moment_gets_the_same_answer_however_often_and_whatever_came_after(
    services: Services, clock: Clock
) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12)
    before = services.supervision.entries(AUDITOR, as_of=at(11, 12))
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), HANDLER)
    assigned_appeal(services, date(2026, 3, 13))
    clock.now = at(20)
    after = services.supervision.entries(AUDITOR, as_of=at(11, 12))
    assert after.entries == before.entries and len(after.entries) == 1
    assert after.log_position > before.log_position


def test_filters_scopes_and_refusals(services: Services, clock: Clock) -> None:
    assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12)
    assert len(listing(services, department="scjgj")) == 1
    assert listing(services, department="zrzyj") == []
    assert len(services.supervision.entries(HANDLER).entries) == 1  # its own department
    assert services.supervision.entries(OTHER_HANDLER).entries == []
    with pytest.raises(Forbidden):
        services.supervision.entries(OTHER_HANDLER, department="scjgj")
    with pytest.raises(Forbidden):
        services.supervision.entries(ENTERPRISE)
    with pytest.raises(Forbidden):
        services.supervision.entries(FOREIGN_COORDINATOR, jurisdiction="360121")
    assert services.supervision.entries(FOREIGN_COORDINATOR).entries == []
    with pytest.raises(InvalidValue, match="rule"):
        services.supervision.entries(AUDITOR, rule="no_such_rule")
    with pytest.raises(InvalidValue, match="future"):
        services.supervision.entries(AUDITOR, as_of=at(13))
    with pytest.raises(InvalidValue, match="offset"):
        services.supervision.entries(AUDITOR, as_of=datetime(2026, 3, 11))
    assert ACME.value in services.supervision.entries(COORDINATOR).entries[0].credit_codes


def test_the_list_over_http_as_json_csv_and_xlsx(services: Services, clock: Clock) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12)
    url = "/api/v1/supervision-list"
    with TestClient(create_app(services)) as http:
        as_json = http.get(url, params={"status": "open", "as_of": "2026-03-11T08:00:00+08:00"},
                           headers=auth(services, AUDITOR))  # fmt: skip
        as_csv = http.get(url, params={"format": "csv"}, headers=auth(services, COORDINATOR))
        as_xlsx = http.get(url, params={"format": "xlsx", "rule": "appeal_overdue"},
                           headers=auth(services, COORDINATOR))  # fmt: skip
        refusals = [
            http.get(url, headers=auth(services, ENTERPRISE)).status_code,
            http.get(url, params={"rule": "nonsense"}, headers=auth(services, AUDITOR)).status_code,
            http.get(url, params={"as_of": "2027-01-01T00:00:00+08:00"},
                     headers=auth(services, AUDITOR)).status_code,  # fmt: skip
            http.get(url, params={"as_of": "2026-03-11T08:00:00"}, headers=auth(services, AUDITOR)).status_code,
            http.get(url, params={"jurisdiction": "350100"}, headers=auth(services, AUDITOR)).status_code,
        ]  # fmt: skip
    assert as_json.status_code == 200, as_json.text
    body = as_json.json()
    assert body["log_position"] > 0 and "quiet_day" in body["rules"]
    assert [(e["case_id"], e["rule"], e["status"], e["since"], e["due"]) for e in body["entries"]] == [
        (str(appeal.id), "appeal_overdue", "open", "2026-03-11T00:00:00+08:00", "2026-03-10")
    ]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["案件编号", "案件类型", "案件类型代码", "督办事由", "督办事由代码"]
    assert rows[1][:5] == [appeal.case_number, "企业诉求", "appeal", "诉求超期未办结", "appeal_overdue"]
    heading, *sheet = load_workbook(io.BytesIO(as_xlsx.content)).active.iter_rows(values_only=True)
    assert heading == tuple(rows[0]) and len(sheet) == 1
    entry = dict(zip(heading, sheet[0], strict=True))
    assert (entry["案件编号"], entry["责任单位"], entry["督办事由"], entry["督办事由代码"]) == (
        appeal.case_number, "scjgj", "诉求超期未办结", "appeal_overdue"
    )
    assert (entry["状态"], entry["状态代码"], entry["事由说明"]) == (
        "未销号", "open", "诉求超期未办结 an appeal in handling is past its deadline"
    )
    assert refusals == [403, 422, 422, 422, 403]
