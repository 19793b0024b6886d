"""The Chinese label (中文名称) of every enumerated code the product exposes, in one table.

A vocabulary is a named set of codes, e.g. `appeal_status` or `channel`; the API answers codes,
and the spreadsheets and `GET /api/v1/vocabulary` give each its label. Every enumeration of the
domain has one vocabulary here, keyed by its members, so a misspelt member fails at import and a
member without a label fails the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from domain.actor import Role
from domain.appeal import (
    Appeal,
    AppealStatus,
    Category,
    Channel,
    HandlingLevel,
    Outcome,
    Satisfaction,
    Urgency,
)
from domain.audit_read import AuditAction, AuditRead
from domain.inspection import (
    ExemptionReason,
    FindingOutcome,
    InspectionStatus,
    InspectionVisit,
    Misconduct,
    PaymentRequest,
    VisitKind,
)
from domain.mediation import (
    Confirmation,
    DisputeSource,
    DisputeType,
    MediationCase,
    MediationStatus,
    OrganisationKind,
    PartyRole,
    Performance,
)
from domain.policy_claim import ClaimStatus, Policy, PolicyClaim, PolicyMode, PolicyStatus
from domain.calendar_year import CalendarYear
from domain.unit import Unit, UnitKind, UnitStatus

from application.closure_rates import UNASSIGNED
from application.errors import NotFound
from application.supervision_rules import RULES


@dataclass(frozen=True)
class Vocabulary:
    """A named set of codes (`name`, e.g. `channel`), what it is called (`title`), and the
    label of each code, in the order clients should offer them."""

    name: str
    title: str
    labels: Mapping[str, str]

    def label(self, code: str) -> str:
        """The code's label; a code outside the vocabulary (a department's code) as it is."""
        return self.labels.get(code, code)


def _enumerated(name: str, title: str, labels: Mapping[Enum, str]) -> Vocabulary:
    return Vocabulary(name, title, {member.value: label for member, label in labels.items()})


ENUMERATED: dict[type[Enum], Vocabulary] = {
    vocabulary_enum: _enumerated(name, title, labels)
    for vocabulary_enum, name, title, labels in (
        (Channel, "channel", "诉求渠道", {
            Channel.HOTLINE_12345: "12345热线",
            Channel.HUHANG_MINI_PROGRAM: "护航行动小程序",
            Channel.ZHENGQITONG: "政企通平台",
            Channel.COMPLAINT_MAILBOX: "投诉举报邮箱",
            Channel.BANBUCHENG_WINDOW: "办不成事窗口",
            Channel.BREAKFAST_FORUM: "早餐会",
            Channel.AFTERNOON_TEA_FORUM: "亲清下午茶",
            Channel.SPECIAL_SUPERVISOR: "特约监督员",
            Channel.NPC_MONITORING_POINT: "人大代表监评点",
            Channel.SERVICE_VISIT: "走访收集",
        }),
        (Category, "category", "诉求类别", {
            Category.APPROVAL_SERVICES: "审批服务",
            Category.POLICY_REDEMPTION: "政策兑现",
            Category.FACTOR_LAND: "要素保障：用地",
            Category.FACTOR_POWER: "要素保障：用电",
            Category.FACTOR_WATER: "要素保障：用水",
            Category.FACTOR_GAS: "要素保障：用气",
            Category.FINANCING: "融资",
            Category.ENFORCEMENT_INSPECTION: "执法检查",
            Category.LEGAL_DISPUTE: "法律纠纷",
            Category.OTHER: "其他",
        }),
        (Urgency, "urgency", "紧急程度", {
            Urgency.NORMAL: "一般", Urgency.URGENT: "紧急", Urgency.CRITICAL: "特急",
        }),
        (HandlingLevel, "handling_level", "办理层级", {
            HandlingLevel.COUNTY: "县级",
            HandlingLevel.TOWNSHIP: "乡镇/街道",
            HandlingLevel.PARK: "园区",
            HandlingLevel.VILLAGE: "村/社区",
        }),
        (Outcome, "outcome", "办结方式", {
            Outcome.SOLVED: "已解决", Outcome.EXPLAINED: "已解释说明", Outcome.REFERRED: "已转其他途径",
        }),
        (Satisfaction, "satisfaction", "回访满意度", {
            Satisfaction.SATISFIED: "满意",
            Satisfaction.BASICALLY_SATISFIED: "基本满意",
            Satisfaction.UNSATISFIED: "不满意",
        }),
        (AppealStatus, "appeal_status", "诉求状态", {
            AppealStatus.SUBMITTED: "已登记",
            AppealStatus.RECEIVED: "已受理",
            AppealStatus.REJECTED: "不予受理",
            AppealStatus.ASSIGNED: "已交办",
            AppealStatus.RETURNED: "已退回",
            AppealStatus.RESOLVED: "已办结",
            AppealStatus.FOLLOWED_UP: "已回访",
            AppealStatus.SUPERVISED: "督办中",
            AppealStatus.CLOSED: "已销号",
            AppealStatus.WITHDRAWN: "已撤回",
            AppealStatus.MERGED: "已合并",
        }),
        (VisitKind, "visit_kind", "检查走访类型", {
            VisitKind.ADMINISTRATIVE_INSPECTION: "行政检查",
            VisitKind.JOINT_INSPECTION: "联合检查",
            VisitKind.RANDOM_SPOT_CHECK: "双随机抽查",
            VisitKind.SERVICE_VISIT: "走访",
        }),
        (InspectionStatus, "inspection_status", "检查走访状态", {
            InspectionStatus.REGISTERED: "已扫码登记",
            InspectionStatus.ENTERED: "已入企",
            InspectionStatus.FINDINGS_RECORDED: "已记录检查结果",
            InspectionStatus.PUBLISHED: "结果已公开",
            InspectionStatus.CLOSED: "已办结",
            InspectionStatus.CANCELLED: "已取消",
        }),
        (ExemptionReason, "exemption_reason", "安静日入企事由", {
            ExemptionReason.WORK_SAFETY: "安全生产",
            ExemptionReason.ENVIRONMENTAL_PROTECTION: "生态环境",
            ExemptionReason.EMERGENCY: "突发事件",
        }),
        (FindingOutcome, "finding_outcome", "检查结果", {
            FindingOutcome.COMPLIANT: "未发现问题",
            FindingOutcome.RECTIFICATION_ORDERED: "责令整改",
            FindingOutcome.FIRST_VIOLATION_NOT_PENALISED: "首违不罚",
            FindingOutcome.MINOR_VIOLATION_NOT_PENALISED: "轻微不罚",
            FindingOutcome.PENALTY: "行政处罚",
        }),
        (PaymentRequest, "payment_request", "罚款缴纳申请", {
            PaymentRequest.DEFERRED: "暂缓缴纳", PaymentRequest.INSTALMENT: "分期缴纳",
        }),
        (Misconduct, "misconduct", "不当行为", {
            Misconduct.RECOMMENDING_THIRD_PARTY_SERVICES: "搭车推荐",
            Misconduct.SOLICITING_BENEFITS: "吃拿卡要",
            Misconduct.ARBITRARY_INSPECTION: "乱检查",
            Misconduct.ARBITRARY_FINES: "乱罚款",
        }),
        (DisputeType, "dispute_type", "纠纷类型", {
            DisputeType.CONTRACT: "合同纠纷",
            DisputeType.DEBT: "借款、欠款纠纷",
            DisputeType.LABOUR: "劳动争议",
            DisputeType.INTELLECTUAL_PROPERTY: "知识产权纠纷",
            DisputeType.EQUITY: "股权、合伙纠纷",
            DisputeType.CONSTRUCTION: "建设工程纠纷",
            DisputeType.LEASE: "租赁纠纷",
            DisputeType.OTHER: "其他",
        }),
        (DisputeSource, "dispute_source", "纠纷来源", {
            DisputeSource.PRE_FILING_GUIDANCE: "立案前引导",
            DisputeSource.GOVERNANCE_CENTRE: "综治中心",
            DisputeSource.FEDERATION_OF_COMMERCE: "工商联",
            DisputeSource.REFERRED_APPEAL: "企业诉求转调解",
            DisputeSource.OTHER: "其他",
        }),
        (OrganisationKind, "organisation_kind", "调解组织类型", {
            OrganisationKind.PEOPLES_MEDIATION_COMMITTEE: "人民调解委员会",
            OrganisationKind.FEDERATION_OF_COMMERCE: "工商联商会调解",
            OrganisationKind.TRADE_UNION: "工会",
            OrganisationKind.WOMENS_FEDERATION: "妇联",
            OrganisationKind.NOTARY: "公证",
            OrganisationKind.ARBITRATION: "仲裁",
            OrganisationKind.VILLAGE_SAGES: "乡贤调解员",
            OrganisationKind.LAWYERS: "律师调解",
            OrganisationKind.COURT_MEDIATION: "法院调解团队",
        }),
        (PartyRole, "party_role", "当事人地位", {
            PartyRole.APPLICANT: "申请人", PartyRole.RESPONDENT: "被申请人",
        }),
        (MediationStatus, "mediation_status", "调解案件状态", {
            MediationStatus.REGISTERED: "已登记",
            MediationStatus.MEDIATING: "诉前调解中",
            MediationStatus.SUCCEEDED: "诉前调解成功",
            MediationStatus.FAILED: "诉前调解不成",
            MediationStatus.WITHDRAWN: "撤回调解申请",
            MediationStatus.FILED: "已立案",
            MediationStatus.IN_SUIT_MEDIATING: "诉中调解中",
            MediationStatus.MEDIATED: "调解结案",
            MediationStatus.IN_SUIT_FAILED: "诉中调解不成",
            MediationStatus.JUDGED: "判决结案",
            MediationStatus.SUIT_WITHDRAWN: "撤诉",
            MediationStatus.CONCLUDED_OTHERWISE: "其他方式结案",
        }),
        (Confirmation, "confirmation", "司法确认", {
            Confirmation.APPLIED: "已申请", Confirmation.GRANTED: "已确认", Confirmation.REFUSED: "不予确认",
        }),
        (Performance, "performance", "协议履行", {
            Performance.PERFORMED: "已履行",
            Performance.DEFAULTED: "未履行",
            Performance.ENFORCEMENT_APPLIED: "已申请强制执行",
        }),
        (PolicyMode, "policy_mode", "兑现方式", {
            PolicyMode.NO_APPLICATION: "免申即享",
            PolicyMode.APPLY_AND_RECEIVE: "即申即享",
            PolicyMode.COMMITMENT: "承诺兑现",
        }),
        (PolicyStatus, "policy_status", "政策状态", {
            PolicyStatus.PUBLISHED: "已发布", PolicyStatus.WITHDRAWN: "已废止",
        }),
        (ClaimStatus, "claim_status", "兑现状态", {
            ClaimStatus.MATCHED: "待企业确认",
            ClaimStatus.CONFIRMED: "企业已确认",
            ClaimStatus.SUBMITTED: "已申报",
            ClaimStatus.ACCEPTED: "已受理",
            ClaimStatus.ROUTED: "已流转",
            ClaimStatus.APPROVED: "审核通过",
            ClaimStatus.REJECTED: "不予兑现",
            ClaimStatus.PARTLY_DISBURSED: "部分拨付",
            ClaimStatus.DISBURSED: "已拨付",
            ClaimStatus.VERIFIED: "承诺已核查",
            ClaimStatus.BREACHED: "承诺未履行",
            ClaimStatus.CLAWBACK_REQUESTED: "已发起追回",
            ClaimStatus.RECOVERED: "已追回",
            ClaimStatus.WITHDRAWN: "已撤回",
        }),
        (Role, "role", "角色", {
            Role.ENTERPRISE: "企业",
            Role.HANDLER: "承办单位",
            Role.COORDINATOR: "营商办",
            Role.INSPECTOR: "执法部门",
            Role.MEDIATOR: "调解员",
            Role.COURT_CLERK: "法院",
            Role.FINANCE: "财政",
            Role.AUDITOR: "纪委监委",
            Role.ADMIN: "系统管理员",
            Role.SYSTEM: "系统",
        }),
        (AuditAction, "audit_action", "审计查阅内容", {
            AuditAction.EVENTS: "案件事件回放",
            AuditAction.STATE: "案件历史状态",
            AuditAction.ACTIVITY: "操作记录",
            AuditAction.READS: "审计查阅记录",
            AuditAction.VERIFY: "日志完整性校验",
            AuditAction.CHECKPOINT: "日志检查点",
            AuditAction.EXPORT: "审计包导出",
        }),
        (UnitKind, "unit_kind", "单位类型", {
            UnitKind.DEPARTMENT: "职能部门",
            UnitKind.TOWNSHIP: "乡镇（街道）",
            UnitKind.PARK: "园区管委会",
            UnitKind.MEDIATING_ORGANISATION: "调解组织",
            UnitKind.COURT: "人民法院",
            UnitKind.COORDINATING_OFFICE: "营商环境办",
        }),
        (UnitStatus, "unit_status", "单位状态", {
            UnitStatus.ACTIVE: "在用",
            UnitStatus.RETIRED: "已撤销",
        }),
    )
}  # fmt: skip

CASE_KIND = Vocabulary("case_kind", "案件类型", {
    kind.kind: label
    for kind, label in (
        (Appeal, "企业诉求"),
        (InspectionVisit, "涉企检查与走访"),
        (MediationCase, "诉调对接"),
        (Policy, "惠企政策"),
        (PolicyClaim, "政策兑现"),
        (Unit, "机构名录"),
        (CalendarYear, "工作日历"),
        (AuditRead, "审计查阅"),
    )
})  # fmt: skip
# Each rule's description opens with its Chinese name, then says in English what it means.
SUPERVISION_RULE = Vocabulary(
    "supervision_rule", "督办事由", {code: text.split(" ", 1)[0] for code, text in RULES.items()}
)
SUPERVISION_STATUS = Vocabulary("supervision_status", "督办状态", {"open": "未销号", "cleared": "已销号"})
MEDIATION_STAGE = Vocabulary("mediation_stage", "调解阶段", {"pre_suit": "诉前", "in_suit": "诉中"})
REPORT_GROUP = Vocabulary("report_group", "报表分组", {"total": "合计", UNASSIGNED: "未交办"})
BOOLEAN = Vocabulary("boolean", "是否", {"true": "是", "false": "否"})

VOCABULARIES: dict[str, Vocabulary] = {
    vocabulary.name: vocabulary
    for vocabulary in (
        *ENUMERATED.values(),
        CASE_KIND,
        SUPERVISION_RULE,
        SUPERVISION_STATUS,
        MEDIATION_STAGE,
        REPORT_GROUP,
        BOOLEAN,
    )
}
# The report dimensions (`group_by`) whose groups are codes of a vocabulary.
GROUPED_BY = {
    "channel": ENUMERATED[Channel],
    "category": ENUMERATED[Category],
    "level": ENUMERATED[HandlingLevel],
    "mode": ENUMERATED[PolicyMode],
}


def report_groups(dimension: str | None, names: Mapping[str, str] | None = None) -> Vocabulary:
    """The labels of a report's groups by `dimension`: the total, and the codes of its
    vocabulary if it has one, else the `names` of the units the registry knows (an unknown
    code stays as it is)."""
    labels = GROUPED_BY[dimension].labels if dimension in GROUPED_BY else (names or {})
    return Vocabulary("report_group", REPORT_GROUP.title, {**REPORT_GROUP.labels, **labels})


def vocabularies(name: str | None = None) -> list[Vocabulary]:
    """Every vocabulary, or the one called `name` (`NotFound` if there is none)."""
    if name is None:
        return list(VOCABULARIES.values())
    if name not in VOCABULARIES:
        raise NotFound(f"no vocabulary named {name!r}; GET /vocabulary lists them all")
    return [VOCABULARIES[name]]
