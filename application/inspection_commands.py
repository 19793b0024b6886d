"""The commands of inspections and service visits (涉企检查与走访), as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.enterprise import Enterprise
from domain.inspection import (
    Demand,
    Finding,
    Inspector,
    Misconduct,
    QuietDayExemption,
    VisitKind,
)

from application.case_commands import Intake, step


@dataclass(frozen=True, kw_only=True)
class RegisterInspection(Intake):
    """扫码入企登记: register a planned inspection or service visit before going in."""

    enterprise: Enterprise
    visit_kind: VisitKind
    bodies: tuple[str, ...]
    inspectors: tuple[Inspector, ...]
    items: tuple[str, ...]
    planned_date: date
    legal_basis: str | None = None
    exemption: QuietDayExemption | None = None
    source_id: str | None = None  # set by an import (its id in the source), never by a client


Enter = step("enter", "入企: the scan at the enterprise's gate.")
Cancel = step("cancel", "取消: call off a registered visit before entry, with a reason.", reason=str)
RecordFindings = step(
    "record-findings", "检查结果: record the findings of an inspection, item by item.",
    findings=tuple[Finding, ...],
)  # fmt: skip
PublishResults = step(
    "publish", "一公开: publish the results of an inspection.", method="publish_results",
    summary=str,
)  # fmt: skip
CollectDemands = step(
    "collect-demands", "收集诉求: record the demands a service visit collected; each becomes an appeal.",
    demands=tuple[Demand, ...],
)  # fmt: skip
CloseVisit = step("close", "结束: close the inspection (after publication) or the service visit.")
Rate = step(
    "rate", "评价: the enterprise rates the visit, 1 to 5 stars, once.",
    stars=int, comment=(str, ""),
)  # fmt: skip
ReportMisconduct = step(
    "report-misconduct", "投诉: the enterprise reports misconduct (搭车推荐, 吃拿卡要, 乱检查, 乱罚款).",
    misconduct=Misconduct, description=str,
)  # fmt: skip
