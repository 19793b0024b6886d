"""The enumerations of the inspection and service visit case. Values are the stable codes used in
the API, the stored events and the reports.
"""

from __future__ import annotations

from enum import Enum


class VisitKind(Enum):
    """What brings officials through the enterprise's gate."""

    ADMINISTRATIVE_INSPECTION = "administrative_inspection"  # 行政检查
    JOINT_INSPECTION = "joint_inspection"  # 联合检查：进一次门、查多项事
    RANDOM_SPOT_CHECK = "random_spot_check"  # 双随机抽查（双随机、一公开）
    SERVICE_VISIT = "service_visit"  # 走访：护航行动 / 周末亲清行

    @property
    def is_enforcement(self) -> bool:
        """An inspection by a law-enforcement body; a service visit is not an inspection."""
        return self is not VisitKind.SERVICE_VISIT


ENFORCEMENT_KINDS = frozenset(kind for kind in VisitKind if kind.is_enforcement)


class InspectionStatus(Enum):
    """Where the visit stands. A service visit goes registered → entered → closed."""

    REGISTERED = "registered"  # 已扫码登记，待入企
    ENTERED = "entered"  # 已入企（扫码进门）
    FINDINGS_RECORDED = "findings_recorded"  # 已记录检查结果
    PUBLISHED = "published"  # 结果已公开（一公开）
    CLOSED = "closed"  # 已办结
    CANCELLED = "cancelled"  # 已取消（入企前）


TERMINAL = frozenset({InspectionStatus.CLOSED, InspectionStatus.CANCELLED})


class ExemptionReason(Enum):
    """Why an inspection may enter on a quiet day (企业安静日) after all."""

    WORK_SAFETY = "work_safety"  # 安全生产
    ENVIRONMENTAL_PROTECTION = "environmental_protection"  # 生态环境
    EMERGENCY = "emergency"  # 突发事件


class FindingOutcome(Enum):
    """What an inspection found on one item."""

    COMPLIANT = "compliant"  # 未发现问题
    RECTIFICATION_ORDERED = "rectification_ordered"  # 责令限期整改
    FIRST_VIOLATION_NOT_PENALISED = "first_violation_not_penalised"  # 首违不罚
    MINOR_VIOLATION_NOT_PENALISED = "minor_violation_not_penalised"  # 轻微不罚
    PENALTY = "penalty"  # 行政处罚（罚款）


class PaymentRequest(Enum):
    """The enterprise's request on how to pay a fine."""

    DEFERRED = "deferred"  # 暂缓（延期）缴纳
    INSTALMENT = "instalment"  # 分期缴纳


class Misconduct(Enum):
    """What the enterprise may report about the officials who came."""

    RECOMMENDING_THIRD_PARTY_SERVICES = "recommending_third_party_services"  # 搭车推荐
    SOLICITING_BENEFITS = "soliciting_benefits"  # 吃拿卡要
    ARBITRARY_INSPECTION = "arbitrary_inspection"  # 乱检查
    ARBITRARY_FINES = "arbitrary_fines"  # 乱罚款
