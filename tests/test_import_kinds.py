"""Bulk import of inspections, mediations and policy claims, on both stores: a small dirty ledger
of each kind reports as the same history entered through the services (in another county), a
second import adds nothing, a bad row is named by row and column and keeps no good row out, and
the views and the audit log hold afterwards."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from application.import_kinds import IMPORT_KINDS
from application.import_rows import RowRefused, SourceRow
from application.import_service import ImportReport, imported_case_id
from application.inspection_commands import (
    Cancel,
    CloseVisit,
    Enter,
    PublishResults,
    Rate,
    RecordFindings,
    RegisterInspection,
    ReportMisconduct,
)
from application.mediation_commands import (
    ApplyConfirmation,
    AssignMediation,
    Conclude,
    DecideConfirmation,
    Fail,
    FailInSuit,
    FileLawsuit,
    HoldSession,
    MediateInSuit,
    RegisterDispute,
    StartCourtMediation,
    Succeed,
    WithdrawMediation,
)
from application.policy_claim_commands import (
    Accept,
    Approve,
    Breach,
    Confirm,
    Disburse,
    MatchClaim,
    PublishPolicy,
    RejectClaim,
    RevisePolicy,
    Route,
    SubmitClaim,
    WithdrawPolicy,
)
from application.principal import Principal
from domain.actor import Actor, Role
from domain.clock import CHINA_TZ
from domain.enterprise import Enterprise
from domain.inspection import (
    Finding,
    FindingOutcome,
    InspectionVisit,
    Inspector,
    Misconduct,
    VisitKind,
)
from domain.jurisdiction import JurisdictionCode
from domain.mediation import (
    DisputeSource,
    DisputeType,
    MediationCase,
    MediationStatus,
    OrganisationKind,
    Party,
    PartyRole,
)
from domain.money import Money
from domain.policy_claim import Policy, PolicyClaim, PolicyMode, PolicyTerms
from infrastructure.bootstrap import Services
from infrastructure.import_files import import_file
from tests.builders import (
    ACME,
    AUDITOR,
    COORDINATOR,
    FOREIGN_COORDINATOR,
    OTHER_COUNTY,
    OTHER_ENTERPRISE,
)

THERE = OTHER_COUNTY  # where the same history is entered call by call
FOREIGN_AUDITOR = Principal(Actor("zhao.lei", Role.AUDITOR, "jw"), THERE)
ACME_CO = Enterprise(ACME, "南昌某某科技有限公司")
FUZHOU_CO = Enterprise(OTHER_ENTERPRISE, "福州某某贸易有限公司")
ACME_ROW = {"企业名称": ACME_CO.name, "统一社会信用代码": ACME.value}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


def there(role: Role, org: str, credit_code: Any = None) -> Principal:
    return Principal(Actor(f"{role.value}.{org}", role, org), THERE, credit_code)


def ledger(kind: str, rows: Sequence[dict[str, str]]) -> bytes:
    """A CSV file of the kind's headings (GB18030, as Chinese systems export), one row each."""
    out = io.StringIO()
    writer = csv.DictWriter(out, [column.heading for column in IMPORT_KINDS[kind].columns])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("gb18030")


def imported(services: Services, kind: str, rows: Sequence[dict[str, str]]) -> ImportReport:
    return services.imports.run(kind, import_file(ledger(kind, rows), "台账.csv"), COORDINATOR)


def figures(report: Any) -> list[str]:
    """Each group's counts and ratios, as they print."""
    return [f"{group!r} {group.ratios()!r}" for group in (report.total, *report.groups)]


def check_import(
    services: Services,
    kind: str,
    rows: Sequence[dict[str, str]],
    refused: set[tuple[int, str]],
    report_of: Callable[[Principal], Any],
) -> ImportReport:
    """Import the rows: the refused ones named by row and column, the repeated last row skipped,
    the rest in, with the same figures as the history entered there; then again, adding
    nothing; the views and the audit log hold."""
    report = imported(services, kind, rows)
    assert {(problem.row, problem.column) for problem in report.failed} == refused, report.failed
    assert all(problem.reason_zh and problem.reason_en for problem in report.failed)
    assert (report.imported, report.skipped) == (len(rows) - len(refused) - 1, 1)
    ours, theirs = report_of(AUDITOR), report_of(FOREIGN_AUDITOR)
    assert figures(ours) == figures(theirs) and ours.total.counted()
    again = imported(services, kind, rows)
    assert (again.imported, again.events) == (0, 0)
    assert again.skipped == report.imported + report.skipped
    assert all(not updater.differences() for updater in services.views.values())
    assert services.audit.verify(AUDITOR.actor).holds
    return report


# --- inspections -----------------------------------------------------------------------------

CERTIFIED = "刘洋（36010020240001）、陈静（３６０１００２０２４０００２）"
INSPECTION_ROWS = [
    ACME_ROW | {
        "来源编号": "JC-1", "检查类型": "行政检查", "检查单位": "scjgj", "检查人员": CERTIFIED,
        "检查事项": "食品安全、特种设备", "检查依据": "《食品安全法》第一百一十条",
        "登记时间": "2025-03-03 09:00", "计划日期": "2025年3月4日", "入企时间": "2025-03-04 09:30",
        "结果时间": "2025-03-04 11:00", "检查结果": "行政处罚", "问题事项": "食品安全",
        "罚款金额": "５,０００元", "公开时间": "2025-03-05 09:00", "公开内容": "责令改正并处罚款",
        "办结时间": "2025-03-06 09:00", "评价时间": "2025-03-06 10:00", "评价星级": "4",
    },
    ACME_ROW | {
        "来源编号": "JC-2", "检查类型": "联合检查", "检查单位": "scjgj、yjglj",
        "检查人员": "scjgj：刘洋（36010020240001）、yjglj:孙磊(36010020240101)",
        "检查事项": "消防安全", "检查依据": "《消防法》", "登记时间": "2025/4/1 9:00",
        "入企时间": "2025/4/1 10:00", "结果时间": "2025/4/1 11:00", "检查结果": "未发现问题",
        "公开时间": "2025/4/2 9:00", "公开内容": "未发现问题", "投诉时间": "2025/4/3 9:00",
        "投诉类型": "乱检查", "投诉内容": "检查超出登记事项",
    },
    ACME_ROW | {
        "来源编号": "JC-3", "检查类型": "走访", "检查单位": "yshb", "检查人员": "周敏",
        "检查事项": "惠企政策宣讲", "登记时间": "2025年5月6日", "入企时间": "2025年5月6日10时00分",
        "办结时间": "2025年5月6日12时00分",
    },
    ACME_ROW | {
        "来源编号": "JC-4", "检查类型": "双随机抽查", "检查单位": "scjgj",
        "检查人员": "刘洋(36010020240001)", "检查事项": "价格公示、广告发布", "检查依据": "抽查计划",
        "登记时间": "2025-06-02 09:00", "入企时间": "2025-06-03 09:00", "结果时间": "2025-06-03 10:00",
        "检查结果": "首违不罚", "问题事项": "价格公示", "结果说明": "首次违法，及时改正",
    },
    ACME_ROW | {
        "来源编号": "JC-5", "检查类型": "行政检查", "检查单位": "scjgj",
        "检查人员": "刘洋(36010020240001)", "检查事项": "特种设备", "检查依据": "《特种设备安全法》",
        "登记时间": "2025-07-01 09:00", "取消时间": "2025-07-01 15:00", "取消原因": "企业停产",
    },
]  # fmt: skip
INSPECTION_BAD = [
    INSPECTION_ROWS[0] | {"来源编号": "JC-6", "问题事项": ""},  # 行政处罚 on which of two items?
    INSPECTION_ROWS[2] | {"来源编号": "JC-7", "统一社会信用代码": "91360121MA35ABCD05"},
    INSPECTION_ROWS[4] | {"来源编号": "JC-8", "检查人员": "刘洋"},  # no 执法证号 on an inspection
    INSPECTION_ROWS[0] | {"来源编号": "JC-9", "公开时间": ""},  # closed before publication
    INSPECTION_ROWS[3] | {"来源编号": "JC-10", "罚款金额": "200"},  # a fine, yet 首违不罚
    INSPECTION_ROWS[0],  # repeated
]


def inspections_entered(services: Services) -> None:
    """JC-1 … JC-5 entered call by call, there."""
    service, officer = services.inspections, there(Role.INSPECTOR, "scjgj")
    acme = there(Role.ENTERPRISE, "acme", ACME)
    officers = (
        Inspector("刘洋", "36010020240001", "scjgj"),
        Inspector("陈静", "36010020240002", "scjgj"),
    )
    register = RegisterInspection(
        jurisdiction=THERE, enterprise=ACME_CO, visit_kind=VisitKind.ADMINISTRATIVE_INSPECTION,
        bodies=("scjgj",), inspectors=officers, items=("食品安全", "特种设备"),
        planned_date=date(2025, 3, 4), legal_basis="《食品安全法》第一百一十条",
        occurred_at=at("2025-03-03T09:00"),
    )  # fmt: skip
    visit = service.register(register, officer)
    findings = (
        Finding("食品安全", FindingOutcome.PENALTY, penalty=Money.of("5000")),
        Finding("特种设备", FindingOutcome.COMPLIANT),
    )
    for step, by in (
        (Enter(occurred_at=at("2025-03-04T09:30")), officer),
        (RecordFindings(findings=findings, occurred_at=at("2025-03-04T11:00")), officer),
        (PublishResults(summary="责令改正并处罚款", occurred_at=at("2025-03-05T09:00")), officer),
        (CloseVisit(occurred_at=at("2025-03-06T09:00")), officer),
        (Rate(stars=4, occurred_at=at("2025-03-06T10:00")), acme),
    ):
        service.execute(visit.id, step, by)
    joint = replace(
        register, visit_kind=VisitKind.JOINT_INSPECTION, bodies=("scjgj", "yjglj"),
        inspectors=(officers[0], Inspector("孙磊", "36010020240101", "yjglj")), items=("消防安全",),
        legal_basis="《消防法》", planned_date=date(2025, 4, 1), occurred_at=at("2025-04-01T09:00"),
    )  # fmt: skip
    visit = service.register(joint, officer)
    for step, by in (
        (Enter(occurred_at=at("2025-04-01T10:00")), officer),
        (RecordFindings(findings=(Finding("消防安全", FindingOutcome.COMPLIANT),),
                        occurred_at=at("2025-04-01T11:00")), officer),
        (PublishResults(summary="未发现问题", occurred_at=at("2025-04-02T09:00")), officer),
        (ReportMisconduct(misconduct=Misconduct.ARBITRARY_INSPECTION, description="检查超出登记事项",
                          occurred_at=at("2025-04-03T09:00")), acme),
    ):  # fmt: skip
        service.execute(visit.id, step, by)
    tour = replace(
        register, visit_kind=VisitKind.SERVICE_VISIT, bodies=("yshb",), legal_basis=None,
        inspectors=(Inspector("周敏", None, "yshb"),), items=("惠企政策宣讲",),
        planned_date=date(2025, 5, 6), occurred_at=at("2025-05-06T00:00"),
    )  # fmt: skip
    visit = service.register(tour, FOREIGN_COORDINATOR)
    service.execute(visit.id, Enter(occurred_at=at("2025-05-06T10:00")), FOREIGN_COORDINATOR)
    service.execute(visit.id, CloseVisit(occurred_at=at("2025-05-06T12:00")), FOREIGN_COORDINATOR)
    spot = replace(
        register, visit_kind=VisitKind.RANDOM_SPOT_CHECK, inspectors=officers[:1],
        items=("价格公示", "广告发布"), legal_basis="抽查计划", planned_date=date(2025, 6, 2),
        occurred_at=at("2025-06-02T09:00"),
    )  # fmt: skip
    visit = service.register(spot, officer)
    service.execute(visit.id, Enter(occurred_at=at("2025-06-03T09:00")), officer)
    spared = (
        Finding("价格公示", FindingOutcome.FIRST_VIOLATION_NOT_PENALISED, "首次违法，及时改正"),
        Finding("广告发布", FindingOutcome.COMPLIANT),
    )
    service.execute(
        visit.id, RecordFindings(findings=spared, occurred_at=at("2025-06-03T10:00")), officer
    )
    called_off = replace(
        register, inspectors=officers[:1], items=("特种设备",), legal_basis="《特种设备安全法》",
        planned_date=date(2025, 7, 1), occurred_at=at("2025-07-01T09:00"),
    )  # fmt: skip
    visit = service.register(called_off, officer)
    service.execute(
        visit.id, Cancel(reason="企业停产", occurred_at=at("2025-07-01T15:00")), officer
    )


def test_an_inspection_ledger_imports_as_the_same_history_entered_through_the_services(
    services: Services,
) -> None:
    inspections_entered(services)
    report = check_import(
        services, "inspections", INSPECTION_ROWS + INSPECTION_BAD,
        {(7, "问题事项"), (8, "统一社会信用代码"), (9, "登记时间"), (10, "办结时间"), (11, "检查结果")},
        lambda by: services.reports.inspection_figures(by, "2025"),
    )  # fmt: skip
    problems = {problem.row: problem for problem in report.failed}
    assert "certificate" in problems[9].reason_en
    visit = services.store.find(
        imported_case_id("inspections", COORDINATOR.jurisdiction, "JC-1"), InspectionVisit
    )
    assert visit.source_id == "JC-1" and visit.total_penalty() == Money.of("5000")
    assert [i.certificate for i in visit.inspectors] == ["36010020240001", "36010020240002"]
    ours = services.reports.inspection_figures(AUDITOR, "2025")
    assert (ours.total.inspections, ours.total.service_visits, ours.total.misconduct_reports) == (
        3,
        1,
        1,
    )


# --- mediations ------------------------------------------------------------------------------

PARTIES_ROW = {
    "申请人": ACME_CO.name, "申请人信用代码": ACME.value,
    "被申请人": FUZHOU_CO.name, "被申请人信用代码": OTHER_ENTERPRISE.value,
}  # fmt: skip
MEDIATION_ROWS = [
    PARTIES_ROW | {
        "来源编号": "(2025)赣0121民诉前调1号", "纠纷类型": "合同纠纷", "纠纷来源": "工商联",
        "标的额": "８６０,０００", "登记时间": "2025-03-03 09:00", "委派时间": "2025-03-04 09:00",
        "调解组织类型": "工商联商会调解", "调解组织": "gsl-tjwyh", "调解员": "胡军",
        "调解时间": "2025-03-10 09:00", "调解结果": "诉前调解成功", "结果时间": "2025-03-12 09:00",
        "协议内容": "分三期支付货款", "协议金额": "800000", "申请确认时间": "2025-03-13 09:00",
        "确认法院": "ncxfy", "确认时间": "2025-03-20 09:00", "确认结果": "已确认",
    },
    PARTIES_ROW | {
        "来源编号": "(2025)赣0121民诉前调2号", "申请人": "张三", "申请人信用代码": "",
        "纠纷类型": "劳动争议", "纠纷来源": "立案前引导", "登记时间": "2025年4月1日",
        "委派时间": "2025年4月2日", "调解组织类型": "人民调解委员会", "调解组织": "rmtjwyh",
        "调解员": "李四", "调解结果": "诉前调解不成", "结果时间": "2025年4月20日",
        "结果说明": "被申请人拒绝调解", "立案时间": "2025年4月25日", "立案法院": "ncxfy",
        "法院案号": "(2025)赣0121民初123号", "诉中调解时间": "2025年5月6日",
        "诉中调解员": "法官助理王某", "结案时间": "2025年6月1日", "结案方式": "调解结案",
        "协议内容": "一次性支付工资", "协议金额": "50000.00",
    },
    PARTIES_ROW | {
        "来源编号": "(2025)赣0121民诉前调3号", "纠纷类型": "借款、欠款纠纷", "纠纷来源": "其他",
        "登记时间": "2025-05-01 09:00", "立案时间": "2025-05-02 09:00", "立案法院": "ncxfy",
        "法院案号": "(2025)赣0121民初200号", "诉中调解时间": "2025-05-10 09:00",
        "诉中调解员": "法官助理王某", "结案时间": "2025-06-10 09:00", "结案方式": "判决结案",
        "结案说明": "判决被告支付货款",
    },
    PARTIES_ROW | {
        "来源编号": "(2025)赣0121民诉前调4号", "纠纷类型": "租赁纠纷", "纠纷来源": "综治中心",
        "登记时间": "2025-07-01 09:00", "委派时间": "2025-07-02 09:00",
        "调解组织类型": "工商联商会调解", "调解组织": "gsl-tjwyh", "调解员": "胡军",
        "调解结果": "撤回调解申请", "结果时间": "2025-07-05 09:00", "结果说明": "已自行和解",
    },
]  # fmt: skip
MEDIATION_BAD = [
    MEDIATION_ROWS[3]
    | {"来源编号": "X-5", "申请人信用代码": "", "被申请人信用代码": ""},  # no enterprise
    MEDIATION_ROWS[3] | {"来源编号": "X-6", "纠纷来源": "企业诉求转调解"},
    MEDIATION_ROWS[0] | {"来源编号": "X-7", "协议内容": ""},
    MEDIATION_ROWS[0],  # repeated
]


def mediations_entered(services: Services) -> None:
    """The four disputes entered call by call, there."""
    service, clerk, coordinator = (
        services.mediations,
        there(Role.COURT_CLERK, "ncxfy"),
        FOREIGN_COORDINATOR,
    )
    parties = (
        Party(ACME_CO.name, PartyRole.APPLICANT, ACME),
        Party(FUZHOU_CO.name, PartyRole.RESPONDENT, OTHER_ENTERPRISE),
    )
    commerce, committee = there(Role.MEDIATOR, "gsl-tjwyh"), there(Role.MEDIATOR, "rmtjwyh")
    register = RegisterDispute(
        jurisdiction=THERE, parties=parties, dispute_type=DisputeType.CONTRACT,
        source=DisputeSource.FEDERATION_OF_COMMERCE, amount=Money.of("860000"),
        occurred_at=at("2025-03-03T09:00"),
    )  # fmt: skip
    assign = AssignMediation(
        organisation_kind=OrganisationKind.FEDERATION_OF_COMMERCE, organisation="gsl-tjwyh",
        mediator="胡军", occurred_at=at("2025-03-04T09:00"),
    )  # fmt: skip

    def entered(command: RegisterDispute, *steps: tuple[Any, Principal]) -> None:
        case = service.register(command, coordinator)
        for step, by in steps:
            service.execute(case.id, step, by)

    entered(
        register, (assign, coordinator),
        (HoldSession(note="导入：原登记表记有调解", occurred_at=at("2025-03-10T09:00")), commerce),
        (Succeed(terms="分三期支付货款", amount=Money.of("800000"), occurred_at=at("2025-03-12T09:00")), commerce),
        (ApplyConfirmation(court="ncxfy", occurred_at=at("2025-03-13T09:00")), commerce),
        (DecideConfirmation(granted=True, occurred_at=at("2025-03-20T09:00")), clerk),
    )  # fmt: skip
    labour = (Party("张三", PartyRole.APPLICANT), parties[1])
    entered(
        replace(register, parties=labour, dispute_type=DisputeType.LABOUR, amount=None,
                source=DisputeSource.PRE_FILING_GUIDANCE, occurred_at=at("2025-04-01T00:00")),
        (replace(assign, organisation_kind=OrganisationKind.PEOPLES_MEDIATION_COMMITTEE,
                 organisation="rmtjwyh", mediator="李四", occurred_at=at("2025-04-02T00:00")), coordinator),
        (Fail(reason="被申请人拒绝调解", occurred_at=at("2025-04-20T00:00")), committee),
        (FileLawsuit(court="ncxfy", court_case_number="(2025)赣0121民初123号", occurred_at=at("2025-04-25T00:00")), clerk),
        (StartCourtMediation(mediator="法官助理王某", occurred_at=at("2025-05-06T00:00")), clerk),
        (MediateInSuit(terms="一次性支付工资", amount=Money.of("50000"), occurred_at=at("2025-06-01T00:00")), clerk),
    )  # fmt: skip
    entered(
        replace(register, dispute_type=DisputeType.DEBT, amount=None, source=DisputeSource.OTHER,
                occurred_at=at("2025-05-01T09:00")),
        (FileLawsuit(court="ncxfy", court_case_number="(2025)赣0121民初200号", occurred_at=at("2025-05-02T09:00")), clerk),
        (StartCourtMediation(mediator="法官助理王某", occurred_at=at("2025-05-10T09:00")), clerk),
        (FailInSuit(reason="判决被告支付货款", occurred_at=at("2025-06-10T09:00")), clerk),
        (Conclude(status=MediationStatus.JUDGED, reason="判决被告支付货款", occurred_at=at("2025-06-10T09:00")), clerk),
    )  # fmt: skip
    entered(
        replace(register, dispute_type=DisputeType.LEASE, amount=None,
                source=DisputeSource.GOVERNANCE_CENTRE, occurred_at=at("2025-07-01T09:00")),
        (replace(assign, occurred_at=at("2025-07-02T09:00")), coordinator),
        (WithdrawMediation(reason="已自行和解", occurred_at=at("2025-07-05T09:00")), commerce),
    )  # fmt: skip


def test_a_mediation_register_imports_as_the_same_history_entered_through_the_services(
    services: Services,
) -> None:
    mediations_entered(services)
    check_import(
        services, "mediations", MEDIATION_ROWS + MEDIATION_BAD,
        {(6, "登记时间"), (7, "纠纷来源"), (8, "协议内容")},
        lambda by: services.reports.mediation_ratios(by, "2025"),
    )  # fmt: skip
    case_id = imported_case_id("mediations", COORDINATOR.jurisdiction, "(2025)赣0121民诉前调3号")
    case = services.store.find(case_id, MediationCase)
    assert (case.status, case.source_id) == (MediationStatus.JUDGED, "(2025)赣0121民诉前调3号")


# --- policy claims ---------------------------------------------------------------------------

TERMS = PolicyTerms(
    title="技术改造补贴", issuing_department="gxj", mode=PolicyMode.APPLY_AND_RECEIVE,
    cap=Money.of("500000"), review_days=5, disbursement_days=10,
)  # fmt: skip
CATALOGUE = (
    TERMS,
    replace(TERMS, title="稳岗返还", issuing_department="rsj", mode=PolicyMode.NO_APPLICATION, cap=Money.of("50000")),
    replace(TERMS, title="承诺制研发奖励", mode=PolicyMode.COMMITMENT, cap=Money.of("1000000")),
    replace(TERMS, title="旧政策"),
)  # fmt: skip


def admin(jurisdiction: JurisdictionCode) -> Principal:
    return Principal(Actor("sun.hao", Role.ADMIN, "yshb"), jurisdiction)


def catalogued(services: Services, jurisdiction: JurisdictionCode) -> list[Policy]:
    """The catalogue published on 2 January 2025, its last policy withdrawn on 1 February."""
    published = [
        services.policies.publish(PublishPolicy(jurisdiction=jurisdiction, terms=terms,
                                                occurred_at=at("2025-01-02T09:00")), admin(jurisdiction))
        for terms in CATALOGUE
    ]  # fmt: skip
    withdrawal = WithdrawPolicy(reason="政策到期", occurred_at=at("2025-02-01T09:00"))
    services.policies.execute(published[-1].id, withdrawal, admin(jurisdiction))
    return published


def claim_rows(numbers: list[str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Good rows naming their policies by title or number, and bad rows."""
    good = [
        ACME_ROW | {
            "来源编号": "DX-1", "政策": "技术改造补贴", "申报时间": "2025-03-03 09:00",
            "受理时间": "2025-03-03 10:00", "帮办代办": "是", "审核时间": "2025-03-05 09:00",
            "审核结果": "审核通过", "核定金额": "300,000.00", "拨付时间": "2025-03-10 09:00",
        },
        ACME_ROW | {
            "来源编号": "DX-2", "政策": numbers[1], "申报时间": "2025年3月1日", "应享金额": "１２８００",
            "确认时间": "2025年3月2日", "拨付时间": "2025年3月5日", "拨付金额": "12800元",
        },
        ACME_ROW | {
            "来源编号": "DX-3", "政策": numbers[2], "申报时间": "2025-04-01 09:00",
            "承诺事项": "三年内研发投入不低于500万元", "核查期限": "2025-12-31",
            "受理时间": "2025-04-01 10:00", "流转时间": "2025-04-02 09:00", "审核部门": "kjj",
            "审核时间": "2025-04-10 09:00", "审核结果": "审核通过", "核定金额": "200000",
            "拨付时间": "2025-04-15 09:00", "核查时间": "2025-12-31 09:00",
            "核查结果": "承诺未履行", "核查说明": "研发投入不足",
        },
        ACME_ROW | {
            "来源编号": "DX-4", "政策": "技术改造补贴", "申报时间": "2025-05-06 09:00",
            "审核时间": "2025-05-07 09:00", "审核结果": "不予兑现", "审核意见": "不符合申报条件",
        },
    ]  # fmt: skip
    bad = [
        good[0] | {"来源编号": "DX-5", "政策": "不存在的政策"},  # not in the catalogue
        good[0] | {"来源编号": "DX-6", "政策": "旧政策"},  # withdrawn before the claim
        good[0] | {"来源编号": "DX-7", "核定金额": "600000"},  # over the cap
        good[1] | {"来源编号": "DX-8", "承诺事项": "稳岗"},  # a match carries no commitment
        good[0] | {"来源编号": "DX-9", "申报时间": "2024-12-31 09:00"},  # before publication
        good[0],  # repeated
    ]
    return good, bad


def claims_entered(services: Services, policies: list[Policy]) -> None:
    """The four claims entered call by call, there."""
    service, coordinator = services.claims, FOREIGN_COORDINATOR
    gxj, kjj = there(Role.HANDLER, "gxj"), there(Role.HANDLER, "kjj")
    finance, acme = there(Role.FINANCE, "czj"), there(Role.ENTERPRISE, "acme", ACME)

    def entered(claim: PolicyClaim, *steps: tuple[Any, Principal]) -> None:
        for step, by in steps:
            service.execute(claim.id, step, by)

    applied = SubmitClaim(jurisdiction=THERE, enterprise=ACME_CO, policy_id=policies[0].id,
                          occurred_at=at("2025-03-03T09:00"))  # fmt: skip
    entered(
        service.submit(applied, coordinator),
        (Accept(assisted=True, occurred_at=at("2025-03-03T10:00")), coordinator),
        (Approve(amount=Money.of("300000"), occurred_at=at("2025-03-05T09:00")), gxj),
        (Disburse(amount=Money.of("300000"), occurred_at=at("2025-03-10T09:00")), finance),
    )  # fmt: skip
    matched = MatchClaim(jurisdiction=THERE, enterprise=ACME_CO, policy_id=policies[1].id,
                         amount_due=Money.of("12800"), occurred_at=at("2025-03-01T00:00"))  # fmt: skip
    entered(
        service.match(matched, coordinator),
        (Confirm(occurred_at=at("2025-03-02T00:00")), acme),
        (Disburse(amount=Money.of("12800"), occurred_at=at("2025-03-05T00:00")), finance),
    )  # fmt: skip
    committed = replace(applied, policy_id=policies[2].id, commitment="三年内研发投入不低于500万元",
                        verification_due=date(2025, 12, 31), occurred_at=at("2025-04-01T09:00"))  # fmt: skip
    entered(
        service.submit(committed, coordinator),
        (Accept(occurred_at=at("2025-04-01T10:00")), coordinator),
        (Route(department="kjj", occurred_at=at("2025-04-02T09:00")), coordinator),
        (Approve(amount=Money.of("200000"), occurred_at=at("2025-04-10T09:00")), kjj),
        (Disburse(amount=Money.of("200000"), occurred_at=at("2025-04-15T09:00")), finance),
        (Breach(reason="研发投入不足", occurred_at=at("2025-12-31T09:00")), kjj),
    )  # fmt: skip
    refused = replace(applied, occurred_at=at("2025-05-06T09:00"))
    entered(
        service.submit(refused, coordinator),
        (RejectClaim(reason="不符合申报条件", occurred_at=at("2025-05-07T09:00")), gxj),
    )


def test_policy_claims_import_against_the_catalogue_as_the_same_history_entered_through_the_services(
    services: Services,
) -> None:
    policies = catalogued(services, COORDINATOR.jurisdiction)
    claims_entered(services, catalogued(services, THERE))
    # revised after the claims on it: they are made against the version in force then
    revision = RevisePolicy(terms=replace(TERMS, disbursement_days=1), reason="压缩拨付时限",
                            occurred_at=at("2025-06-01T09:00"))  # fmt: skip
    services.policies.execute(policies[0].id, revision, admin(COORDINATOR.jurisdiction))
    numbers = [policy.case_number for policy in policies]
    good, bad = claim_rows(numbers)
    report = check_import(
        services, "policy-claims", good + bad,
        {(6, "政策"), (7, "政策"), (8, "审核时间"), (9, "承诺事项"), (10, "申报时间")},
        lambda by: services.reports.claim_figures(by, "2025", "policy"),
    )  # fmt: skip
    problems = {problem.row: problem for problem in report.failed}
    assert "不存在的政策" in problems[6].reason_zh and "publish it first" in problems[6].reason_en
    assert "废止" in problems[7].reason_zh
    ours = services.reports.claim_figures(AUDITOR, "2025")
    assert (ours.total.approved_amount, ours.total.disbursed_amount) == (
        Money.of("512800").yuan, Money.of("512800").yuan,
    )  # fmt: skip
    claim_id = imported_case_id("policy-claims", COORDINATOR.jurisdiction, "DX-1")
    claim = services.store.find(claim_id, PolicyClaim)
    assert (claim.source_id, claim.assisted, claim.policy_version) == ("DX-1", True, 1)


# --- over HTTP and on the command line -------------------------------------------------------


def test_a_mediation_register_uploaded_over_http(http: TestClient, services: Services) -> None:
    headers = {"Authorization": f"Bearer {services.tokens.mint(COORDINATOR)}"}
    files = {"file": ("调解登记表.csv", ledger("mediations", MEDIATION_ROWS + MEDIATION_BAD))}
    done = http.post("/api/v1/imports", data={"kind": "mediations"}, files=files, headers=headers)
    assert done.status_code == 201, done.text
    assert (done.json()["kind"], done.json()["imported"]) == ("mediations", len(MEDIATION_ROWS))
    record = http.get(done.headers["Location"], headers=headers).json()
    assert sorted((p["row"], p["column"]) for p in record["failed"]) == [
        (6, "登记时间"),
        (7, "纠纷来源"),
        (8, "协议内容"),
    ]
    case_id = imported_case_id("mediations", COORDINATOR.jurisdiction, "(2025)赣0121民诉前调1号")
    shown = http.get(f"/api/v1/mediations/{case_id}", headers=headers).json()
    assert (shown["status"], shown["source_id"]) == ("succeeded", "(2025)赣0121民诉前调1号")
    unknown = http.post("/api/v1/imports", data={"kind": "hearings"}, files=files, headers=headers)
    assert unknown.status_code == 422
    auditor = {"Authorization": f"Bearer {services.tokens.mint(AUDITOR)}"}
    refused = http.post(
        "/api/v1/imports", data={"kind": "mediations"}, files=files, headers=auditor
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_the_command_line_writes_the_inspection_template_and_imports_a_ledger(
    database_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from interface.cli import app
    from tests.test_cli import ENV

    runner, env = CliRunner(), ENV | {"YINGSHANG_DATABASE_URL": database_url}
    template = runner.invoke(app, ["import", "template", "inspections"], env=env)
    sheets = load_workbook(io.BytesIO(template.stdout_bytes))
    headings = next(sheets.worksheets[0].iter_rows(values_only=True))
    assert template.exit_code == 0 and headings[:3] == ("来源编号", "企业名称", "统一社会信用代码")
    assert {"检查类型", "入企时间", "罚款金额", "公开时间"} <= set(headings)
    ledger_file = tmp_path / "检查台账.csv"
    ledger_file.write_bytes(ledger("inspections", INSPECTION_ROWS))
    command = ["import", "run", "inspections", str(ledger_file), "--jurisdiction", "360121"]
    done = runner.invoke(app, command, env=env)
    assert done.exit_code == 0 and f"导入 {len(INSPECTION_ROWS)} 件" in done.stdout, done.stdout
    again = runner.invoke(app, command, env=env)
    assert "导入 0 件" in again.stdout and f"跳过 {len(INSPECTION_ROWS)} 行" in again.stdout


HUIQITONG_MAPPING = """
[columns]
"申报编号" = "来源编号"
"申报企业" = "企业名称"
"企业信用代码" = "统一社会信用代码"
"政策名称" = "政策"
"申报日期" = "申报时间"
"受理日期" = "受理时间"
"审核状态" = "审核结果"
"审核日期" = "审核时间"
"审定金额（元）" = "核定金额"
[values."审核结果"]
"通过" = "审核通过"
"不通过" = "不予兑现"
[values."政策"]
"技改补贴（2025）" = "技术改造补贴"
[defaults]
"帮办代办" = "否"
"""


def test_a_huiqitong_export_reads_through_a_mapping(services: Services) -> None:
    from openpyxl import Workbook

    from application.import_mapping import ImportMapping

    catalogued(services, COORDINATOR.jurisdiction)
    book = Workbook()
    book.active.append(["申报编号", "申报企业", "企业信用代码", "政策名称", "申报日期", "受理日期",
                        "审核日期", "审核状态", "审定金额（元）", "审核意见"])  # fmt: skip
    book.active.append(["HQT-1", ACME_CO.name, ACME.value, "技改补贴（2025）", datetime(2025, 3, 3, 9),
                        datetime(2025, 3, 3, 10), datetime(2025, 3, 5, 9), "通过", 300000, None])  # fmt: skip
    book.active.append(["HQT-2", ACME_CO.name, ACME.value, "技改补贴（2025）", "2025年3月4日",
                        "2025年3月4日10时30分", "2025年3月6日", "不通过", None, None])  # fmt: skip
    data = io.BytesIO()
    book.save(data)
    read = import_file(data.getvalue(), "惠企通.xlsx", ImportMapping.from_toml(HUIQITONG_MAPPING))
    report = services.imports.run("policy-claims", read, COORDINATOR, dry_run=True)
    assert (report.imported, report.events) == (1, 3)  # 申报, 受理, 审核通过
    assert [(p.row, p.column) for p in report.failed] == [
        (3, "审核意见")
    ]  # 不予兑现 needs a reason


def test_every_kind_has_a_template_of_its_columns() -> None:
    from infrastructure.import_files import template_xlsx

    for kind in IMPORT_KINDS.values():
        book = load_workbook(io.BytesIO(template_xlsx(kind.title, kind.columns)))
        headings = next(book.worksheets[0].iter_rows(values_only=True))
        notes = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
        assert headings == tuple(column.heading for column in kind.columns)
        assert [(note[0], note[1]) for note in notes] == [
            (column.heading, "是" if column.required else "否") for column in kind.columns
        ]
        assert headings[0] == "来源编号" and all(note[2] for note in notes)


FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(), st.booleans(), st.booleans(),
)  # fmt: skip
def test_an_amount_reads_however_an_office_writes_it(
    amount: Decimal, grouped: bool, full_width: bool, yuan: bool
) -> None:
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    text = (text.translate(FULL_WIDTH) if full_width else text) + ("元" if yuan else "")
    assert SourceRow(2, {"罚款金额": text}).money("罚款金额") == Money(amount)


@given(st.text(max_size=12))
def test_unreadable_amounts_are_refused_never_misread(text: str) -> None:
    try:
        money = SourceRow(2, {"协议金额": text}).money("协议金额")
    except RowRefused as refused:
        assert refused.column == "协议金额" and refused.reason_zh and refused.reason_en
    else:
        assert money is None or money.yuan >= 0
