"""The enumerations of the appeal case. Values are the stable codes used in the API and reports."""

from __future__ import annotations

from enum import Enum


class Channel(Enum):
    """How the appeal reached the office."""

    HOTLINE_12345 = "hotline_12345"  # 12345 热线
    HUHANG_MINI_PROGRAM = "huhang_mini_program"  # 护航行动小程序
    ZHENGQITONG = "zhengqitong"  # 政企通平台
    COMPLAINT_MAILBOX = "complaint_mailbox"  # 投诉举报邮箱
    BANBUCHENG_WINDOW = "banbucheng_window"  # 办不成事窗口
    BREAKFAST_FORUM = "breakfast_forum"  # 早餐会
    AFTERNOON_TEA_FORUM = "afternoon_tea_forum"  # 亲清下午茶
    SPECIAL_SUPERVISOR = "special_supervisor"  # 特约监督员
    NPC_MONITORING_POINT = "npc_monitoring_point"  # 人大代表监评点
    SERVICE_VISIT = "service_visit"  # 走访收集


class Category(Enum):
    """What the appeal is about."""

    APPROVAL_SERVICES = "approval_services"  # 审批服务
    POLICY_REDEMPTION = "policy_redemption"  # 政策兑现
    FACTOR_LAND = "factor_land"  # 要素保障：用地
    FACTOR_POWER = "factor_power"  # 用电
    FACTOR_WATER = "factor_water"  # 用水
    FACTOR_GAS = "factor_gas"  # 用气
    FINANCING = "financing"  # 融资
    ENFORCEMENT_INSPECTION = "enforcement_inspection"  # 执法检查
    LEGAL_DISPUTE = "legal_dispute"  # 法律纠纷
    OTHER = "other"


class Urgency(Enum):
    NORMAL = "normal"  # 一般
    URGENT = "urgent"  # 紧急
    CRITICAL = "critical"  # 特急


class HandlingLevel(Enum):
    """The level that handles the assigned appeal."""

    COUNTY = "county"  # 县级
    TOWNSHIP = "township"  # 乡镇/街道
    PARK = "park"  # 园区
    VILLAGE = "village"  # 村/社区


class Outcome(Enum):
    """How a resolved appeal was concluded (办结)."""

    SOLVED = "solved"  # 已解决
    EXPLAINED = "explained"  # 已解释说明
    REFERRED = "referred"  # 已转其他途径


class Satisfaction(Enum):
    """The enterprise's answer at follow-up (回访)."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


class AppealStatus(Enum):
    SUBMITTED = "submitted"  # 已登记，待受理
    RECEIVED = "received"  # 已受理
    REJECTED = "rejected"  # 不予受理
    ASSIGNED = "assigned"  # 已交办，办理中
    RETURNED = "returned"  # 被承办单位退回
    RESOLVED = "resolved"  # 已办结，待回访
    FOLLOWED_UP = "followed_up"  # 已回访
    SUPERVISED = "supervised"  # 督办中
    CLOSED = "closed"  # 已销号
    WITHDRAWN = "withdrawn"  # 已撤回
    MERGED = "merged"  # 已合并（重复诉求）


TERMINAL = frozenset(
    {AppealStatus.REJECTED, AppealStatus.CLOSED, AppealStatus.WITHDRAWN, AppealStatus.MERGED}
)
