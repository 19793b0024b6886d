"""Inspections and service visits (涉企检查与走访) as a ledger holds them: one row per visit, its
registration, entry, findings, publication, close and the enterprise's voice in dated columns."""

from __future__ import annotations

import re

from domain.errors import DomainError
from domain.inspection import (
    Finding,
    FindingOutcome,
    InspectionVisit,
    Inspector,
    Misconduct,
    PaymentRequest,
    VisitKind,
)
from domain.jurisdiction import JurisdictionCode

from application.case_commands import Step
from application.import_plan import Column, ImportKind, RowPlan
from application.import_rows import RowRefused, SourceRow, present
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

# one inspector: [单位代码:]姓名[(执法证号)], full-width brackets and colons read as half-width
INSPECTOR = re.compile(
    r"(?:(?P<body>[^:()]+):)?(?P<name>[^:()]+?)\s*(?:\((?P<certificate>[^()]*)\))?"
)

COLUMNS = (
    Column("来源编号", True, "在原台账中的编号；再次导入时据此识别已导入的检查"),
    Column("企业名称", True, "被检查（走访）的企业"),
    Column("统一社会信用代码", True, "18 位，按 GB 32100-2015 校验"),
    Column("检查类型", True, "行政检查、联合检查、双随机抽查、走访"),
    Column("检查单位", True, "单位代码，多个以顿号分隔（联合检查至少两个，行政检查只一个）"),
    Column(
        "检查人员",
        True,
        "以顿号分隔，每人写作 姓名（执法证号）；多个检查单位时写作 单位代码：姓名（执法证号）；走访人员可无证号",
    ),  # fmt: skip
    Column("检查事项", True, "以顿号分隔，不得重复"),
    Column("检查依据", False, "检查时必填（走访可空）"),
    Column("计划日期", False, "空则为登记当日；不得早于登记当日"),
    Column("登记时间", True, "扫码入企登记的时间，如 2023-05-06 09:30 或 2023年5月6日"),
    Column("入企时间", False, "空则停在已登记"),
    Column("取消时间", False, "入企前取消；与取消原因同填"),
    Column("取消原因", False, "取消时必填"),
    Column("结果时间", False, "检查结果的记录时间（走访无此项）；须先入企"),
    Column("检查结果", False, "记录结果时必填：未发现问题、责令整改、首违不罚、轻微不罚、行政处罚"),
    Column(
        "问题事项",
        False,
        "检查结果不是未发现问题时，该结果所涉的检查事项（顿号分隔；行政处罚只一项）；其余事项记为未发现问题；只有一项检查事项时可空",
    ),  # fmt: skip
    Column("整改期限", False, "责令整改时必填"),
    Column("罚款金额", False, "行政处罚时必填：元，如 5000 或 5000.00"),
    Column("缴纳方式", False, "行政处罚可填：暂缓缴纳、分期缴纳"),
    Column("结果说明", False, "检查结果的说明"),
    Column("公开时间", False, "结果公开（一公开）的时间；须先记录结果"),
    Column("公开内容", False, "公开时必填"),
    Column("办结时间", False, "检查须先公开结果；走访须先入企"),
    Column("评价时间", False, "企业评价的时间；须入企后"),
    Column("评价星级", False, "评价时必填：1 至 5"),
    Column("评价意见", False, "企业的意见"),
    Column("投诉时间", False, "企业投诉的时间；须入企后"),
    Column("投诉类型", False, "投诉时必填：搭车推荐、吃拿卡要、乱检查、乱罚款"),
    Column("投诉内容", False, "投诉时必填"),
)


def inspection_plan(row: SourceRow, jurisdiction: JurisdictionCode, _named: None) -> RowPlan:
    """The registration and steps of the visit a row describes; `RowRefused` for a cell that
    cannot be read (the rules of the visit itself are applied when the plan is)."""
    bodies = row.entries("检查单位")
    registered = present(row.moment("登记时间"), "登记时间")
    planned = row.day("计划日期") or registered.date()
    intake = RegisterInspection(
        jurisdiction=jurisdiction,
        enterprise=row.enterprise(),
        visit_kind=present(row.coded("检查类型", VisitKind), "检查类型"),
        bodies=present(bodies or None, "检查单位"),
        inspectors=_inspectors(row, bodies),
        items=present(row.entries("检查事项") or None, "检查事项"),
        planned_date=planned,
        legal_basis=row.text("检查依据"),
        occurred_at=registered,
        source_id=row.required("来源编号"),
    )
    return RowPlan(
        row.number, intake.source_id or "", intake, "登记时间", _steps(row, intake.items)
    )


def _steps(row: SourceRow, items: tuple[str, ...]) -> tuple[tuple[str, Step], ...]:
    steps: list[tuple[str, Step]] = []
    if (at := row.moment("入企时间")) is not None:
        steps.append(("入企时间", Enter(occurred_at=at)))
    if (at := row.moment("取消时间")) is not None:
        steps.append(("取消时间", Cancel(reason=row.required("取消原因"), occurred_at=at)))
    if (at := row.moment("结果时间")) is not None:
        steps.append(("结果时间", RecordFindings(findings=_findings(row, items), occurred_at=at)))
    if (at := row.moment("公开时间")) is not None:
        steps.append(("公开时间", PublishResults(summary=row.required("公开内容"), occurred_at=at)))
    if (at := row.moment("办结时间")) is not None:
        steps.append(("办结时间", CloseVisit(occurred_at=at)))
    if (at := row.moment("评价时间")) is not None:
        stars = _stars(row.required("评价星级"))
        steps.append(
            ("评价时间", Rate(stars=stars, comment=row.text("评价意见") or "", occurred_at=at))
        )
    if (at := row.moment("投诉时间")) is not None:
        steps.append(("投诉时间", ReportMisconduct(
            misconduct=present(row.coded("投诉类型", Misconduct), "投诉类型"),
            description=row.required("投诉内容"),
            occurred_at=at,
        )))  # fmt: skip
    return tuple(steps)


def _inspectors(row: SourceRow, bodies: tuple[str, ...]) -> tuple[Inspector, ...]:
    """The inspectors of the cell 检查人员; an inspector names a body when the visit has several."""
    column, inspectors = "检查人员", []
    for entry in present(row.entries(column) or None, column):
        match = INSPECTOR.fullmatch(entry)
        if match is None or (match["body"] is None and len(bodies) > 1):
            raise RowRefused(
                column, f"无法识别的检查人员“{entry}”，应写作 姓名（执法证号）；多个检查单位时写作 单位代码：姓名（执法证号）",
                f"unreadable inspector {entry!r}; write name(certificate), or body:name(certificate) "
                "when the visit has several bodies",
            )  # fmt: skip
        body = (match["body"] or (bodies[0] if bodies else "")).strip()
        try:
            inspectors.append(Inspector(match["name"], match["certificate"] or None, body))
        except DomainError as error:
            raise RowRefused.by_rule(column, error) from None
    return tuple(inspectors)


def _findings(row: SourceRow, items: tuple[str, ...]) -> tuple[Finding, ...]:
    """The outcome of 检查结果 on the items of 问题事项, and 未发现问题 on the other items."""
    outcome = present(row.coded("检查结果", FindingOutcome), "检查结果")
    concerned = row.entries("问题事项") or (items if len(items) == 1 else ())
    if outcome is FindingOutcome.COMPLIANT:
        concerned = items
    elif not concerned:
        raise RowRefused(
            "问题事项", "检查结果不是“未发现问题”时须填问题事项",
            "name the items of an outcome other than compliant",
        )  # fmt: skip
    elif outcome is FindingOutcome.PENALTY and len(concerned) != 1:
        raise RowRefused(
            "问题事项", "行政处罚只填一个问题事项（罚款金额记在该事项上）",
            "a penalty concerns one item, which the fine is recorded on",
        )  # fmt: skip
    try:
        problems = [_finding(row, item, outcome) for item in concerned]
    except DomainError as error:
        raise RowRefused.by_rule("检查结果", error) from None
    others = [Finding(item, FindingOutcome.COMPLIANT) for item in items if item not in concerned]
    return (*problems, *others)


def _finding(row: SourceRow, item: str, outcome: FindingOutcome) -> Finding:
    """The finding on one item; a due date, fine or way of paying the outcome does not take
    is refused (by the finding), not dropped."""
    due, fine = row.day("整改期限"), row.money("罚款金额")
    if outcome is FindingOutcome.RECTIFICATION_ORDERED:
        present(due, "整改期限")
    if outcome is FindingOutcome.PENALTY:
        present(fine, "罚款金额")
    return Finding(
        item, outcome, row.text("结果说明") or "", rectification_due=due, penalty=fine,
        payment_request=row.coded("缴纳方式", PaymentRequest),
    )  # fmt: skip


def _stars(text: str) -> int:
    if text.rstrip("星") in {"1", "2", "3", "4", "5"}:
        return int(text.rstrip("星"))
    raise RowRefused(
        "评价星级", f"评价星级应为 1 至 5，而非“{text}”", f"stars are 1 to 5, not {text!r}"
    )


INSPECTIONS = ImportKind("inspections", "检查", InspectionVisit.register, COLUMNS, inspection_plan)
