"""Appeals (企业诉求) as an import file holds them: one row per appeal, its history in dated
columns, read into the intake and the steps a live appeal would have taken."""

from __future__ import annotations

from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Satisfaction, Urgency
from domain.enterprise import Contact
from domain.jurisdiction import JurisdictionCode

from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve, SubmitAppeal
from application.case_commands import Step
from application.import_plan import Column, ImportKind, RowPlan
from application.import_rows import SourceRow, present

CLOSED_ON_IMPORT = "导入：原系统已销号"

COLUMNS = (
    Column(
        "来源编号", True, "在原系统中的编号（如 12345 工单编号）；再次导入时据此识别已导入的诉求"
    ),
    Column("企业名称", True, "提出诉求的企业"),
    Column("统一社会信用代码", True, "18 位，按 GB 32100-2015 校验"),
    Column("诉求渠道", True, "如 12345热线（取值见 yingshang vocabulary channel）"),
    Column("诉求类别", True, "如 审批服务（取值见 yingshang vocabulary category）"),
    Column("紧急程度", False, "一般、紧急、特急；空则为一般"),
    Column("诉求内容", True, "诉求摘要"),
    Column("联系人", False, "与联系电话同填或同空"),
    Column("联系电话", False, "与联系人同填或同空"),
    Column("登记时间", True, "如 2023-05-06 09:30 或 2023年5月6日"),
    Column("受理时间", False, "空则停在已登记"),
    Column("交办时间", False, "交办须先受理"),
    Column("承办单位", False, "交办时必填：单位代码（登记了机构名录的，须为名录中的单位）"),
    Column("办理层级", False, "县级、乡镇/街道、园区、村/社区；空则为县级"),
    Column("办理期限", False, "交办时的办结期限；空则按期限规则和工作日历计算"),
    Column("办结时间", False, "办结须先交办"),
    Column("办结方式", False, "办结时必填：已解决、已解释说明、已转其他途径"),
    Column("办结答复", False, "办结时必填：答复企业的内容"),
    Column("回访时间", False, "回访须先办结"),
    Column("回访结果", False, "回访时必填：满意、基本满意、不满意"),
    Column("回访意见", False, "企业的意见"),
    Column("销号时间", False, "销号须先回访且不是不满意"),
)


def appeal_plan(row: SourceRow, jurisdiction: JurisdictionCode, _named: None) -> RowPlan:
    """The intake and steps of the appeal a row describes; `RowRefused` for a cell that
    cannot be read (the rules of the appeal itself are applied when the plan is)."""
    intake = SubmitAppeal(
        jurisdiction=jurisdiction,
        enterprise=row.enterprise(),
        channel=present(row.coded("诉求渠道", Channel), "诉求渠道"),
        category=present(row.coded("诉求类别", Category), "诉求类别"),
        urgency=row.coded("紧急程度", Urgency) or Urgency.NORMAL,
        summary=row.required("诉求内容"),
        contact=_contact(row),
        occurred_at=present(row.moment("登记时间"), "登记时间"),
        source_id=row.required("来源编号"),
    )
    return RowPlan(row.number, intake.source_id or "", intake, "登记时间", _steps(row))


def _steps(row: SourceRow) -> tuple[tuple[str, Step], ...]:
    steps: list[tuple[str, Step]] = []
    if (at := row.moment("受理时间")) is not None:
        steps.append(("受理时间", Receive(occurred_at=at)))
    if (at := row.moment("交办时间")) is not None:
        steps.append(("交办时间", Assign(
            department=row.required("承办单位"),
            level=row.coded("办理层级", HandlingLevel) or HandlingLevel.COUNTY,
            deadline=row.day("办理期限"),
            occurred_at=at,
        )))  # fmt: skip
    if (at := row.moment("办结时间")) is not None:
        steps.append(("办结时间", Resolve(
            outcome=present(row.coded("办结方式", Outcome), "办结方式"),
            resolution=row.required("办结答复"),
            occurred_at=at,
        )))  # fmt: skip
    if (at := row.moment("回访时间")) is not None:
        steps.append(("回访时间", FollowUp(
            satisfaction=present(row.coded("回访结果", Satisfaction), "回访结果"),
            comment=row.text("回访意见") or "",
            occurred_at=at,
        )))  # fmt: skip
    if (at := row.moment("销号时间")) is not None:
        steps.append(("销号时间", Close(reason=CLOSED_ON_IMPORT, occurred_at=at)))
    return tuple(steps)


def _contact(row: SourceRow) -> Contact | None:
    name, phone = row.text("联系人"), row.text("联系电话")
    if name is None and phone is None:
        return None
    return Contact(present(name, "联系人"), present(phone, "联系电话"))


APPEALS = ImportKind("appeals", "诉求", Appeal.submit, COLUMNS, appeal_plan)
