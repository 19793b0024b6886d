"""The columns of a case list as a spreadsheet: the fields every kind shares, then the details
its kind adds, each with its Chinese heading (and, for codes, the vocabulary labelling them)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from application.vocabulary import CASE_KIND, ENUMERATED, MEDIATION_STAGE, VOCABULARIES
from interface.http.tables import Column

V = VOCABULARIES


def shared_columns(statuses: type[Enum]) -> list[Column]:
    """The fields of every case, its status labelled from the vocabulary of `statuses`."""
    return [
        ("case_number", "案件编号"),
        ("kind", "类型", CASE_KIND),
        ("status", "状态", ENUMERATED[statuses]),
        ("jurisdiction", "行政区划"),
        ("organisations", "承办/相关单位"),
        ("organisation_names", "单位名称"),
        ("enterprise_name", "企业名称"),
        ("credit_codes", "统一社会信用代码"),
        ("deadline", "办理期限"),
        ("overdue", "是否逾期"),
        ("opened_at", "登记时间"),
        ("version", "版本"),
        ("id", "编号"),
    ]


DETAILS: dict[str, Column] = {
    column[0]: column
    for column in (
        # appeals
        ("channel", "诉求渠道", V["channel"]),
        ("category", "诉求类别", V["category"]),
        ("urgency", "紧急程度", V["urgency"]),
        ("level", "办理层级", V["handling_level"]),
        ("contact", "联系人"),
        ("received_on", "受理日期"),
        ("resolved_on", "办结日期"),
        ("first_resolved_on_time", "首次按期办结"),
        ("follow_ups", "回访次数"),
        ("followed_up_on", "回访日期"),
        ("first_satisfaction", "首次回访满意度", V["satisfaction"]),
        ("satisfaction", "回访满意度", V["satisfaction"]),
        ("closed_on", "销号日期"),
        ("supervision_orders", "督办单数"),
        # inspections and service visits
        ("visit_kind", "检查走访类型", V["visit_kind"]),
        ("planned_date", "计划入企日期"),
        ("entered_at", "入企时间"),
        ("entered_on", "入企日期"),
        ("outcomes", "检查结果(项数)", V["finding_outcome"]),
        ("penalty_total", "罚款金额(元)"),
        ("misconduct_reports", "不当行为反映数"),
        # policies and claims
        ("title", "政策名称"),
        ("policy", "政策名称"),
        ("mode", "兑现方式", V["policy_mode"]),
        ("cap", "兑现上限(元)"),
        ("published_on", "发布日期"),
        ("withdrawn_on", "废止日期"),
        ("approved_amount", "核准金额(元)"),
        ("disbursed_total", "已拨付金额(元)"),
        ("issuing_department", "发布单位"),
        ("opened_on", "申报日期"),
        ("granted_on", "核准日期"),
        ("granted_amount", "核准兑现金额(元)"),
        ("fully_disbursed_on", "拨付完毕日期"),
        ("disbursed_on_time", "按期拨付"),
        ("commitment_checked_on", "承诺核查日期"),
        ("breached", "承诺失信"),
        ("clawback_requested_on", "发起追回日期"),
        ("clawback_amount", "应追回金额(元)"),
        ("recovered_total", "已追回金额(元)"),
        ("recovered_on", "追回完毕日期"),
        # mediations
        ("dispute_type", "纠纷类型", V["dispute_type"]),
        ("stage", "调解阶段", MEDIATION_STAGE),
        ("organisation_kind", "调解组织类型", V["organisation_kind"]),
        ("court_case_number", "法院案号"),
        ("organisation", "调解组织"),
        ("assigned_on", "分派日期"),
        ("pre_suit_concluded_on", "诉前调解结束日期"),
        ("pre_suit_outcome", "诉前调解结果", V["mediation_status"]),
        ("filed_on", "立案日期"),
        ("litigation_concluded_on", "诉讼结案日期"),
        # units of the registry
        ("name", "名称"),
        ("short_name", "简称"),
        ("unit_kind", "单位类型", V["unit_kind"]),
        ("parent", "上级单位"),
        ("active_from", "启用日期"),
        ("active_to", "停用日期"),
    )
}  # fmt: skip


def list_columns(statuses: type[Enum], detail_keys: Iterable[str]) -> list[Column]:
    """The shared columns, then the details present (in the order above; one not named above
    under its key)."""
    present = set(detail_keys)
    known = [column for key, column in DETAILS.items() if key in present]
    unknown: list[Column] = [(key, key) for key in sorted(present - DETAILS.keys())]
    return shared_columns(statuses) + known + unknown
