"""Every step of the inspection and service visit lifecycles as a callable, and a path to every
state of each, for the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from domain.actor import Actor, Role
from domain.appeal import Category, Urgency
from domain.clock import local_date
from domain.enterprise import Enterprise
from domain.inspection import (
    Demand,
    Finding,
    FindingOutcome,
    InspectionVisit,
    Inspector,
    Misconduct,
    PaymentRequest,
    VisitKind,
)
from domain.money import Money
from tests.builders import ACME, ENTERPRISE, NANCHANG_COUNTY

Step = Callable[[InspectionVisit, datetime], None]

INSPECTOR = Actor("liu.yang", Role.INSPECTOR, "scjgj")  # 市场监管局执法人员
VISITOR = Actor("zhou.min", Role.COORDINATOR, "yshb")  # 营商办 leading a 护航行动 visit
E = ENTERPRISE.actor

ITEMS = ("食品安全", "特种设备", "价格公示")
OFFICERS = (
    Inspector("刘洋", "36010020240001", "scjgj"),
    Inspector("陈静", "36010020240002", "scjgj"),
)
JOINT_OFFICERS = (*OFFICERS, Inspector("孙磊", "36010020240101", "yjglj"))
VISITORS = (Inspector("周敏", None, "yshb"), Inspector("吴强", None, "gxj"))


def in_days(at: datetime, days: int):
    return local_date(at) + timedelta(days=days)


def registration(visit_kind: VisitKind, at: datetime, /, **changes: Any) -> dict[str, Any]:
    """The arguments of `InspectionVisit.register` for a visit of `visit_kind` to ACME, planned
    for the next day; override any of them.
    """
    facts: dict[str, Any] = {
        "case_number": "JC-360121-2026-000001",
        "jurisdiction": NANCHANG_COUNTY,
        "enterprise": Enterprise(ACME, "南昌某某科技有限公司"),
        "visit_kind": visit_kind,
        "bodies": ("scjgj",),
        "inspectors": OFFICERS,
        "items": ITEMS,
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
        "planned_date": in_days(at, 1),
        "actor": INSPECTOR,
        "occurred_at": at,
    }
    if visit_kind is VisitKind.JOINT_INSPECTION:
        facts |= {"bodies": ("scjgj", "yjglj"), "inspectors": JOINT_OFFICERS}
    if visit_kind is VisitKind.SERVICE_VISIT:
        facts |= {
            "bodies": ("yshb", "gxj"),
            "inspectors": VISITORS,
            "items": ("惠企政策宣讲", "了解用工困难"),
            "legal_basis": None,
            "actor": VISITOR,
        }
    return facts | changes


def findings(at: datetime) -> list[Finding]:
    """One finding of each outcome, on the registered items (a list: any sequence will do)."""
    return [
        Finding(ITEMS[0], FindingOutcome.COMPLIANT),
        Finding(ITEMS[1], FindingOutcome.RECTIFICATION_ORDERED, "压力容器未定期检验", in_days(at, 15)),
        Finding(ITEMS[2], FindingOutcome.FIRST_VIOLATION_NOT_PENALISED, "价签不全"),
        Finding(ITEMS[2], FindingOutcome.MINOR_VIOLATION_NOT_PENALISED, "标价不清"),
        Finding(
            ITEMS[0],
            FindingOutcome.PENALTY,
            "使用过期原料",
            penalty=Money.of("2000.50"),
            payment_request=PaymentRequest.INSTALMENT,
        ),
    ]


DEMANDS = [
    Demand("厂区用电增容审批慢", Category.FACTOR_POWER, Urgency.URGENT),
    Demand("希望了解技改补贴申报条件", Category.POLICY_REDEMPTION),
]

STEPS: dict[str, Step] = {
    "enter": lambda v, at: v.enter(INSPECTOR, at),
    "record-findings": lambda v, at: v.record_findings(findings(at), INSPECTOR, at),
    "publish": lambda v, at: v.publish_results("检查结果已在政府网站公示", INSPECTOR, at),
    "collect-demands": lambda v, at: v.collect_demands(DEMANDS, VISITOR, at),
    "close": lambda v, at: v.close(INSPECTOR, at),
    "cancel": lambda v, at: v.cancel("企业停产检修", INSPECTOR, at),
    "rate": lambda v, at: v.rate(5, "检查规范，未影响生产", E, at),
    "report-misconduct": lambda v, at: v.report_misconduct(
        Misconduct.RECOMMENDING_THIRD_PARTY_SERVICES, "检查人员推荐指定检测机构", E, at
    ),
}

# The steps that lead from registration to each state, for inspections and for service visits.
PATHS: dict[str, dict[str, list[str]]] = {
    "enforcement": {
        "registered": [],
        "entered": ["enter"],
        "findings_recorded": ["enter", "record-findings"],
        "published": ["enter", "record-findings", "publish"],
        "closed": ["enter", "record-findings", "publish", "close"],
        "cancelled": ["cancel"],
    },
    "service": {
        "registered": [],
        "entered": ["enter"],
        "closed": ["enter", "collect-demands", "close"],
        "cancelled": ["cancel"],
    },
}

AFTER_ENTRY = {"entered", "findings_recorded", "published", "closed"}

# Where each step is allowed; everywhere else it must be refused.
ALLOWED: dict[str, dict[str, set[str]]] = {
    "enforcement": {
        "enter": {"registered"},
        "record-findings": {"entered", "findings_recorded"},
        "publish": {"findings_recorded"},
        "collect-demands": set(),
        "close": {"published"},
        "cancel": {"registered"},
        "rate": AFTER_ENTRY,
        "report-misconduct": AFTER_ENTRY,
    },
    "service": {
        "enter": {"registered"},
        "record-findings": set(),
        "publish": set(),
        "collect-demands": {"entered"},
        "close": {"entered"},
        "cancel": {"registered"},
        "rate": {"entered", "closed"},
        "report-misconduct": {"entered", "closed"},
    },
}

ENFORCEMENT_KINDS = [
    VisitKind.ADMINISTRATIVE_INSPECTION,
    VisitKind.JOINT_INSPECTION,
    VisitKind.RANDOM_SPOT_CHECK,
]


def flavour(visit_kind: VisitKind) -> str:
    return "enforcement" if visit_kind.is_enforcement else "service"


def new_visit(visit_kind: VisitKind, at: datetime, /, **changes: Any) -> InspectionVisit:
    return InspectionVisit.register(**registration(visit_kind, at, **changes))


def visit_in(visit_kind: VisitKind, state: str, at: datetime) -> InspectionVisit:
    """A fresh visit of `visit_kind` brought to `state` through its path, one day per step."""
    visit = new_visit(visit_kind, at)
    for number, step in enumerate(PATHS[flavour(visit_kind)][state], start=1):
        STEPS[step](visit, at + timedelta(days=number))
    return visit
