"""The MediationCase aggregate: a dispute involving enterprises, from registration through
pre-suit mediation (诉前调解) and, where it fails, the lawsuit (诉中), to its conclusion and the
performance of any agreement.

Pre-suit: registered → mediating (organisation, mediator, deadline; extensions; sessions) →
succeeded (agreement; 司法确认 applied for, granted or refused) | failed | withdrawn.
In suit: filed (转立案, with the court case number) → court mediation → mediated (调解结案) |
failed → judged; or withdrawn (撤诉), or concluded otherwise.
An agreement is then performed, or defaulted and enforcement applied for.
"""

from __future__ import annotations

import copy

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.case import Case, require_text
from domain.bounds import require_due, require_moment
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.mediation.terms import (
    LITIGATION_CONCLUDED,
    TERMINAL,
    Agreement,
    Confirmation,
    DisputeSource,
    DisputeType,
    MediationStatus,
    OrganisationKind,
    Party,
    PartyRole,
    Performance,
)
from domain.money import Money

S = MediationStatus
IN_SUIT_OPEN = (S.FILED, S.IN_SUIT_MEDIATING, S.IN_SUIT_FAILED)


class MediationCase(Case):
    """A dispute brought to mediation (诉调对接). Create one with `MediationCase.register(...)`."""

    kind = "mediation"

    @event("Registered")
    def __init__(  # noqa: PLR0913 - the facts of a registration
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        parties: tuple[Party, ...],
        dispute_type: DisputeType,
        amount: Money | None,
        source: DisputeSource,
        appeal_id: UUID | None,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - a chosen id (the library sets it; unused here)
        source_id: str | None = None,
    ) -> None:
        self.case_number = case_number
        self.jurisdiction = jurisdiction
        self.parties = tuple(parties)
        self.dispute_type = dispute_type
        self.amount = amount
        self.source = source
        self.appeal_id = appeal_id  # the appeal referred here (诉求转调解), if any
        self.registrar = actor.org
        self.status = S.REGISTERED
        self.registered_at = occurred_at
        self.last_occurred_at = occurred_at
        self.organisation_kind: OrganisationKind | None = None
        self.organisation: str | None = None
        self.mediator: str | None = None
        self.deadline: date | None = None
        self.assigned_at: datetime | None = None
        self.extensions = 0
        self.sessions = 0
        self.agreement: Agreement | None = None
        self.pre_suit_concluded_at: datetime | None = None
        self.confirmation: Confirmation | None = None
        self.court: str | None = None
        self.court_case_number: str | None = None
        self.court_mediator: str | None = None
        self.filed_at: datetime | None = None
        self.litigation_concluded_at: datetime | None = None
        self.performance: Performance | None = None
        self.reason: str | None = None  # of the last failure, withdrawal, extension or conclusion
        self.source_id = source_id  # its id in the register it was imported from (案号)

    @classmethod
    def register(  # noqa: PLR0913
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        parties: Iterable[Party],
        dispute_type: DisputeType,
        source: DisputeSource,
        actor: Actor,
        occurred_at: datetime,
        amount: Money | None = None,
        appeal_id: UUID | None = None,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
        source_id: str | None = None,
    ) -> MediationCase:
        """Register (登记) a dispute: at least one applicant and one respondent, one of them an
        enterprise; a dispute referred from an appeal names it. One imported from a court's
        register keeps its id there (`source_id`).
        """
        parties = tuple(parties)
        if not all(isinstance(party, Party) for party in parties):
            raise InvalidValue("parties are Party values")
        if len(set(parties)) != len(parties):
            raise InvalidValue("a party is listed once")
        for value, kind in [(jurisdiction, JurisdictionCode), (actor, Actor)]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")
        if appeal_id is not None and not isinstance(appeal_id, UUID):
            raise InvalidValue(f"an appeal is named by its UUID, got {appeal_id!r}")
        roles = {party.role for party in parties}
        if roles != {PartyRole.APPLICANT, PartyRole.RESPONDENT}:
            raise InvalidValue("a dispute has at least one applicant and one respondent")
        if not any(party.credit_code for party in parties):
            raise InvalidValue("a dispute brought here involves at least one enterprise")
        if not isinstance(dispute_type, DisputeType) or not isinstance(source, DisputeSource):
            raise InvalidValue("unknown dispute type or source")
        if amount is not None and not isinstance(amount, Money):
            raise InvalidValue(f"an amount in dispute is Money, got {amount!r}")
        if (appeal_id is not None) != (source is DisputeSource.REFERRED_APPEAL):
            raise InvalidValue("a dispute referred from an appeal, and only such, names the appeal")
        return cls(
            case_number=require_text(case_number, "case number"),
            jurisdiction=jurisdiction,
            parties=parties,
            dispute_type=dispute_type,
            amount=amount,
            source=source,
            appeal_id=appeal_id,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            id=id,
            source_id=None if source_id is None else require_text(source_id, "source id"),
        )

    # --- queries -------------------------------------------------------------------------

    def credit_codes(self) -> frozenset[str]:
        return frozenset(p.credit_code.value for p in self.parties if p.credit_code is not None)

    def organisations(self) -> frozenset[str]:
        """Who registered it, the mediating organisation and the court, as far as known."""
        return frozenset(org for org in (self.registrar, self.organisation, self.court) if org)

    def redacted(self) -> MediationCase:
        """The case with the names of parties who are persons masked."""
        shown = copy.copy(self)
        shown.parties = tuple(party.masked() for party in self.parties)
        return shown

    @property
    def is_terminal(self) -> bool:
        """Concluded with nothing left to record: withdrawn, judged, ended otherwise, or an
        agreement performed or sent to enforcement.
        """
        settled = self.performance in (Performance.PERFORMED, Performance.ENFORCEMENT_APPLIED)
        return self.status in TERMINAL or settled

    @property
    def pre_suit_concluded(self) -> bool:
        return self.pre_suit_concluded_at is not None

    @property
    def litigation_concluded(self) -> bool:
        return self.status in LITIGATION_CONCLUDED

    def is_overdue(self, on: date) -> bool:
        """Pre-suit mediation still under way after its deadline."""
        return self.status is S.MEDIATING and self.deadline is not None and self.deadline < on

    # --- 诉前调解 -------------------------------------------------------------------------

    def assign(  # noqa: PLR0913
        self,
        organisation_kind: OrganisationKind,
        organisation: str,
        mediator: str,
        deadline: date,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        """Assign (委派) to a mediating organisation and mediator, to conclude by `deadline`."""
        self.require_state("assign", S.REGISTERED)
        self.require_in_order(occurred_at)
        if not isinstance(organisation_kind, OrganisationKind):
            raise InvalidValue(f"unknown organisation kind {organisation_kind!r}")
        self._assigned(
            organisation_kind=organisation_kind,
            organisation=require_text(organisation, "organisation"),
            mediator=require_text(mediator, "mediator"),
            deadline=_deadline_after(deadline, occurred_at),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Assigned")
    def _assigned(  # noqa: PLR0913
        self,
        organisation_kind: OrganisationKind,
        organisation: str,
        mediator: str,
        deadline: date,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.status = S.MEDIATING
        self.organisation_kind = organisation_kind
        self.organisation = organisation
        self.mediator = mediator
        self.deadline = deadline
        self.assigned_at = occurred_at

    def extend(
        self, deadline: date, reason: str, approver: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """Extend (延长调解期限) with a reason and the name of who approved it."""
        self.require_state("extend", S.MEDIATING)
        self.require_in_order(occurred_at)
        if not isinstance(deadline, date) or self.deadline is None or deadline <= self.deadline:
            raise InvalidValue(f"an extended deadline is later than the current one ({self.deadline})")
        self._extended(
            deadline=deadline,
            reason=require_text(reason, "reason"),
            approver=require_text(approver, "approver"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Extended")
    def _extended(
        self, deadline: date, reason: str, approver: str, actor: Actor, occurred_at: datetime
    ) -> None:
        self.deadline = deadline
        self.extensions += 1
        self.reason = reason

    def hold_session(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        """Record a mediation session (调解), before or in the suit."""
        self.require_state("session", S.MEDIATING, S.IN_SUIT_MEDIATING)
        self.require_in_order(occurred_at)
        self._session_held(note=require_text(note, "note"), actor=actor, occurred_at=occurred_at)

    @event("SessionHeld")
    def _session_held(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        self.sessions += 1

    def succeed(
        self, terms: str, amount: Money | None, actor: Actor, occurred_at: datetime
    ) -> None:
        """The parties agreed (调解成功): the agreement's terms and amount."""
        self.require_state("succeed", S.MEDIATING)
        self.require_in_order(occurred_at)
        self._succeeded(agreement=Agreement(terms, amount), actor=actor, occurred_at=occurred_at)

    @event("Succeeded")
    def _succeeded(self, agreement: Agreement, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.SUCCEEDED
        self.agreement = agreement
        self.pre_suit_concluded_at = occurred_at

    def fail(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Pre-suit mediation failed (调解不成); the dispute may be filed as a lawsuit."""
        self.require_state("fail", S.MEDIATING)
        self.require_in_order(occurred_at)
        self._failed(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Failed")
    def _failed(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.FAILED
        self.reason = reason
        self.pre_suit_concluded_at = occurred_at

    def withdraw(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """The applicant withdraws from pre-suit mediation (撤回)."""
        self.require_state("withdraw", S.REGISTERED, S.MEDIATING)
        self.require_in_order(occurred_at)
        self._withdrawn(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.WITHDRAWN
        self.reason = reason
        self.pre_suit_concluded_at = occurred_at if self.assigned_at else None

    # --- 司法确认 -------------------------------------------------------------------------

    def apply_for_confirmation(self, court: str, actor: Actor, occurred_at: datetime) -> None:
        """Apply to `court` for judicial confirmation (司法确认) of the pre-suit agreement."""
        self.require_state("apply-confirmation", S.SUCCEEDED)
        if self.confirmation is not None:
            self.refuse("apply-confirmation", "judicial confirmation was applied for already")
        if self.is_terminal:
            self.refuse("apply-confirmation", "the agreement is performed or being enforced")
        self.require_in_order(occurred_at)
        self._confirmation_applied(
            court=require_text(court, "court"), actor=actor, occurred_at=occurred_at
        )

    @event("ConfirmationApplied")
    def _confirmation_applied(self, court: str, actor: Actor, occurred_at: datetime) -> None:
        self.confirmation = Confirmation.APPLIED
        self.court = court

    def decide_confirmation(self, granted: bool, actor: Actor, occurred_at: datetime) -> None:
        """The court grants or refuses judicial confirmation."""
        self.require_state("decide-confirmation", S.SUCCEEDED)
        if self.confirmation is not Confirmation.APPLIED:
            self.refuse("decide-confirmation", "no judicial confirmation is pending")
        if not isinstance(granted, bool):
            raise InvalidValue(f"granted is true or false, got {granted!r}")
        self.require_in_order(occurred_at)
        self._confirmation_decided(granted=granted, actor=actor, occurred_at=occurred_at)

    @event("ConfirmationDecided")
    def _confirmation_decided(self, granted: bool, actor: Actor, occurred_at: datetime) -> None:
        self.confirmation = Confirmation.GRANTED if granted else Confirmation.REFUSED

    # --- 诉中 -----------------------------------------------------------------------------

    def file_lawsuit(
        self, court: str, court_case_number: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """Filed at court (立案): after failed pre-suit mediation (转立案), or directly."""
        self.require_state("file", S.REGISTERED, S.FAILED)
        self.require_in_order(occurred_at)
        self._filed(
            court=require_text(court, "court"),
            court_case_number=require_text(court_case_number, "court case number"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Filed")
    def _filed(self, court: str, court_case_number: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.FILED
        self.court = court
        self.court_case_number = court_case_number
        self.filed_at = occurred_at

    def start_court_mediation(self, mediator: str, actor: Actor, occurred_at: datetime) -> None:
        """In-suit mediation (诉中调解) begins with a mediator."""
        self.require_state("start-court-mediation", S.FILED)
        self.require_in_order(occurred_at)
        self._court_mediation_started(
            mediator=require_text(mediator, "mediator"), actor=actor, occurred_at=occurred_at
        )

    @event("CourtMediationStarted")
    def _court_mediation_started(self, mediator: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.IN_SUIT_MEDIATING
        self.court_mediator = mediator

    def mediate_in_suit(
        self, terms: str, amount: Money | None, actor: Actor, occurred_at: datetime
    ) -> None:
        """Concluded by in-suit mediation (调解结案), with the agreement."""
        self.require_state("mediate", S.IN_SUIT_MEDIATING)
        self.require_in_order(occurred_at)
        self._mediated(agreement=Agreement(terms, amount), actor=actor, occurred_at=occurred_at)

    @event("Mediated")
    def _mediated(self, agreement: Agreement, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.MEDIATED
        self.agreement = agreement
        self.litigation_concluded_at = occurred_at

    def fail_in_suit(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """In-suit mediation failed; the court goes on to judgment."""
        self.require_state("fail-in-suit", S.IN_SUIT_MEDIATING)
        self.require_in_order(occurred_at)
        self._failed_in_suit(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("FailedInSuit")
    def _failed_in_suit(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.IN_SUIT_FAILED
        self.reason = reason

    def conclude(self, status: MediationStatus, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Conclude the lawsuit otherwise than by mediation: judged (判决), withdrawn (撤诉) or
        concluded otherwise, with a reason (or the judgment's gist).
        """
        self.require_state("conclude", *IN_SUIT_OPEN)
        if status not in (S.JUDGED, S.SUIT_WITHDRAWN, S.CONCLUDED_OTHERWISE):
            raise InvalidValue("a lawsuit concludes as judged, suit_withdrawn or concluded_otherwise")
        if status is S.JUDGED and self.status is S.IN_SUIT_MEDIATING:
            self.refuse("conclude", "court mediation is still under way; record its failure first")
        self.require_in_order(occurred_at)
        self._concluded(status=status, reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Concluded")
    def _concluded(self, status: MediationStatus, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = status
        self.reason = reason
        self.litigation_concluded_at = occurred_at

    # --- 履行 / 强制执行 ------------------------------------------------------------------

    def record_performance(self, performed: bool, actor: Actor, occurred_at: datetime) -> None:
        """The agreement was performed (履行), or not."""
        self.require_state("record-performance", S.SUCCEEDED, S.MEDIATED)
        if self.performance is not None:
            self.refuse("record-performance", "the agreement's performance is recorded already")
        if not isinstance(performed, bool):
            raise InvalidValue(f"performed is true or false, got {performed!r}")
        self.require_in_order(occurred_at)
        self._performance_recorded(performed=performed, actor=actor, occurred_at=occurred_at)

    @event("PerformanceRecorded")
    def _performance_recorded(self, performed: bool, actor: Actor, occurred_at: datetime) -> None:
        self.performance = Performance.PERFORMED if performed else Performance.DEFAULTED

    def apply_for_enforcement(self, actor: Actor, occurred_at: datetime) -> None:
        """A defaulted agreement goes to enforcement (申请强制执行)."""
        self.require_state("apply-enforcement", S.SUCCEEDED, S.MEDIATED)
        if self.performance is not Performance.DEFAULTED:
            self.refuse("apply-enforcement", "only a defaulted agreement is enforced")
        if self.status is S.SUCCEEDED and self.confirmation is not Confirmation.GRANTED:
            self.refuse(
                "apply-enforcement",
                "a pre-suit agreement is enforceable only once judicially confirmed (司法确认)",
            )
        self.require_in_order(occurred_at)
        self._enforcement_applied(actor=actor, occurred_at=occurred_at)

    @event("EnforcementApplied")
    def _enforcement_applied(self, actor: Actor, occurred_at: datetime) -> None:
        self.performance = Performance.ENFORCEMENT_APPLIED


def _deadline_after(deadline: date, occurred_at: datetime) -> date:
    return require_due(deadline, occurred_at, "deadline")
