"""The commands of mediation cases (诉调对接), as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.clock import local_date
from domain.mediation import DisputeSource, DisputeType, MediationStatus, OrganisationKind, Party
from domain.money import Money

from application.case_commands import Intake, Step, step


@dataclass(frozen=True)
class MediationContext:
    """The time limit of pre-suit mediation when an assignment gives none (calendar days)."""

    default_days: int = 30


@dataclass(frozen=True, kw_only=True)
class RegisterDispute(Intake):
    """登记: a dispute brought to mediation; a referred appeal is named by `appeal_id`."""

    parties: tuple[Party, ...]
    dispute_type: DisputeType
    source: DisputeSource
    amount: Money | None = None
    appeal_id: UUID | None = None
    source_id: str | None = None  # set by an import (its id in the source), never by a client


@dataclass(frozen=True, kw_only=True)
class AssignMediation(Step):
    """委派: assign to a mediating organisation and mediator; 30 days unless a deadline is given."""

    action = "assign"
    method = "assign"
    organisation_kind: OrganisationKind
    organisation: str
    mediator: str
    deadline: date | None = None

    def arguments(self, case: Any, at: datetime, context: MediationContext) -> dict[str, Any]:
        deadline = self.deadline or local_date(at) + timedelta(days=context.default_days)
        return super().arguments(case, at, context) | {"deadline": deadline}


ExtendMediation = step(
    "extend", "延期: extend the mediation, with a reason and the approver.",
    deadline=date, reason=str, approver=str,
)  # fmt: skip
HoldSession = step("session", "调解: record a session.", method="hold_session", note=str)
Succeed = step(
    "succeed", "调解成功: the agreement's terms and amount.", terms=str, amount=(Money | None, None)
)
Fail = step("fail", "调解不成: pre-suit mediation failed, with a reason.", reason=str)
WithdrawMediation = step("withdraw", "撤回: the applicant withdraws from mediation.", reason=str)
ApplyConfirmation = step(
    "apply-confirmation", "申请司法确认: of the pre-suit agreement, at a court.",
    method="apply_for_confirmation", court=str,
)  # fmt: skip
DecideConfirmation = step(
    "decide-confirmation", "司法确认: the court grants (true) or refuses it.", granted=bool
)
FileLawsuit = step(
    "file", "立案: filed at court (转立案 after failed mediation, or directly).",
    method="file_lawsuit", court=str, court_case_number=str,
)  # fmt: skip
StartCourtMediation = step(
    "start-court-mediation", "诉中调解: in-suit mediation begins.", mediator=str
)
MediateInSuit = step(
    "mediate", "调解结案: concluded by in-suit mediation, with the agreement.",
    method="mediate_in_suit", terms=str, amount=(Money | None, None),
)  # fmt: skip
FailInSuit = step("fail-in-suit", "诉中调解不成: on to judgment.", reason=str)
Conclude = step(
    "conclude", "结案: judged, suit_withdrawn (撤诉) or concluded_otherwise, with a reason.",
    status=MediationStatus, reason=str,
)  # fmt: skip
RecordPerformance = step(
    "record-performance", "履行: the agreement was performed (true) or not.", performed=bool
)
ApplyEnforcement = step(
    "apply-enforcement", "申请强制执行: a defaulted agreement.", method="apply_for_enforcement"
)
