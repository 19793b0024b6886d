"""The commands of the policy catalogue (惠企政策清单) and of policy-benefit claims (惠企政策兑现).

Review and disbursement due dates are counted in working days from the time limits of the
policy version a claim was made against; the steps that set them take a `ClaimContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.clock import local_date
from domain.enterprise import Enterprise
from domain.money import Money
from domain.policy_claim import MissingMaterials, PolicyClaim, PolicyTerms

from application.case_commands import Intake, Step, step
from application.working_calendars import WorkingCalendars, reckon


@dataclass(frozen=True)
class ClaimContext:
    """The working calendar, and the terms of a policy at a version (id, version → terms)."""

    calendars: WorkingCalendars
    terms_of: Callable[[UUID, int], PolicyTerms]

    def due(
        self, claim: PolicyClaim, at: datetime, limit: str, field: str, given: date | None
    ) -> dict[str, Any]:
        """The arguments `{field: due date, "calendar": label}`: the date `given`, or the day
        `limit` ("review_days" or "disbursement_days") working days after `at` by the calendar
        in force, with that calendar's label."""
        if given is not None:
            return {field: given, "calendar": None}
        terms = self.terms_of(claim.policy_id, claim.policy_version)
        due, calendar = reckon(self.calendars, local_date(at), getattr(terms, limit), field)
        return {field: due, "calendar": calendar}


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PublishPolicy(Intake):
    """发布: publish a policy in the catalogue of a jurisdiction."""

    terms: PolicyTerms


RevisePolicy = step(
    "revise", "修订: revise the terms; claims already made keep theirs.", terms=PolicyTerms, reason=str
)
WithdrawPolicy = step("withdraw", "废止: no new claims against the policy.", reason=str)


# --- claims ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SubmitClaim(Intake):
    """申报: an enterprise applies under a 即申即享 or 承诺兑现 policy (with its commitment)."""

    enterprise: Enterprise
    policy_id: UUID
    commitment: str | None = None
    verification_due: date | None = None


@dataclass(frozen=True, kw_only=True)
class MatchClaim(Intake):
    """免申即享: data shows the enterprise eligible under a policy for `amount_due`."""

    enterprise: Enterprise
    policy_id: UUID
    amount_due: Money


@dataclass(frozen=True, kw_only=True)
class Confirm(Step):
    """确认: the enterprise confirms a matched benefit; disbursement is due within the policy's
    time limit, or by `disbursement_due` if given."""

    action = "confirm"
    method = "confirm"
    disbursement_due: date | None = None

    def arguments(self, case: Any, at: datetime, context: ClaimContext) -> dict[str, Any]:
        given = self.disbursement_due
        return context.due(case, at, "disbursement_days", "disbursement_due", given)


@dataclass(frozen=True, kw_only=True)
class Accept(Step):
    """受理: accept an application, perhaps with missing materials (容缺受理, commitment claims) and
    recording 帮办代办; the review is due within the policy's time limit, or by `review_due` if
    given."""

    action = "accept"
    method = "accept"
    assisted: bool = False
    missing_materials: MissingMaterials | None = None
    review_due: date | None = None

    def arguments(self, case: Any, at: datetime, context: ClaimContext) -> dict[str, Any]:
        due = context.due(case, at, "review_days", "review_due", self.review_due)
        return super().arguments(case, at, context) | due


@dataclass(frozen=True, kw_only=True)
class Approve(Step):
    """审核通过: approve an amount (at most the cap); disbursement is due within the time limit,
    or by `disbursement_due` if given."""

    action = "approve"
    method = "approve"
    amount: Money
    disbursement_due: date | None = None

    def arguments(self, case: Any, at: datetime, context: ClaimContext) -> dict[str, Any]:
        due = context.due(case, at, "disbursement_days", "disbursement_due", self.disbursement_due)
        return super().arguments(case, at, context) | due


SupplyMaterials = step(
    "supply-materials", "容缺后补: the enterprise supplies the materials it was accepted without."
)
Route = step("route", "流转: route a commitment claim to the department that reviews it.", department=str)
RejectClaim = step("reject", "不予兑现: reject the claim, with a reason.", reason=str)
WithdrawClaim = step("withdraw", "撤回: the enterprise withdraws (or declines a matched benefit).", reason=str)
Disburse = step("disburse", "拨付: pay (part of) the approved amount.", amount=Money)
Verify = step("verify", "核查: the commitment was kept.", note=str)
Breach = step("breach", "失信: the commitment was broken, with a reason.", reason=str)
RequestClawback = step("request-clawback", "追回: ask for money back after a breach.", amount=Money)
Recover = step("recover", "追回到账: (part of) the clawback came back.", amount=Money)
