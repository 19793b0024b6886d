"""What each recorded event is called on a case's timeline (by the event's class name)."""

from __future__ import annotations

EVENT_TITLES: dict[str, str] = {
    "Submitted": "登记", "Registered": "登记", "Opened": "登记", "Issued": "发布", "Received": "受理",
    "Rejected": "不予受理", "Assigned": "交办", "Reassigned": "转办", "Returned": "退回",
    "ProgressNoted": "跟踪", "Extended": "延期", "Resolved": "办结", "FollowedUp": "回访",
    "SupervisionOrdered": "督办", "Closed": "销号/结束", "Withdrawn": "撤回", "Merged": "合并",
    "Entered": "入企", "Cancelled": "取消", "FindingsRecorded": "检查结果", "Published": "公开",
    "ResultsPublished": "公开", "DemandsCollected": "收集诉求", "Rated": "评价",
    "MisconductReported": "投诉", "Started": "开始", "SessionHeld": "调解", "Succeeded": "调解成功",
    "Failed": "调解不成", "ConfirmationApplied": "申请司法确认", "ConfirmationDecided": "司法确认",
    "Filed": "立案", "CourtMediationStarted": "诉中调解", "Mediated": "调解结案",
    "FailedInSuit": "诉中调解不成", "Concluded": "结案", "PerformanceRecorded": "履行",
    "EnforcementApplied": "申请强制执行", "Revised": "修订", "Confirmed": "确认", "Accepted": "受理",
    "MaterialsSupplied": "容缺后补", "Routed": "流转", "Approved": "审核通过", "Disbursed": "拨付",
    "CommitmentVerified": "核查", "CommitmentBreached": "失信", "ClawbackRequested": "追回",
    "Recovered": "追回到账", "Recorded": "记录", "Retired": "停用",
}  # fmt: skip

# The facts of an event a timeline shows (never contacts or parties: those are personal data).
SHOWN_FACTS = (
    "department", "level", "deadline", "reason", "reply", "note", "resolution", "outcome",
    "satisfaction", "comment", "approver", "terms", "amount", "status", "organisation", "mediator",
    "court", "court_case_number", "granted", "performed", "stars", "misconduct", "description",
)
