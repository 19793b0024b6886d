"""The PolicyClaim aggregate: an enterprise's claim of a catalogue policy's benefit (惠企政策兑现).

Three flows, by the policy's mode:
- 免申即享 (no application): `PolicyClaim.match` (eligible from data, with the amount due) →
  confirmed by the enterprise → disbursed;
- 即申即享 (apply and receive): `PolicyClaim.submit` → accepted → approved at once → disbursed;
- 承诺兑现 (commitment): `PolicyClaim.submit` with a commitment and its verification date →
  accepted (容缺受理 with missing materials and a promised date; 帮办代办 recorded) → routed (流转)
  → reviewed (审核: approved with an amount, or rejected) → disbursed (拨付, in one or more parts) →
  commitment verified, or breached → clawback requested → recovered (追回, in one or more parts).

The claim keeps the policy terms it was made against (`ClaimBasis`), so it checks its invariants
without loading the policy: disbursed ≤ approved ≤ the policy cap, clawback ≤ disbursed,
recovered ≤ clawback, all in exact `Money`. It takes due dates (the caller counts working days);
it never computes them. Every event carries the actor and `occurred_at`; each public command checks
the state and its arguments, then triggers one event whose body (replayed on load) is the whole
state change.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.case import Case, require_text
from domain.text import optional_text
from domain.working_days import calendar_label
from domain.bounds import require_due, require_moment
from domain.clock import local_date
from domain.enterprise import Enterprise
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.policy_claim.vocabulary import (
    TERMINAL,
    ClaimBasis,
    ClaimStatus,
    MissingMaterials,
    Payment,
    PolicyMode,
    require_positive,
)

S = ClaimStatus
M = PolicyMode
ZERO = Money(Decimal("0.00"))
IN_REVIEW = (S.ACCEPTED, S.ROUTED)  # accepted, the decision is due by `review_due`
AWAITING_DISBURSEMENT = (S.CONFIRMED, S.APPROVED, S.PARTLY_DISBURSED)  # due by `disbursement_due`
BEFORE_DECISION = (S.MATCHED, S.SUBMITTED, S.ACCEPTED, S.ROUTED)  # the enterprise may withdraw


def _plus(a: Money, b: Money) -> Money:
    return Money(a.yuan + b.yuan)


class PolicyClaim(Case):
    """A policy claim (惠企政策兑现). Create one with `PolicyClaim.match(...)` (免申即享) or
    `PolicyClaim.submit(...)` (即申即享, 承诺兑现).
    """

    kind = "policy_claim"

    class Matched(Case.Created):
        """免申即享: the enterprise was found eligible from data, with the amount due to it."""

        case_number: str
        jurisdiction: JurisdictionCode
        enterprise: Enterprise
        basis: ClaimBasis
        amount_due: Money
        actor: Actor
        occurred_at: datetime
        source_id: str | None = None  # its id in the system it was imported from

    class Submitted(Case.Created):
        """即申即享 or 承诺兑现: the enterprise applied (申报); on a commitment, with its text and the
        day it is to be verified.
        """

        case_number: str
        jurisdiction: JurisdictionCode
        enterprise: Enterprise
        basis: ClaimBasis
        commitment: str | None
        verification_due: date | None
        actor: Actor
        occurred_at: datetime
        source_id: str | None = None

    def __init__(  # noqa: PLR0913 - the facts of either creation event, replayed
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        basis: ClaimBasis,
        actor: Actor,
        occurred_at: datetime,
        amount_due: Money | None = None,
        commitment: str | None = None,
        verification_due: date | None = None,
        source_id: str | None = None,
    ) -> None:
        matched = basis.mode is M.NO_APPLICATION
        self.case_number = case_number
        self.jurisdiction = jurisdiction
        self.enterprise = enterprise
        self.basis = basis
        self.commitment = commitment
        self.verification_due = verification_due
        self.status = S.MATCHED if matched else S.SUBMITTED
        self.matched_at = occurred_at if matched else None
        self.submitted_at = None if matched else occurred_at
        self.confirmed_at: datetime | None = None
        self.accepted_at: datetime | None = None
        self.assisted = False  # 帮办代办
        self.missing_materials: MissingMaterials | None = None  # 容缺受理
        self.materials_supplied_at: datetime | None = None
        self.review_due: date | None = None
        self.review_calendar: str | None = None  # the calendar the review due date was reckoned by
        self.review_department: str | None = None
        self.routed_at: datetime | None = None
        # The amount granted and when: on a match (免申即享) the match decides it; otherwise review.
        self.approved_amount: Money | None = amount_due
        self.approved_at: datetime | None = occurred_at if matched else None
        self.disbursement_due: date | None = None
        self.disbursement_calendar: str | None = None
        self.disbursements: tuple[Payment, ...] = ()
        self.disbursed_total = ZERO
        self.fully_disbursed_at: datetime | None = None
        self.disbursed_on_time: bool | None = None
        self.verified_at: datetime | None = None
        self.verification_note: str | None = None
        self.breached_at: datetime | None = None
        self.clawback_amount: Money | None = None
        self.clawback_requested_at: datetime | None = None
        self.recoveries: tuple[Payment, ...] = ()
        self.recovered_total = ZERO
        self.recovered_at: datetime | None = None
        self.rejected_at: datetime | None = None
        self.withdrawn_at: datetime | None = None
        self.reason: str | None = None  # of the rejection, withdrawal or breach
        self.last_occurred_at = occurred_at
        self.source_id = source_id  # its id in the system it was imported from (惠企通)

    @classmethod
    def match(  # noqa: PLR0913
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        basis: ClaimBasis,
        amount_due: Money,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
        source_id: str | None = None,
    ) -> PolicyClaim:
        """免申即享: record that the enterprise is eligible, found from data, for `amount_due`
        (at most the policy cap); it waits for the enterprise to confirm.
        """
        cls._check_parties(jurisdiction, enterprise, basis, actor)
        if basis.mode is not M.NO_APPLICATION:
            raise InvalidValue(
                f"a {basis.mode.value} policy is applied for (PolicyClaim.submit); only a "
                "no_application (免申即享) policy is matched from data"
            )
        require_positive(amount_due, "amount due")
        cls._check_within_cap(amount_due, basis, "amount due")
        return cls._create(
            cls.Matched,
            id=id,
            case_number=require_text(case_number, "case number"),
            jurisdiction=jurisdiction,
            enterprise=enterprise,
            basis=basis,
            amount_due=amount_due,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            source_id=_source_id(source_id),
        )

    @classmethod
    def submit(  # noqa: PLR0913
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        basis: ClaimBasis,
        actor: Actor,
        occurred_at: datetime,
        commitment: str | None = None,
        verification_due: date | None = None,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
        source_id: str | None = None,
    ) -> PolicyClaim:
        """The enterprise applies (申报) for an 即申即享 or 承诺兑现 policy. A 承诺兑现 claim needs
        the commitment (承诺事项) and the day it is to be verified, not before today; an 即申即享
        claim takes neither.
        """
        cls._check_parties(jurisdiction, enterprise, basis, actor)
        require_moment(occurred_at)
        if basis.mode is M.NO_APPLICATION:
            raise InvalidValue(
                "a no_application (免申即享) policy is not applied for: its claims are matched from "
                "data (PolicyClaim.match)"
            )
        if basis.mode is M.COMMITMENT:
            commitment = require_text(commitment, "commitment")  # type: ignore[arg-type]
            verification_due = _date_from(verification_due, occurred_at, "verification date")
        elif commitment is not None or verification_due is not None:
            raise InvalidValue("only a commitment (承诺兑现) claim carries a commitment")
        return cls._create(
            cls.Submitted,
            id=id,
            case_number=require_text(case_number, "case number"),
            jurisdiction=jurisdiction,
            enterprise=enterprise,
            basis=basis,
            commitment=commitment,
            verification_due=verification_due,
            actor=actor,
            occurred_at=occurred_at,
            source_id=_source_id(source_id),
        )

    # --- queries -------------------------------------------------------------------------

    @property
    def mode(self) -> PolicyMode:
        return self.basis.mode

    @property
    def cap(self) -> Money:
        return self.basis.cap

    @property
    def policy_id(self) -> UUID:
        return self.basis.policy_id

    @property
    def policy_version(self) -> int:
        return self.basis.policy_version

    def credit_codes(self) -> frozenset[str]:
        return frozenset({self.enterprise.credit_code.value})

    def organisations(self) -> frozenset[str]:
        """The issuing department (it accepts the claim) and, once routed, the reviewing one."""
        return frozenset({self.basis.issuing_department, self.review_department} - {None})

    @property
    def is_terminal(self) -> bool:
        """Rejected, withdrawn, verified or recovered; or fully disbursed, unless it was paid on a
        commitment still to be verified. Accepts nothing further.
        """
        if self.status is S.DISBURSED:
            return self.mode is not M.COMMITMENT
        return self.status in TERMINAL

    @property
    def materials_outstanding(self) -> bool:
        """Accepted without some materials (容缺受理) that were not supplied yet."""
        return self.missing_materials is not None and self.materials_supplied_at is None

    @property
    def deadline(self) -> date | None:
        """The due date that binds now: the review's while in review, the disbursement's while
        money is due; none otherwise.
        """
        if self.status in IN_REVIEW:
            return self.review_due
        if self.status in AWAITING_DISBURSEMENT:
            return self.disbursement_due
        return None

    @property
    def deadline_calendar(self) -> str | None:
        """The calendar the binding due date was reckoned with ("2027#1", "official"); None
        for a date given explicitly, or recorded before calendars were."""
        if self.status in IN_REVIEW:
            return self.review_calendar
        if self.status in AWAITING_DISBURSEMENT:
            return self.disbursement_calendar
        return None

    def is_overdue(self, on: date) -> bool:
        """The binding due date (review or disbursement) passed before `on`."""
        return self.deadline is not None and self.deadline < on

    # --- 免申即享: 企业确认 ----------------------------------------------------------------

    def confirm(
        self,
        disbursement_due: date,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        """The enterprise confirms it wants the benefit it was matched for (确认享受); the money is
        due by `disbursement_due` (reckoned with `calendar`, if reckoned).
        """
        self.require_state("confirm", S.MATCHED)
        self.require_in_order(occurred_at)
        self._confirmed(
            disbursement_due=_date_from(disbursement_due, occurred_at, "disbursement due date"),
            calendar=calendar_label(calendar),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Confirmed")
    def _confirmed(
        self, disbursement_due: date, actor: Actor, occurred_at: datetime, calendar: str | None = None
    ) -> None:
        self.status = S.CONFIRMED
        self.confirmed_at = occurred_at
        self.disbursement_due = disbursement_due
        self.disbursement_calendar = calendar

    # --- 受理 / 容缺 / 流转 ----------------------------------------------------------------

    def accept(  # noqa: PLR0913
        self,
        actor: Actor,
        occurred_at: datetime,
        *,
        assisted: bool = False,
        missing_materials: MissingMaterials | None = None,
        review_due: date | None = None,
        calendar: str | None = None,
    ) -> None:
        """Accept the application (受理). `assisted` records 帮办代办 (staff prepared or submitted
        it for the enterprise); a commitment claim may be accepted with `missing_materials`
        (容缺受理, supplied later by the promised day); `review_due` is the day the review decision
        is due, if the caller keeps one (reckoned with `calendar`, if reckoned).
        """
        self.require_state("accept", S.SUBMITTED)
        if missing_materials is not None and self.mode is not M.COMMITMENT:
            self.refuse(
                "accept",
                "only a commitment (承诺兑现) claim is accepted with missing materials (容缺受理)",
            )
        self.require_in_order(occurred_at)
        if not isinstance(assisted, bool):
            raise InvalidValue(f"assisted (帮办代办) is true or false, got {assisted!r}")
        if missing_materials is not None:
            if not isinstance(missing_materials, MissingMaterials):
                raise InvalidValue(f"expected a MissingMaterials, got {missing_materials!r}")
            _date_from(missing_materials.promised_by, occurred_at, "promised date")
        if review_due is not None:
            review_due = _date_from(review_due, occurred_at, "review due date")
        self._accepted(
            assisted=assisted,
            missing_materials=missing_materials,
            review_due=review_due,
            calendar=calendar_label(calendar),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Accepted")
    def _accepted(  # noqa: PLR0913 - the acceptance's facts
        self,
        assisted: bool,
        missing_materials: MissingMaterials | None,
        review_due: date | None,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        self.status = S.ACCEPTED
        self.accepted_at = occurred_at
        self.assisted = assisted
        self.missing_materials = missing_materials
        self.review_due = review_due
        self.review_calendar = calendar

    def supply_materials(self, actor: Actor, occurred_at: datetime) -> None:
        """The enterprise supplies the materials it was accepted without (容缺后补)."""
        self.require_state("supply-materials", *IN_REVIEW)
        if not self.materials_outstanding:
            self.refuse("supply-materials", "no materials are missing")
        self.require_in_order(occurred_at)
        self._materials_supplied(actor=actor, occurred_at=occurred_at)

    @event("MaterialsSupplied")
    def _materials_supplied(self, actor: Actor, occurred_at: datetime) -> None:
        self.materials_supplied_at = occurred_at

    def route(self, department: str, actor: Actor, occurred_at: datetime) -> None:
        """Route (流转) a commitment claim to the department that reviews it; again to another."""
        self.require_state("route", *IN_REVIEW)
        if self.mode is not M.COMMITMENT:
            self.refuse("route", f"a {self.mode.value} claim is not routed for review")
        self.require_in_order(occurred_at)
        department = require_text(department, "department")
        if department == self.review_department:
            self.refuse("route", f"the claim is already with department '{department}'")
        self._routed(department=department, actor=actor, occurred_at=occurred_at)

    @event("Routed")
    def _routed(self, department: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.ROUTED
        self.review_department = department
        self.routed_at = occurred_at

    # --- 审核: 通过 / 不予兑现 -------------------------------------------------------------

    def approve(
        self,
        amount: Money,
        disbursement_due: date,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        """Approve (审核通过) `amount`, at most the policy cap, to be disbursed by
        `disbursement_due`: an 即申即享 claim at once on acceptance, a commitment claim by the
        department it was routed to, once no materials are outstanding.
        """
        if self.mode is M.COMMITMENT:
            if self.status is S.ACCEPTED:
                self.refuse("approve", "a commitment claim is routed for review first")
            self.require_state("approve", S.ROUTED)
            if self.materials_outstanding:
                assert self.missing_materials is not None
                self.refuse(
                    "approve",
                    "the missing materials (容缺材料) promised by "
                    f"{self.missing_materials.promised_by} are not supplied yet",
                )
        else:
            self.require_state("approve", S.ACCEPTED)
        self.require_in_order(occurred_at)
        require_positive(amount, "approved amount")
        self._check_within_cap(amount, self.basis, "approved amount")
        self._approved(
            amount=amount,
            disbursement_due=_date_from(disbursement_due, occurred_at, "disbursement due date"),
            calendar=calendar_label(calendar),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Approved")
    def _approved(  # noqa: PLR0913 - the approval's facts
        self,
        amount: Money,
        disbursement_due: date,
        actor: Actor,
        occurred_at: datetime,
        calendar: str | None = None,
    ) -> None:
        self.status = S.APPROVED
        self.approved_amount = amount
        self.approved_at = occurred_at
        self.disbursement_due = disbursement_due
        self.disbursement_calendar = calendar

    def reject(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Refuse the claim (不予兑现) with a reason: an application not accepted (不予受理), an
        即申即享 claim on acceptance, a commitment claim by the department reviewing it.
        """
        if self.mode is M.COMMITMENT:
            if self.status is S.ACCEPTED:
                self.refuse(
                    "reject", "a commitment claim is decided by the department reviewing it"
                )
            self.require_state("reject", S.SUBMITTED, S.ROUTED)
        else:
            self.require_state("reject", S.SUBMITTED, S.ACCEPTED)
        self.require_in_order(occurred_at)
        self._rejected(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Rejected")
    def _rejected(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.REJECTED
        self.rejected_at = occurred_at
        self.reason = reason

    def withdraw(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """The enterprise withdraws (撤回) before the amount is decided; on a 免申即享 match, it
        declines the benefit.
        """
        self.require_state("withdraw", *BEFORE_DECISION)
        self.require_in_order(occurred_at)
        self._withdrawn(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.WITHDRAWN
        self.withdrawn_at = occurred_at
        self.reason = reason

    # --- 拨付 -----------------------------------------------------------------------------

    def disburse(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        """Finance (财政) pays `amount` (拨付), in one or several parts; the total never exceeds the
        approved amount, and the claim is fully disbursed when it reaches it.
        """
        self.require_state("disburse", *AWAITING_DISBURSEMENT)
        self.require_in_order(occurred_at)
        require_positive(amount, "disbursed amount")
        assert self.approved_amount is not None
        total = _plus(self.disbursed_total, amount)
        if self.approved_amount < total:
            raise InvalidValue(
                f"disbursing {amount} would bring the total to {total}, more than the approved "
                f"{self.approved_amount}"
            )
        self._disbursed(amount=amount, actor=actor, occurred_at=occurred_at)

    @event("Disbursed")
    def _disbursed(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        self.disbursements = (*self.disbursements, Payment(amount, occurred_at))
        self.disbursed_total = _plus(self.disbursed_total, amount)
        if self.disbursed_total == self.approved_amount:
            self.status = S.DISBURSED
            self.fully_disbursed_at = occurred_at
            assert self.disbursement_due is not None
            self.disbursed_on_time = local_date(occurred_at) <= self.disbursement_due
        else:
            self.status = S.PARTLY_DISBURSED

    # --- 承诺核查 / 失信追回 ---------------------------------------------------------------

    def verify(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        """The commitment was kept (承诺核查通过) on a fully disbursed commitment claim: it ends."""
        self._require_commitment("verify")
        self.require_state("verify", S.DISBURSED)
        self.require_in_order(occurred_at)
        self._commitment_verified(
            note=optional_text(note, "note"), actor=actor, occurred_at=occurred_at
        )

    @event("CommitmentVerified")
    def _commitment_verified(self, note: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.VERIFIED
        self.verified_at = occurred_at
        self.verification_note = note

    def breach(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """The commitment was not kept (承诺未履行) after money was paid on it: what was paid may be
        clawed back.
        """
        self._require_commitment("breach")
        self.require_state("breach", S.PARTLY_DISBURSED, S.DISBURSED)
        self.require_in_order(occurred_at)
        self._commitment_breached(
            reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at
        )

    @event("CommitmentBreached")
    def _commitment_breached(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.BREACHED
        self.breached_at = occurred_at
        self.reason = reason

    def request_clawback(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        """Claim back (追回) `amount`, at most what was disbursed, after a breach."""
        self.require_state("request-clawback", S.BREACHED)
        self.require_in_order(occurred_at)
        require_positive(amount, "clawback amount")
        if self.disbursed_total < amount:
            raise InvalidValue(
                f"a clawback of {amount} exceeds the {self.disbursed_total} disbursed"
            )
        self._clawback_requested(amount=amount, actor=actor, occurred_at=occurred_at)

    @event("ClawbackRequested")
    def _clawback_requested(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.CLAWBACK_REQUESTED
        self.clawback_amount = amount
        self.clawback_requested_at = occurred_at

    def recover(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        """Finance records `amount` recovered (已追回), in one or several parts; the claim ends
        when the total recovered reaches the clawback, which it never exceeds.
        """
        self.require_state("recover", S.CLAWBACK_REQUESTED)
        self.require_in_order(occurred_at)
        require_positive(amount, "recovered amount")
        assert self.clawback_amount is not None
        total = _plus(self.recovered_total, amount)
        if self.clawback_amount < total:
            raise InvalidValue(
                f"recovering {amount} would bring the total to {total}, more than the clawback "
                f"of {self.clawback_amount}"
            )
        self._recovered(amount=amount, actor=actor, occurred_at=occurred_at)

    @event("Recovered")
    def _recovered(self, amount: Money, actor: Actor, occurred_at: datetime) -> None:
        self.recoveries = (*self.recoveries, Payment(amount, occurred_at))
        self.recovered_total = _plus(self.recovered_total, amount)
        if self.recovered_total == self.clawback_amount:
            self.status = S.RECOVERED
            self.recovered_at = occurred_at

    # --- argument checks -----------------------------------------------------------------

    def _require_commitment(self, step: str) -> None:
        if self.mode is not M.COMMITMENT:
            self.refuse(step, f"a {self.mode.value} claim carries no commitment")

    @staticmethod
    def _check_parties(
        jurisdiction: JurisdictionCode, enterprise: Enterprise, basis: ClaimBasis, actor: Actor
    ) -> None:
        for value, kind in [
            (jurisdiction, JurisdictionCode),
            (enterprise, Enterprise),
            (basis, ClaimBasis),
            (actor, Actor),
        ]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")

    @staticmethod
    def _check_within_cap(amount: Money, basis: ClaimBasis, what: str) -> None:
        if basis.cap < amount:
            raise InvalidValue(f"{what} {amount} exceeds the policy cap of {basis.cap}")


def _source_id(source_id: str | None) -> str | None:
    """The id in the source of a claim imported (`PolicyClaim.match`, `.submit`), if any."""
    return None if source_id is None else require_text(source_id, "source id")


def _date_from(day: date | None, occurred_at: datetime, what: str) -> date:
    """A calendar date from the day of the act that sets it up to `DUE_YEARS` after it."""
    return require_due(day, occurred_at, what)  # type: ignore[arg-type]
