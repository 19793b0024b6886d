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
from domain.jurisdiction import JurisdictionCode

from application.case_commands import Intake, Step


@dataclass(frozen=True, kw_only=True)
class RegisterInspection(Intake):
    """扫码入企登记: register a planned inspection or service visit before going in."""

    jurisdiction: JurisdictionCode
    enterprise: Enterprise
    visit_kind: VisitKind
    bodies: tuple[str, ...]
    inspectors: tuple[Inspector, ...]
    items: tuple[str, ...]
    planned_date: date
    legal_basis: str | None = None
    exemption: QuietDayExemption | None = None


@dataclass(frozen=True, kw_only=True)
class Enter(Step):
    """入企: the scan at the enterprise's gate."""

    action = "enter"
    method = "enter"


@dataclass(frozen=True, kw_only=True)
class Cancel(Step):
    """取消: call off a registered visit before entry, with a reason."""

    action = "cancel"
    method = "cancel"
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordFindings(Step):
    """检查结果: record the findings of an inspection, item by item."""

    action = "record-findings"
    method = "record_findings"
    findings: tuple[Finding, ...]


@dataclass(frozen=True, kw_only=True)
class PublishResults(Step):
    """一公开: publish the results of an inspection."""

    action = "publish"
    method = "publish_results"
    summary: str


@dataclass(frozen=True, kw_only=True)
class CollectDemands(Step):
    """收集诉求: record the demands a service visit collected; each becomes an appeal."""

    action = "collect-demands"
    method = "collect_demands"
    demands: tuple[Demand, ...]


@dataclass(frozen=True, kw_only=True)
class CloseVisit(Step):
    """结束: close the inspection (after publication) or the service visit."""

    action = "close"
    method = "close"


@dataclass(frozen=True, kw_only=True)
class Rate(Step):
    """评价: the enterprise rates the visit, 1 to 5 stars, once."""

    action = "rate"
    method = "rate"
    stars: int
    comment: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportMisconduct(Step):
    """投诉: the enterprise reports misconduct (搭车推荐, 吃拿卡要, 乱检查, 乱罚款)."""

    action = "report-misconduct"
    method = "report_misconduct"
    misconduct: Misconduct
    description: str
