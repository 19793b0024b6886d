"""Request bodies and the response view of the inspection routes (涉企检查与走访)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from application.inspection_commands import CollectDemands, RecordFindings, RegisterInspection
from domain.appeal import Category, Urgency
from domain.inspection import (
    Demand,
    ExemptionReason,
    Finding,
    FindingOutcome,
    InspectionStatus,
    InspectionVisit,
    Inspector,
    Misconduct,
    PaymentRequest,
    QuietDayExemption,
    VisitKind,
)
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from interface.http.enterprise_schemas import EnterpriseBody, EnterpriseView
from interface.http.fields import (
    ActTime,
    Code,
    Day,
    JurisdictionText,
    OptionalText,
    StepBody,
    StrictBody,
    Text,
    Yuan,
)


class InspectorBody(StrictBody):
    name: Text
    certificate: Text | None = Field(None, description="执法证号; required on inspections")
    body: Code


class ExemptionBody(StrictBody):
    reason: ExemptionReason
    note: Text


class RegisterInspectionBody(StrictBody):
    """扫码入企登记: register an inspection or service visit before going in."""

    jurisdiction: JurisdictionText
    enterprise: EnterpriseBody
    visit_kind: VisitKind
    bodies: list[Code] = Field(min_length=1)
    inspectors: list[InspectorBody] = Field(min_length=1)
    items: list[Text] = Field(min_length=1)
    planned_date: Day
    legal_basis: Text | None = None
    exemption: ExemptionBody | None = None
    occurred_at: ActTime | None = None

    def command(self) -> RegisterInspection:
        return RegisterInspection(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            enterprise=self.enterprise.value(),
            visit_kind=self.visit_kind,
            bodies=tuple(self.bodies),
            inspectors=tuple(Inspector(**dict(i)) for i in self.inspectors),
            items=tuple(self.items),
            planned_date=self.planned_date,
            legal_basis=self.legal_basis,
            exemption=QuietDayExemption(**dict(self.exemption)) if self.exemption else None,
            occurred_at=self.occurred_at,
        )


class FindingBody(StrictBody):
    item: Text
    outcome: FindingOutcome
    note: OptionalText = ""
    rectification_due: Day | None = None
    penalty: Yuan | None = None
    payment_request: PaymentRequest | None = None

    def finding(self) -> Finding:
        values = dict(self) | {"penalty": Money.of(self.penalty) if self.penalty else None}
        return Finding(**values)


class RecordFindingsBody(StepBody):
    """检查结果: record the findings of an inspection, item by item."""

    findings: list[FindingBody] = Field(min_length=1)
    occurred_at: ActTime | None = None

    def command(self) -> RecordFindings:
        findings = tuple(body.finding() for body in self.findings)
        return RecordFindings(findings=findings, occurred_at=self.occurred_at)


class DemandBody(StrictBody):
    summary: Text
    category: Category
    urgency: Urgency | None = None


class CollectDemandsBody(StepBody):
    """收集诉求: the demands a service visit collected; each becomes an appeal."""

    demands: list[DemandBody] = Field(min_length=1)
    occurred_at: ActTime | None = None

    def command(self) -> CollectDemands:
        demands = tuple(Demand(**dict(body)) for body in self.demands)
        return CollectDemands(demands=demands, occurred_at=self.occurred_at)


class InspectorView(BaseModel):
    name: str
    certificate: str | None
    body: str


class FindingView(BaseModel):
    item: str
    outcome: FindingOutcome
    note: str
    rectification_due: date | None
    penalty: str | None
    payment_request: PaymentRequest | None


class DemandView(BaseModel):
    number: int
    summary: str
    category: Category
    urgency: Urgency | None


class MisconductView(BaseModel):
    misconduct: Misconduct
    description: str
    reported_at: datetime


class InspectionView(BaseModel):
    """An inspection's or service visit's current state."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: InspectionStatus
    enterprise: EnterpriseView
    visit_kind: VisitKind
    bodies: list[str]
    inspectors: list[InspectorView]
    items: list[str]
    legal_basis: str | None
    planned_date: date
    exemption: ExemptionBody | None
    registered_at: datetime
    entered_at: datetime | None
    findings: list[FindingView]
    published_at: datetime | None
    publication: str | None
    demands: list[DemandView]
    rating: int | None
    rating_comment: str | None
    misconduct_reports: list[MisconductView]
    closed_at: datetime | None
    cancelled_at: datetime | None
    reason: str | None
    source_id: str | None = Field(description="its id in the ledger it was imported from")
    version: int

    @classmethod
    def of(cls, visit: InspectionVisit, today: date) -> InspectionView:
        state = {name: getattr(visit, name) for name in cls.model_fields}
        return cls(
            **state
            | {
                "jurisdiction": visit.jurisdiction.value,
                "enterprise": EnterpriseView.of(visit.enterprise),
                "inspectors": [InspectorView(**vars(i)) for i in visit.inspectors],
                "exemption": vars(visit.exemption) if visit.exemption else None,
                "findings": [
                    FindingView(**vars(f) | {"penalty": str(f.penalty) if f.penalty else None})
                    for f in visit.findings
                ],
                "demands": [
                    DemandView(number=d.number, **vars(d.demand)) for d in visit.demands
                ],
                "misconduct_reports": [MisconductView(**vars(r)) for r in visit.misconduct_reports],
            }
        )
