"""The Chinese label of each field the console's forms show, by the field's name in the API."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "amount": "金额（元）", "amount_due": "应兑现金额（元）", "amount_involved": "涉及金额（元）",
    "appeal_id": "关联诉求编号（ID）", "approver": "批准人", "assisted": "帮办代办",
    "bodies": "检查部门（每行一个代码）", "body": "部门", "cap": "兑现上限（元）",
    "category": "诉求类别", "certificate": "证书编号", "channel": "诉求渠道", "comment": "评价意见",
    "commitment": "承诺内容", "contact": "联系人", "court": "法院", "court_case_number": "案号",
    "credit_code": "统一社会信用代码", "deadline": "办理期限", "demands": "企业诉求",
    "department": "承办单位（代码）", "description": "情况描述", "disbursement_days": "拨付时限（工作日）",
    "disbursement_due": "拨付期限", "dispute_type": "纠纷类型", "enterprise": "企业",
    "exemption": "免检事由", "findings": "检查结果", "granted": "准予确认",
    "inspectors": "检查人员", "into": "并入的诉求（ID）", "issuing_department": "发文部门",
    "item": "检查事项", "items": "检查事项（每行一项）", "jurisdiction": "行政区划代码",
    "legal_basis": "检查依据", "level": "办理层级", "mediator": "调解员",
    "misconduct": "问题类型", "missing_materials": "容缺材料", "mode": "兑现方式", "name": "名称",
    "note": "进展情况", "occurred_at": "发生时间（不填即现在）", "organisation": "调解组织（代码）",
    "organisation_kind": "调解组织类型", "outcome": "办理结论", "parties": "当事人",
    "payment_request": "付款申请", "penalty": "罚款（元）", "performed": "已履行",
    "phone": "电话", "planned_date": "计划日期", "policy_id": "政策（ID）", "promised_by": "承诺期限",
    "reason": "理由", "rectification_due": "整改期限", "refer_to_mediation": "转人民调解",
    "reply": "答复意见", "resolution": "办理结果", "review_days": "审核时限（工作日）",
    "review_due": "审核期限", "role": "身份", "satisfaction": "满意度", "source": "纠纷来源",
    "stars": "评分（1–5 星）", "status": "结案方式", "summary": "诉求内容", "terms": "协议内容",
    "title": "标题", "urgency": "紧急程度", "verification_due": "核查期限", "visit_kind": "入企类型",
}  # fmt: skip

# Fields written in a text area rather than on one line.
LONG_TEXT = frozenset({
    "summary", "reason", "reply", "note", "resolution", "comment", "terms", "description",
    "commitment", "legal_basis",
})  # fmt: skip


# Nested fields whose own name says too little.
NESTED_LABELS = {
    "enterprise.name": "企业名称", "contact.name": "联系人姓名", "contact.phone": "联系电话",
    "exemption.reason": "免检事由", "exemption.note": "说明",
}  # fmt: skip


def field_label(name: str) -> str:
    """The label of the field `name` (by its last part, for most nested fields)."""
    last = name.rsplit(".", 1)[-1]
    return NESTED_LABELS.get(name) or FIELD_LABELS.get(last, last)

# The facts a case page shows beyond its fields' names above.
FIELD_LABELS.update({
    "id": "编号", "case_number": "案件编号", "deadline_calendar": "期限依据的工作日历",
    "overdue": "已逾期", "submitted_at": "登记时间", "received_at": "受理时间", "assigned_at": "交办时间",
    "resolved_at": "办结时间", "resolved_on_time": "按期办结", "follow_ups": "回访次数",
    "supervision_orders": "督办次数", "extensions": "延期次数", "progress_notes": "跟踪次数",
    "closed_at": "销号时间", "referred_to_mediation": "已转调解", "merged_into": "已并入",
    "visit_id": "来源走访", "version": "版本", "credit_codes": "企业", "opened_at": "登记时间",
})  # fmt: skip
