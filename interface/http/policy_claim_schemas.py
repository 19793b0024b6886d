"""Request bodies and response views of the policy catalogue and claim routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, Field, StrictBool, StrictInt

from application.policy_claim_commands import (
    Accept,
    MatchClaim,
    PublishPolicy,
    RevisePolicy,
    SubmitClaim,
)
from application.principal import Principal
from domain.bounds import MAX_WORKING_DAYS
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.policy_claim import (
    ClaimStatus,
    MissingMaterials,
    Policy,
    PolicyClaim,
    PolicyMode,
    PolicyStatus,
    PolicyTerms,
)
from infrastructure.bootstrap import Services
from interface.http.enterprise_schemas import EnterpriseBody, EnterpriseView
from interface.http.fields import (
    ActTime,
    Code,
    Day,
    JurisdictionText,
    StepBody,
    StrictBody,
    Text,
    Yuan,
    integral,
)

WorkingDays = Annotated[
    StrictInt, Field(ge=1, le=MAX_WORKING_DAYS, description="working days"),
    BeforeValidator(integral),
]  # fmt: skip


def yuan(money: Money | None) -> str | None:
    return str(money) if money is not None else None


class TermsBody(StrictBody):
    title: Text
    issuing_department: Code
    mode: PolicyMode
    cap: Yuan
    review_days: WorkingDays
    disbursement_days: WorkingDays

    def terms(self) -> PolicyTerms:
        return PolicyTerms(**dict(self) | {"cap": Money.of(self.cap)})


class PublishPolicyBody(StrictBody):
    """发布: a policy in the catalogue of a jurisdiction."""

    jurisdiction: JurisdictionText
    terms: TermsBody
    occurred_at: ActTime | None = None

    def command(self) -> PublishPolicy:
        return PublishPolicy(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            terms=self.terms.terms(),
            occurred_at=self.occurred_at,
        )


class RevisePolicyBody(StepBody):
    """修订: new terms, with a reason; claims already made keep theirs."""

    terms: TermsBody
    reason: Text
    occurred_at: ActTime | None = None

    def command(self) -> RevisePolicy:
        return RevisePolicy(terms=self.terms.terms(), reason=self.reason, occurred_at=self.occurred_at)


class TermsView(BaseModel):
    title: str
    issuing_department: str
    mode: PolicyMode
    cap: str
    review_days: int
    disbursement_days: int

    @classmethod
    def of(cls, terms: PolicyTerms) -> TermsView:
        return cls(**vars(terms) | {"cap": str(terms.cap)})


class PolicyView(BaseModel):
    """A catalogue policy's current terms and status."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: PolicyStatus
    terms: TermsView
    published_at: datetime
    revisions: int
    revised_at: datetime | None
    withdrawn_at: datetime | None
    reason: str | None
    version: int

    @classmethod
    def of(cls, policy: Policy, today: date) -> PolicyView:
        state = {name: getattr(policy, name) for name in cls.model_fields}
        return cls(
            **state
            | {"jurisdiction": policy.jurisdiction.value, "terms": TermsView.of(policy.terms)}
        )


class CreateClaimBody(StrictBody):
    """申报 (with `commitment` and `verification_due` under 承诺兑现), or, with `amount_due`, a
    免申即享 match recorded by the issuing department."""

    jurisdiction: JurisdictionText
    enterprise: EnterpriseBody
    policy_id: UUID
    amount_due: Yuan | None = None
    commitment: Text | None = None
    verification_due: Day | None = None
    occurred_at: ActTime | None = None

    def create(self, services: Services, principal: Principal) -> PolicyClaim:
        common = {
            "jurisdiction": JurisdictionCode(self.jurisdiction),
            "enterprise": self.enterprise.value(),
            "policy_id": self.policy_id,
            "occurred_at": self.occurred_at,
        }
        if self.amount_due is not None:
            match = MatchClaim(**common, amount_due=Money.of(self.amount_due))
            return services.claims.match(match, principal)
        submit = SubmitClaim(
            **common, commitment=self.commitment, verification_due=self.verification_due
        )
        return services.claims.submit(submit, principal)


class MissingMaterialsBody(StrictBody):
    items: list[Text] = Field(min_length=1)
    promised_by: Day


class AcceptBody(StepBody):
    """受理: with 帮办代办 (`assisted`) and, for commitment claims, 容缺 missing materials."""

    assisted: StrictBool = False
    missing_materials: MissingMaterialsBody | None = None
    review_due: Day | None = Field(
        default=None,
        description="the review's due date; default: the policy's review days in working days",
    )
    occurred_at: ActTime | None = None

    def command(self) -> Accept:
        missing = self.missing_materials
        return Accept(
            assisted=self.assisted,
            missing_materials=MissingMaterials(tuple(missing.items), missing.promised_by)
            if missing
            else None,
            review_due=self.review_due,
            occurred_at=self.occurred_at,
        )


class PaymentView(BaseModel):
    amount: str
    occurred_at: datetime


class ClaimPolicyView(BaseModel):
    id: UUID
    version: int
    title: str
    issuing_department: str
    mode: PolicyMode
    cap: str


class ClaimView(BaseModel):
    """A claim's current state; amounts in yuan as exact decimal strings."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: ClaimStatus
    enterprise: EnterpriseView
    policy: ClaimPolicyView
    commitment: str | None
    verification_due: date | None
    matched_at: datetime | None
    submitted_at: datetime | None
    confirmed_at: datetime | None
    accepted_at: datetime | None
    assisted: bool
    review_due: date | None
    review_calendar: str | None = Field(
        description="the working calendar `review_due` was computed with; null for a date given"
    )
    review_department: str | None
    approved_amount: str | None
    approved_at: datetime | None
    disbursement_due: date | None
    disbursement_calendar: str | None = Field(
        description="the working calendar `disbursement_due` was computed with; null for a date given"
    )
    disbursements: list[PaymentView]
    disbursed_total: str
    fully_disbursed_at: datetime | None
    disbursed_on_time: bool | None
    verified_at: datetime | None
    breached_at: datetime | None
    clawback_amount: str | None
    recovered_total: str
    rejected_at: datetime | None
    withdrawn_at: datetime | None
    reason: str | None
    overdue: bool
    source_id: str | None = Field(description="its id in the system it was imported from (惠企通)")
    version: int

    @classmethod
    def of(cls, claim: PolicyClaim, today: date) -> ClaimView:
        names = set(cls.model_fields) - {"policy", "overdue"}
        state = {name: getattr(claim, name) for name in names}
        basis = claim.basis
        return cls(
            **state
            | {
                "jurisdiction": claim.jurisdiction.value,
                "enterprise": EnterpriseView.of(claim.enterprise),
                "policy": ClaimPolicyView(
                    id=basis.policy_id, version=basis.policy_version, title=basis.title,
                    issuing_department=basis.issuing_department, mode=basis.mode,
                    cap=str(basis.cap),
                ),  # fmt: skip
                "approved_amount": yuan(claim.approved_amount),
                "disbursements": [PaymentView(amount=str(p.amount), occurred_at=p.occurred_at)
                                  for p in claim.disbursements],  # fmt: skip
                "disbursed_total": str(claim.disbursed_total),
                "clawback_amount": yuan(claim.clawback_amount),
                "recovered_total": str(claim.recovered_total),
                "overdue": claim.is_overdue(today),
            }
        )
