"""The Appeal aggregate: an enterprise's demand or complaint, from intake (登记) to 销号.

问题收集 → 精准交办 → 限时办结 → 督查通报 → 结果反馈 → 问题销号. Every event carries the
actor and `occurred_at`; each public command checks the state and its arguments, then triggers one
event whose body (replayed on load) is the whole state change.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.appeal.vocabulary import (
    TERMINAL,
    AppealStatus,
    Category,
    Channel,
    HandlingLevel,
    Outcome,
    Satisfaction,
    Urgency,
)
from domain.bounds import require_due, require_moment
from domain.case import Case, require_text
from domain.text import optional_text
from domain.clock import local_date
from domain.enterprise import Contact, Enterprise
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.working_days import calendar_label

S = AppealStatus
IN_HANDLING = (S.ASSIGNED, S.SUPERVISED)  # a department is working on it against a deadline
OPEN_BEFORE_RESOLUTION = (S.SUBMITTED, S.RECEIVED, S.ASSIGNED, S.RETURNED, S.SUPERVISED)


class Appeal(Case):
    """An enterprise appeal (企业诉求). Create one with `Appeal.submit(...)`."""

    kind = "appeal"

    @event("Submitted")
    def __init__(  # noqa: PLR0913 - the facts of an intake
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        channel: Channel,
        category: Category,
        urgency: Urgency,
        summary: str,
        contact: Contact | None,
        amount_involved: Money | None,
        actor: Actor,
        occurred_at: datetime,
        visit_id: UUID | None = None,
        id: UUID | None = None,  # noqa: A002 - a chosen id (the library sets it; unused here)
        source_id: str | None = None,
    ) -> None:
        self.case_number = case_number
        self.jurisdiction = jurisdiction
        self.enterprise = enterprise
        self.channel = channel
        self.category = category
        self.urgency = urgency
        self.summary = summary
        self.contact = contact
        self.amount_involved = amount_involved
        self.status = S.SUBMITTED
        self.submitted_at = occurred_at
        self.last_occurred_at = occurred_at
        self.received_at: datetime | None = None
        self.department: str | None = None
        self.level: HandlingLevel | None = None
        self.deadline: date | None = None
        self.deadline_calendar: str | None = None  # the calendar the deadline was reckoned with
        self.assigned_at: datetime | None = None
        self.outcome: Outcome | None = None
        self.resolution: str | None = None
        self.resolved_at: datetime | None = None
        self.resolved_on_time: bool | None = None  # the latest resolution, by its deadline
        self.first_resolved_on_time: bool | None = None  # the first (按期办结 is judged on it)
        self.satisfaction: Satisfaction | None = None  # at the latest follow-up
        self.first_satisfaction: Satisfaction | None = None  # at the first (首次回访)
        self.followed_up_at: datetime | None = None  # the latest follow-up
        self.follow_ups = 0
        self.supervision_orders = 0
        self.supervision_issuer: Actor | None = None  # who issued the latest supervision order
        self.extensions = 0
        self.progress_notes = 0
        self.closed_at: datetime | None = None
        self.reason: str | None = None  # of the last rejection, return, withdrawal or closure
        self.referred_to_mediation = False
        self.merged_into: UUID | None = None
        self.visit_id = visit_id  # the service visit (走访) that collected it, if any
        self.source_id = source_id  # its id in the system it was imported from (工单编号)

    @classmethod
    def submit(  # noqa: PLR0913
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        channel: Channel,
        category: Category,
        urgency: Urgency,
        summary: str,
        actor: Actor,
        occurred_at: datetime,
        contact: Contact | None = None,
        amount_involved: Money | None = None,
        visit_id: UUID | None = None,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
        source_id: str | None = None,
    ) -> Appeal:
        """Register (登记) an appeal; it waits to be received (受理) or rejected. One imported
        from another system keeps its id there (`source_id`, e.g. a 12345 工单编号)."""
        for value, kind in [
            (jurisdiction, JurisdictionCode),
            (enterprise, Enterprise),
            (channel, Channel),
            (category, Category),
            (urgency, Urgency),
            (actor, Actor),
        ]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")
        return cls(
            case_number=require_text(case_number, "case number"),
            jurisdiction=jurisdiction,
            enterprise=enterprise,
            channel=channel,
            category=category,
            urgency=urgency,
            summary=require_text(summary, "summary"),
            contact=contact,
            amount_involved=amount_involved,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            visit_id=visit_id,
            id=id,
            source_id=None if source_id is None else require_text(source_id, "source id"),
        )

    # --- queries -------------------------------------------------------------------------

    def credit_codes(self) -> frozenset[str]:
        return frozenset({self.enterprise.credit_code.value})

    def organisations(self) -> frozenset[str]:
        """The department the appeal is assigned to, once assigned (承办单位)."""
        return frozenset({self.department}) if self.department else frozenset()

    def redacted(self) -> Appeal:
        """The appeal with its contact masked."""
        shown = copy.copy(self)
        shown.contact = self.contact.masked() if self.contact else None
        return shown

    @property
    def is_terminal(self) -> bool:
        """Closed, rejected, withdrawn or merged: the appeal accepts nothing further."""
        return self.status in TERMINAL

    def is_overdue(self, on: date) -> bool:
        """In handling and its current deadline passed before `on`."""
        return self.status in IN_HANDLING and self.deadline is not None and self.deadline < on

    # --- 受理 / 不予受理 -------------------------------------------------------------------

    def receive(self, actor: Actor, occurred_at: datetime) -> None:
        """Accept the appeal for handling (受理)."""
        self.require_state("receive", S.SUBMITTED)
        self.require_in_order(occurred_at)
        self._received(actor=actor, occurred_at=occurred_at)

    @event("Received")
    def _received(self, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.RECEIVED
        self.received_at = occurred_at

    def reject(
        self,
        reason: str,
        reply: str,
        refer_to_mediation: bool,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        """Reject as out of scope (不予受理) with a reply; a civil dispute may go to mediation."""
        self.require_state("reject", S.SUBMITTED)
        self.require_in_order(occurred_at)
        self._rejected(
            reason=require_text(reason, "reason"),
            reply=require_text(reply, "reply"),
            refer_to_mediation=bool(refer_to_mediation),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Rejected")
    def _rejected(
        self,
        reason: str,
        reply: str,
        refer_to_mediation: bool,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.status = S.REJECTED
        self.reason = reason
        self.referred_to_mediation = refer_to_mediation

    # --- 交办 / 转办 / 退回 -----------------------------------------------------------------

    def assign(  # noqa: PLR0913
        self,
        department: str,
        level: HandlingLevel,
        deadline: date,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        """Assign (交办) to a department at a handling level, to be resolved by `deadline`
        (reckoned with `calendar`, if reckoned: see `CalendarYear.label`)."""
        self.require_state("assign", S.RECEIVED, S.RETURNED)
        self.require_in_order(occurred_at)
        self._assigned(
            department=require_text(department, "department"),
            level=self._level(level),
            deadline=self._deadline_after(deadline, occurred_at),
            calendar=calendar_label(calendar),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Assigned")
    def _assigned(  # noqa: PLR0913
        self,
        department: str,
        level: HandlingLevel,
        deadline: date,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        self.status = S.ASSIGNED
        self.department = department
        self.level = level
        self.deadline = deadline
        self.deadline_calendar = calendar
        self.assigned_at = occurred_at

    def reassign(  # noqa: PLR0913
        self,
        department: str,
        level: HandlingLevel,
        deadline: date,
        reason: str,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        """Transfer (转办) an assigned appeal to another department (the deadline as `assign`)."""
        self.require_state("reassign", S.ASSIGNED)
        self.require_in_order(occurred_at)
        department = require_text(department, "department")
        if department == self.department:
            self.refuse("reassign", f"the appeal is already with department '{department}'")
        self._reassigned(
            department=department,
            level=self._level(level),
            deadline=self._deadline_after(deadline, occurred_at),
            reason=require_text(reason, "reason"),
            calendar=calendar_label(calendar),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Reassigned")
    def _reassigned(  # noqa: PLR0913
        self,
        department: str,
        level: HandlingLevel,
        deadline: date,
        reason: str,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        self.department = department
        self.level = level
        self.deadline = deadline
        self.deadline_calendar = calendar
        self.assigned_at = occurred_at
        self.reason = reason

    def hand_back(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """The department returns (退回) the appeal to the coordinating office."""
        self.require_state("return", S.ASSIGNED)
        self.require_in_order(occurred_at)
        self._returned(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Returned")
    def _returned(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.RETURNED
        self.reason = reason

    # --- 跟踪 / 延期 ----------------------------------------------------------------------

    def note_progress(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        """Record a progress note (跟踪) while the appeal is being handled."""
        self.require_state("progress", *IN_HANDLING)
        self.require_in_order(occurred_at)
        self._progress_noted(note=require_text(note, "note"), actor=actor, occurred_at=occurred_at)

    @event("ProgressNoted")
    def _progress_noted(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        self.progress_notes += 1

    def extend(  # noqa: PLR0913
        self,
        deadline: date,
        reason: str,
        approver: str,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        """Extend the deadline (延期) with a reason and the name of who approved it."""
        self.require_state("extend", S.ASSIGNED)
        self.require_in_order(occurred_at)
        if not isinstance(deadline, date) or self.deadline is None or deadline <= self.deadline:
            raise InvalidValue(
                f"an extended deadline must be later than the current one ({self.deadline})"
            )
        self._extended(
            deadline=deadline,
            reason=require_text(reason, "reason"),
            approver=require_text(approver, "approver"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Extended")
    def _extended(  # noqa: PLR0913
        self,
        deadline: date,
        reason: str,
        approver: str,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.deadline = deadline
        self.deadline_calendar = None  # a date given
        self.extensions += 1
        self.reason = reason

    # --- 办结 / 回访 / 督办 ---------------------------------------------------------------

    def resolve(
        self, outcome: Outcome, resolution: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """Conclude the handling (办结) with an outcome and the reply given to the enterprise."""
        self.require_state("resolve", *IN_HANDLING)
        self.require_in_order(occurred_at)
        if not isinstance(outcome, Outcome):
            raise InvalidValue(f"unknown outcome {outcome!r}")
        self._resolved(
            outcome=outcome,
            resolution=require_text(resolution, "resolution"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Resolved")
    def _resolved(
        self, outcome: Outcome, resolution: str, actor: Actor, occurred_at: datetime
    ) -> None:
        self.status = S.RESOLVED
        self.outcome = outcome
        self.resolution = resolution
        self.resolved_at = occurred_at
        assert self.deadline is not None
        self.resolved_on_time = local_date(occurred_at) <= self.deadline
        if self.first_resolved_on_time is None:
            self.first_resolved_on_time = self.resolved_on_time

    def follow_up(
        self, satisfaction: Satisfaction, comment: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """Record the enterprise's verdict at follow-up (回访)."""
        self.require_state("follow-up", S.RESOLVED)
        self.require_in_order(occurred_at)
        if not isinstance(satisfaction, Satisfaction):
            raise InvalidValue(f"unknown satisfaction {satisfaction!r}")
        self._followed_up(
            satisfaction=satisfaction,
            comment=optional_text(comment, "comment"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("FollowedUp")
    def _followed_up(
        self, satisfaction: Satisfaction, comment: str, actor: Actor, occurred_at: datetime
    ) -> None:
        self.status = S.FOLLOWED_UP
        self.satisfaction = satisfaction
        self.first_satisfaction = self.first_satisfaction or satisfaction
        self.followed_up_at = occurred_at
        self.follow_ups += 1

    def supervise(self, reason: str, deadline: date, actor: Actor, occurred_at: datetime) -> None:
        """Issue a supervision order (督办单): after an unsatisfied follow-up, or on an appeal in
        handling (e.g. overdue). The issuer is the actor; the department must resolve by `deadline`.
        """
        self.require_state("supervise", S.FOLLOWED_UP, *IN_HANDLING)
        if self.status is S.FOLLOWED_UP and self.satisfaction is not Satisfaction.UNSATISFIED:
            self.refuse("supervise", "only an unsatisfied follow-up calls for a supervision order")
        self.require_in_order(occurred_at)
        self._supervision_ordered(
            reason=require_text(reason, "reason"),
            deadline=self._deadline_after(deadline, occurred_at),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("SupervisionOrdered")
    def _supervision_ordered(
        self, reason: str, deadline: date, actor: Actor, occurred_at: datetime
    ) -> None:
        self.status = S.SUPERVISED
        self.deadline = deadline
        self.deadline_calendar = None  # a date given
        self.supervision_orders += 1
        self.supervision_issuer = actor
        self.reason = reason

    # --- 销号 / 撤回 / 合并 ----------------------------------------------------------------

    def close(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Close the appeal (销号) once the enterprise was followed up and not left unsatisfied."""
        self.require_state("close", S.FOLLOWED_UP)
        if self.satisfaction is Satisfaction.UNSATISFIED:
            self.refuse("close", "an unsatisfied follow-up needs a supervision order first")
        self.require_in_order(occurred_at)
        self._closed(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Closed")
    def _closed(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.CLOSED
        self.reason = reason
        self.closed_at = occurred_at

    def withdraw(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """The enterprise withdraws (撤回) the appeal before it is resolved."""
        self.require_state("withdraw", *OPEN_BEFORE_RESOLUTION)
        self.require_in_order(occurred_at)
        self._withdrawn(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.WITHDRAWN
        self.reason = reason

    def merge_into(self, into: UUID, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Merge this duplicate into another appeal (合并重复诉求)."""
        self.require_state("merge", S.SUBMITTED, S.RECEIVED, S.ASSIGNED, S.RETURNED)
        if not isinstance(into, UUID) or into == self.id:
            raise InvalidValue("an appeal is merged into another appeal")
        self.require_in_order(occurred_at)
        self._merged(
            into=into, reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at
        )

    @event("Merged")
    def _merged(self, into: UUID, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.MERGED
        self.merged_into = into
        self.reason = reason

    # --- argument checks -----------------------------------------------------------------

    @staticmethod
    def _level(level: HandlingLevel) -> HandlingLevel:
        if not isinstance(level, HandlingLevel):
            raise InvalidValue(f"unknown handling level {level!r}")
        return level

    @staticmethod
    def _deadline_after(deadline: date, occurred_at: datetime) -> date:
        return require_due(deadline, occurred_at, "deadline")
