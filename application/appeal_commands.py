"""The commands of the appeal lifecycle, as plain data. Each step applies itself to an `Appeal`
with the `DeadlinePolicy` as its context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Satisfaction, Urgency
from domain.appeal.deadlines import DeadlineRules
from domain.clock import local_date
from domain.enterprise import Contact, Enterprise
from domain.money import Money

from application.case_commands import Intake, Step, step
from application.working_calendars import WorkingCalendars, given_instead


@dataclass(frozen=True)
class DeadlinePolicy:
    """The working calendar and the deadline rules that set a deadline when none is given."""

    calendars: WorkingCalendars
    rules: DeadlineRules

    def deadline_for(self, appeal: Appeal, occurred_at: datetime) -> tuple[date, str]:
        """The deadline of an appeal assigned at `occurred_at` by the calendar in force, with
        that calendar's label."""
        calendar, start = self.calendars.in_force(), local_date(occurred_at)
        with given_instead("deadline"):
            deadline = self.rules.deadline(calendar, appeal.category, appeal.urgency, start)
        return deadline, calendar.label_of(start, deadline)


@dataclass(frozen=True, kw_only=True)
class SubmitAppeal(Intake):
    """登记: an enterprise's appeal as it arrives through a channel."""

    enterprise: Enterprise
    channel: Channel
    category: Category
    urgency: Urgency
    summary: str
    contact: Contact | None = None
    amount_involved: Money | None = None
    visit_id: UUID | None = None  # set by the service-visit policy, never by a client
    source_id: str | None = None  # set by an import (its id in the source), never by a client


Receive = step("receive", "受理: accept the appeal for handling.")
Reject = step(
    "reject",
    "不予受理: reject as out of scope, with a reply; a civil dispute may be referred to mediation.",
    reason=str,
    reply=str,
    refer_to_mediation=(bool, False),
)


@dataclass(frozen=True, kw_only=True)
class Assign(Step):
    """交办: assign to a department at a handling level; the deadline defaults to the rules' working days."""

    action = "assign"
    method = "assign"
    department: str
    level: HandlingLevel
    deadline: date | None = None

    def arguments(self, case: Appeal, at: datetime, context: DeadlinePolicy) -> dict[str, Any]:
        if self.deadline is not None:
            return super().arguments(case, at, context)
        deadline, calendar = context.deadline_for(case, at)
        return super().arguments(case, at, context) | {"deadline": deadline, "calendar": calendar}


@dataclass(frozen=True, kw_only=True)
class Reassign(Assign):
    """转办: transfer to another department, with a reason; the deadline as for `Assign`."""

    action = "reassign"
    method = "reassign"
    reason: str


Return = step(
    "return",
    "退回: the department hands the appeal back to the coordinating office, with a reason.",
    method="hand_back",
    reason=str,
)
NoteProgress = step(
    "progress", "跟踪: record a progress note while the appeal is handled.",
    method="note_progress", note=str,
)  # fmt: skip
Extend = step(
    "extend", "延期: move the deadline later, with a reason and the approver.",
    deadline=date, reason=str, approver=str,
)  # fmt: skip
Resolve = step(
    "resolve", "办结: conclude the handling with an outcome and the reply given.",
    outcome=Outcome, resolution=str,
)  # fmt: skip
FollowUp = step(
    "follow-up", "回访: record the enterprise's satisfaction with the resolution.",
    satisfaction=Satisfaction, comment=(str, ""),
)  # fmt: skip
Supervise = step(
    "supervise", "督办: issue a supervision order with a reason and a new deadline.",
    reason=str, deadline=date,
)  # fmt: skip
Close = step(
    "close",
    "销号: close the appeal after a follow-up that did not leave the enterprise unsatisfied.",
    reason=str,
)
Withdraw = step(
    "withdraw", "撤回: the enterprise withdraws the appeal before it is resolved.", reason=str
)
Merge = step(
    "merge", "合并: merge a duplicate into another appeal.", method="merge_into",
    into=UUID, reason=str,
)  # fmt: skip
