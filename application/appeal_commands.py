"""The commands of the appeal lifecycle, as plain data. Each applies itself to an `Appeal`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
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


@dataclass(frozen=True, kw_only=True)
class AppealCommand:
    """A step of the lifecycle; `action` is its name in the API and the permission table."""

    action: ClassVar[str]
    occurred_at: datetime | None = None

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Receive(AppealCommand):
    """受理: accept the appeal for handling."""

    action = "receive"

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.receive(actor, at)


@dataclass(frozen=True, kw_only=True)
class Reject(AppealCommand):
    """不予受理: reject as out of scope, with a reply; a civil dispute may be referred to mediation."""

    action = "reject"
    reason: str
    reply: str
    refer_to_mediation: bool = False

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.reject(self.reason, self.reply, self.refer_to_mediation, actor, at)


@dataclass(frozen=True, kw_only=True)
class Assign(AppealCommand):
    """交办: assign to a department at a handling level; the deadline defaults to the rules' working days."""

    action = "assign"
    department: str
    level: HandlingLevel
    deadline: date | None = None

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        deadline = self.deadline or policy.deadline_for(appeal, at)
        appeal.assign(self.department, self.level, deadline, actor, at)


@dataclass(frozen=True, kw_only=True)
class Reassign(AppealCommand):
    """转办: transfer to another department, with a reason."""

    action = "reassign"
    department: str
    level: HandlingLevel
    reason: str
    deadline: date | None = None

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        deadline = self.deadline or policy.deadline_for(appeal, at)
        appeal.reassign(self.department, self.level, deadline, self.reason, actor, at)


@dataclass(frozen=True, kw_only=True)
class Return(AppealCommand):
    """退回: the department hands the appeal back to the coordinating office, with a reason."""

    action = "return"
    reason: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.hand_back(self.reason, actor, at)


@dataclass(frozen=True, kw_only=True)
class NoteProgress(AppealCommand):
    """跟踪: record a progress note while the appeal is handled."""

    action = "progress"
    note: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.note_progress(self.note, actor, at)


@dataclass(frozen=True, kw_only=True)
class Extend(AppealCommand):
    """延期: move the deadline later, with a reason and the approver."""

    action = "extend"
    deadline: date
    reason: str
    approver: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.extend(self.deadline, self.reason, self.approver, actor, at)


@dataclass(frozen=True, kw_only=True)
class Resolve(AppealCommand):
    """办结: conclude the handling with an outcome and the reply given."""

    action = "resolve"
    outcome: Outcome
    resolution: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.resolve(self.outcome, self.resolution, actor, at)


@dataclass(frozen=True, kw_only=True)
class FollowUp(AppealCommand):
    """回访: record the enterprise's satisfaction with the resolution."""

    action = "follow-up"
    satisfaction: Satisfaction
    comment: str = ""

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.follow_up(self.satisfaction, self.comment, actor, at)


@dataclass(frozen=True, kw_only=True)
class Supervise(AppealCommand):
    """督办: issue a supervision order with a reason and a new deadline."""

    action = "supervise"
    reason: str
    deadline: date

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.supervise(self.reason, self.deadline, actor, at)


@dataclass(frozen=True, kw_only=True)
class Close(AppealCommand):
    """销号: close the appeal after a follow-up that did not leave the enterprise unsatisfied."""

    action = "close"
    reason: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.close(self.reason, actor, at)


@dataclass(frozen=True, kw_only=True)
class Withdraw(AppealCommand):
    """撤回: the enterprise withdraws the appeal before it is resolved."""

    action = "withdraw"
    reason: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.withdraw(self.reason, actor, at)


@dataclass(frozen=True, kw_only=True)
class Merge(AppealCommand):
    """合并: merge a duplicate into another appeal."""

    action = "merge"
    into: UUID
    reason: str

    def apply(self, appeal: Appeal, actor: Actor, at: datetime, policy: DeadlinePolicy) -> None:
        appeal.merge_into(self.into, self.reason, actor, at)
