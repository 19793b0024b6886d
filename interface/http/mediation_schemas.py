"""Request bodies and the response view of the mediation routes (诉调对接)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from application.mediation_commands import RegisterDispute
from domain.enterprise import CreditCode
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
    Performance,
)
from domain.money import Money
from interface.http.fields import ActTime, CreditCodeText, JurisdictionText, StrictBody, Text, Yuan


class PartyBody(StrictBody):
    name: Text
    role: PartyRole
    credit_code: CreditCodeText | None = Field(None, description="for an enterprise party")

    def party(self) -> Party:
        code = CreditCode(self.credit_code) if self.credit_code else None
        return Party(self.name, self.role, code)


class RegisterDisputeBody(StrictBody):
    """登记: a dispute brought to mediation (a referred appeal is named by `appeal_id`)."""

    jurisdiction: JurisdictionText
    parties: list[PartyBody] = Field(min_length=2)
    dispute_type: DisputeType
    source: DisputeSource
    amount: Yuan | None = None
    appeal_id: UUID | None = None
    occurred_at: ActTime | None = None

    def command(self) -> RegisterDispute:
        return RegisterDispute(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            parties=tuple(body.party() for body in self.parties),
            dispute_type=self.dispute_type,
            source=self.source,
            amount=Money.of(self.amount) if self.amount else None,
            appeal_id=self.appeal_id,
            occurred_at=self.occurred_at,
        )


class PartyView(BaseModel):
    name: str
    role: PartyRole
    credit_code: str | None


class AgreementView(BaseModel):
    terms: str
    amount: str | None


class MediationView(BaseModel):
    """A mediation case's current state."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: MediationStatus
    parties: list[PartyView]
    dispute_type: DisputeType
    amount: str | None
    source: DisputeSource
    appeal_id: UUID | None
    registered_at: datetime
    organisation_kind: OrganisationKind | None
    organisation: str | None
    mediator: str | None
    deadline: date | None
    overdue: bool
    extensions: int
    sessions: int
    agreement: AgreementView | None
    confirmation: Confirmation | None
    court: str | None
    court_case_number: str | None
    court_mediator: str | None
    filed_at: datetime | None
    pre_suit_concluded_at: datetime | None
    litigation_concluded_at: datetime | None
    performance: Performance | None
    reason: str | None
    source_id: str | None = Field(description="its id in the register it was imported from (案号)")
    version: int

    @classmethod
    def of(cls, case: MediationCase, today: date) -> MediationView:
        names = set(cls.model_fields) - {"overdue"}
        agreement = case.agreement
        return cls(
            **{name: getattr(case, name) for name in names}
            | {
                "jurisdiction": case.jurisdiction.value,
                "parties": [
                    PartyView(name=p.name, role=p.role,
                              credit_code=p.credit_code.value if p.credit_code else None)
                    for p in case.parties
                ],  # fmt: skip
                "amount": str(case.amount) if case.amount else None,
                "agreement": AgreementView(
                    terms=agreement.terms,
                    amount=str(agreement.amount) if agreement.amount else None,
                )
                if agreement
                else None,
                "overdue": case.is_overdue(today),
            }
        )
