"""The commands of the appeal lifecycle, as plain data. Each applies itself to an `Appeal`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.actor import Actor
from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Satisfaction, Urgency
from domain.appeal.deadlines import DeadlineRules
from domain.clock import local_date
from domain.enterprise import Contact, Enterprise
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.working_days import WorkingCalendar


@dataclass(frozen=True)
class DeadlinePolicy:
    """The working calendar and the deadline rules that set a deadline when none is given."""

    calendar: WorkingCalendar
    rules: DeadlineRules

    def deadline_for(self, appeal: Appeal, occurred_at: datetime) -> date:
        return self.rules.deadline(
            self.calendar, appeal.category, appeal.urgency, local_date(occurred_at)
        )


@dataclass(frozen=True, kw_only=True)
class SubmitAppeal:
    """登记: an enterprise's appeal as it arrives through a channel."""

    jurisdiction: JurisdictionCode
    enterprise: Enterprise
    channel: Channel
    category: Category
    urgency: Urgency
    summary: str
    contact: Contact | None = None
    amount_involved: Money | None = None
    occurred_at: datetime | None = None

    def facts(self) -> dict[str, Any]:
        """The intake's facts as `Appeal.submit` takes them (all fields but `occurred_at`)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "occurred_at"}


@dataclass(frozen=True, kw_only=True)
class AppealCommand:
    """A step of the lifecycle: `action` is its name in the API and the permission table,
    `method` the `Appeal` method it calls with its fields as arguments.
    """

    action: ClassVar[str]
    method: ClassVar[str]
    occurred_at: datetime | None = None

    def arguments(self, appeal: Appeal, at: datetime, policy: DeadlinePolicy) -> dict[str, Any]:
        """The domain method's arguments: every field but `occurred_at`."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "occurred_at"}

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        step = getattr(appeal, self.method)
        step(**self.arguments(appeal, at, policy), actor=actor, occurred_at=at)


@dataclass(frozen=True, kw_only=True)
class Receive(AppealCommand):
    """受理: accept the appeal for handling."""

    action = "receive"
    method = "receive"


@dataclass(frozen=True, kw_only=True)
class Reject(AppealCommand):
    """不予受理: reject as out of scope, with a reply; a civil dispute may be referred to mediation."""

    action = "reject"
    method = "reject"
    reason: str
    reply: str
    refer_to_mediation: bool = False


@dataclass(frozen=True, kw_only=True)
class Assign(AppealCommand):
    """交办: assign to a department at a handling level; the deadline defaults to the rules' working days."""

    action = "assign"
    method = "assign"
    department: str
    level: HandlingLevel
    deadline: date | None = None

    def arguments(self, appeal: Appeal, at: datetime, policy: DeadlinePolicy) -> dict[str, Any]:
        deadline = self.deadline or policy.deadline_for(appeal, at)
        return super().arguments(appeal, at, policy) | {"deadline": deadline}


@dataclass(frozen=True, kw_only=True)
class Reassign(Assign):
    """转办: transfer to another department, with a reason; the deadline as for `Assign`."""

    action = "reassign"
    method = "reassign"
    reason: str


@dataclass(frozen=True, kw_only=True)
class Return(AppealCommand):
    """退回: the department hands the appeal back to the coordinating office, with a reason."""

    action = "return"
    method = "hand_back"
    reason: str


@dataclass(frozen=True, kw_only=True)
class NoteProgress(AppealCommand):
    """跟踪: record a progress note while the appeal is handled."""

    action = "progress"
    method = "note_progress"
    note: str


@dataclass(frozen=True, kw_only=True)
class Extend(AppealCommand):
    """延期: move the deadline later, with a reason and the approver."""

    action = "extend"
    method = "extend"
    deadline: date
    reason: str
    approver: str


@dataclass(frozen=True, kw_only=True)
class Resolve(AppealCommand):
    """办结: conclude the handling with an outcome and the reply given."""

    action = "resolve"
    method = "resolve"
    outcome: Outcome
    resolution: str


@dataclass(frozen=True, kw_only=True)
class FollowUp(AppealCommand):
    """回访: record the enterprise's satisfaction with the resolution."""

    action = "follow-up"
    method = "follow_up"
    satisfaction: Satisfaction
    comment: str = ""


@dataclass(frozen=True, kw_only=True)
class Supervise(AppealCommand):
    """督办: issue a supervision order with a reason and a new deadline."""

    action = "supervise"
    method = "supervise"
    reason: str
    deadline: date


@dataclass(frozen=True, kw_only=True)
class Close(AppealCommand):
    """销号: close the appeal after a follow-up that did not leave the enterprise unsatisfied."""

    action = "close"
    method = "close"
    reason: str


@dataclass(frozen=True, kw_only=True)
class Withdraw(AppealCommand):
    """撤回: the enterprise withdraws the appeal before it is resolved."""

    action = "withdraw"
    method = "withdraw"
    reason: str


@dataclass(frozen=True, kw_only=True)
class Merge(AppealCommand):
    """合并: merge a duplicate into another appeal."""

    action = "merge"
    method = "merge_into"
    into: UUID
    reason: str
