"""Mediation cases (诉调对接) as a court's mediation register holds them: one row per dispute, its
registration, assignment, pre-suit result, 司法确认 and lawsuit in dated columns."""

from __future__ import annotations

from datetime import datetime

from domain.enterprise import CreditCode
from domain.errors import DomainError
from domain.jurisdiction import JurisdictionCode
from domain.mediation import (
    Confirmation,
    DisputeSource,
    DisputeType,
    MediationCase,
    MediationStatus,
    OrganisationKind,
    Party,
    PartyRole,
)

from application.case_commands import Step
from application.import_plan import Column, ImportKind, RowPlan
from application.import_rows import RowRefused, SourceRow, present
from application.mediation_commands import (
    ApplyConfirmation,
    AssignMediation,
    Conclude,
    DecideConfirmation,
    Fail,
    FailInSuit,
    FileLawsuit,
    HoldSession,
    MediateInSuit,
    RegisterDispute,
    StartCourtMediation,
    Succeed,
    WithdrawMediation,
)

S = MediationStatus
SESSION_ON_IMPORT = "导入：原登记表记有调解"
PRE_SUIT_RESULTS = (S.SUCCEEDED, S.FAILED, S.WITHDRAWN)
CONCLUSIONS = (S.MEDIATED, S.JUDGED, S.SUIT_WITHDRAWN, S.CONCLUDED_OTHERWISE)
SOURCES = tuple(source for source in DisputeSource if source is not DisputeSource.REFERRED_APPEAL)

COLUMNS = (
    Column(
        "来源编号", True, "在原登记表中的编号（如诉前调解案号）；再次导入时据此识别已导入的案件"
    ),
    Column("申请人", True, "申请人的名称或姓名"),
    Column("申请人信用代码", False, "申请人是企业时填写，18 位"),
    Column("被申请人", True, "被申请人的名称或姓名"),
    Column("被申请人信用代码", False, "被申请人是企业时填写；双方至少一方是企业"),
    Column(
        "纠纷类型",
        True,
        "如 合同纠纷、借款、欠款纠纷、劳动争议（取值见 yingshang vocabulary dispute_type）",
    ),  # fmt: skip
    Column("纠纷来源", True, "立案前引导、综治中心、工商联、其他（诉求转调解的不能导入）"),
    Column("标的额", False, "元，如 120000 或 120000.00"),
    Column("登记时间", True, "受理（登记）的时间，如 2023-05-06 09:30 或 2023年5月6日"),
    Column("委派时间", False, "委派调解的时间；与调解组织类型、调解组织、调解员同填"),
    Column("调解组织类型", False, "如 人民调解委员会、工商联商会调解、律师调解"),
    Column("调解组织", False, "调解组织的单位代码（登记了机构名录的，须为名录中的单位）"),
    Column("调解员", False, "委派时必填"),
    Column("调解期限", False, "空则为委派后 30 日"),
    Column("调解时间", False, "一次调解的时间（须先委派）"),
    Column("调解情况", False, "该次调解的记录"),
    Column("调解结果", False, "诉前调解成功、诉前调解不成、撤回调解申请；与结果时间同填"),
    Column("结果时间", False, "诉前调解结果的时间"),
    Column("协议内容", False, "调解成功（诉前或诉中调解结案）时必填"),
    Column("协议金额", False, "元"),
    Column("结果说明", False, "调解不成或撤回时必填：原因"),
    Column("申请确认时间", False, "申请司法确认的时间（须诉前调解成功）；与确认法院同填"),
    Column("确认法院", False, "申请司法确认的法院"),
    Column("确认时间", False, "法院作出司法确认决定的时间；与确认结果同填"),
    Column("确认结果", False, "已确认、不予确认"),
    Column("立案时间", False, "立案（转立案或直接立案）的时间；与立案法院、法院案号同填"),
    Column("立案法院", False, "立案时必填"),
    Column("法院案号", False, "立案时必填，如 (2023)赣0121民初123号"),
    Column("诉中调解时间", False, "诉中调解开始的时间；与诉中调解员同填"),
    Column("诉中调解员", False, "诉中调解时必填"),
    Column("结案时间", False, "诉讼结案的时间；与结案方式同填"),
    Column("结案方式", False, "调解结案、判决结案、撤诉、其他方式结案"),
    Column("结案说明", False, "调解结案以外的结案时必填：判决要旨或撤诉等原因"),
)


def mediation_plan(row: SourceRow, jurisdiction: JurisdictionCode, _named: None) -> RowPlan:
    """The registration and steps of the dispute a row describes; `RowRefused` for a cell that
    cannot be read (the rules of the case itself are applied when the plan is)."""
    intake = RegisterDispute(
        jurisdiction=jurisdiction,
        parties=(_party(row, "申请人", PartyRole.APPLICANT), _party(row, "被申请人", PartyRole.RESPONDENT)),
        dispute_type=present(row.coded("纠纷类型", DisputeType), "纠纷类型"),
        source=present(row.coded_among("纠纷来源", DisputeSource, *SOURCES), "纠纷来源"),
        amount=row.money("标的额"),
        occurred_at=present(row.moment("登记时间"), "登记时间"),
        source_id=row.required("来源编号"),
    )  # fmt: skip
    return RowPlan(row.number, intake.source_id or "", intake, "登记时间", _steps(row))


def _steps(row: SourceRow) -> tuple[tuple[str, Step], ...]:
    steps = _pre_suit(row)
    if (at := row.moment("立案时间")) is not None:
        steps.append(("立案时间", FileLawsuit(
            court=row.required("立案法院"), court_case_number=row.required("法院案号"), occurred_at=at
        )))  # fmt: skip
    if (at := row.moment("诉中调解时间")) is not None:
        steps.append(("诉中调解时间", StartCourtMediation(mediator=row.required("诉中调解员"), occurred_at=at)))  # fmt: skip
    if (at := row.moment("结案时间")) is not None:
        steps.extend(("结案时间", step) for step in _conclusion(row, at))
    return tuple(steps)


def _pre_suit(row: SourceRow) -> list[tuple[str, Step]]:
    steps: list[tuple[str, Step]] = []
    if (at := row.moment("委派时间")) is not None:
        steps.append(("委派时间", AssignMediation(
            organisation_kind=present(row.coded("调解组织类型", OrganisationKind), "调解组织类型"),
            organisation=row.required("调解组织"),
            mediator=row.required("调解员"),
            deadline=row.day("调解期限"),
            occurred_at=at,
        )))  # fmt: skip
    if (at := row.moment("调解时间")) is not None:
        note = row.text("调解情况") or SESSION_ON_IMPORT
        steps.append(("调解时间", HoldSession(note=note, occurred_at=at)))
    if (at := row.moment("结果时间")) is not None:
        steps.append(("结果时间", _result(row, at)))
    if (at := row.moment("申请确认时间")) is not None:
        steps.append(("申请确认时间", ApplyConfirmation(court=row.required("确认法院"), occurred_at=at)))  # fmt: skip
    if (at := row.moment("确认时间")) is not None:
        decided = Confirmation.GRANTED, Confirmation.REFUSED
        granted = present(row.coded_among("确认结果", Confirmation, *decided), "确认结果")
        steps.append(("确认时间", DecideConfirmation(granted=granted is Confirmation.GRANTED, occurred_at=at)))  # fmt: skip
    return steps


def _result(row: SourceRow, at: datetime) -> Step:
    """The pre-suit result: the agreement, the failure or the withdrawal."""
    result = present(row.coded_among("调解结果", MediationStatus, *PRE_SUIT_RESULTS), "调解结果")
    if result is S.SUCCEEDED:
        return Succeed(terms=row.required("协议内容"), amount=row.money("协议金额"), occurred_at=at)
    if result is S.FAILED:
        return Fail(reason=row.required("结果说明"), occurred_at=at)
    return WithdrawMediation(reason=row.required("结果说明"), occurred_at=at)


def _conclusion(row: SourceRow, at: datetime) -> list[Step]:
    """The lawsuit's conclusion; a judgment after in-suit mediation records its failure first."""
    status = present(row.coded_among("结案方式", MediationStatus, *CONCLUSIONS), "结案方式")
    if status is S.MEDIATED:
        return [MediateInSuit(terms=row.required("协议内容"), amount=row.money("协议金额"), occurred_at=at)]  # fmt: skip
    reason = row.required("结案说明")
    failed = [FailInSuit(reason=reason, occurred_at=at)] if status is S.JUDGED and row.text("诉中调解时间") else []  # fmt: skip
    return [*failed, Conclude(status=status, reason=reason, occurred_at=at)]


def _party(row: SourceRow, column: str, role: PartyRole) -> Party:
    code: CreditCode | None = row.credit_code(f"{column}信用代码")
    try:
        return Party(row.required(column), role, code)
    except DomainError as error:
        raise RowRefused.by_rule(column, error) from None


MEDIATIONS = ImportKind("mediations", "调解", MediationCase.register, COLUMNS, mediation_plan)
