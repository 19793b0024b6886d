"""Request bodies and response views of the appeal routes."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from application.appeal_commands import SubmitAppeal
from domain.appeal import (
    Appeal,
    AppealStatus,
    Category,
    Channel,
    HandlingLevel,
    Outcome,
    Satisfaction,
    Urgency,
)
from domain.enterprise import Contact
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from interface.http.enterprise_schemas import EnterpriseBody, EnterpriseView
from interface.http.fields import (
    ActTime,
    JurisdictionText,
    Phone,
    StrictBody,
    Text,
    Yuan,
)

class ContactBody(StrictBody):
    name: Text
    phone: Phone


class CreateAppealBody(StrictBody):
    """登记: an enterprise's appeal as it arrives through a channel."""

    jurisdiction: JurisdictionText
    enterprise: EnterpriseBody
    channel: Channel
    category: Category
    urgency: Urgency = Urgency.NORMAL
    summary: Text
    contact: ContactBody | None = None
    amount_involved: Yuan | None = None
    occurred_at: ActTime | None = None

    def command(self) -> SubmitAppeal:
        return SubmitAppeal(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            enterprise=self.enterprise.value(),
            channel=self.channel,
            category=self.category,
            urgency=self.urgency,
            summary=self.summary,
            contact=Contact(self.contact.name, self.contact.phone) if self.contact else None,
            amount_involved=Money.of(self.amount_involved) if self.amount_involved else None,
            occurred_at=self.occurred_at,
        )


class ContactView(BaseModel):
    name: str
    phone: str


class AppealView(BaseModel):
    """An appeal's current state. `overdue` is judged against today in Asia/Shanghai."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: AppealStatus
    enterprise: EnterpriseView
    channel: Channel
    category: Category
    urgency: Urgency
    summary: str
    contact: ContactView | None
    amount_involved: str | None
    department: str | None
    level: HandlingLevel | None
    deadline: date | None
    deadline_calendar: str | None = Field(
        description="the working calendar the deadline was computed with (2027#1: revision 1 of "
        "the entered year 2027; a year alone: the built-in calendar); null for a date given"
    )
    overdue: bool
    submitted_at: datetime
    received_at: datetime | None
    assigned_at: datetime | None
    resolved_at: datetime | None
    outcome: Outcome | None
    resolution: str | None
    resolved_on_time: bool | None
    satisfaction: Satisfaction | None
    follow_ups: int
    supervision_orders: int
    extensions: int
    progress_notes: int
    closed_at: datetime | None
    reason: str | None
    referred_to_mediation: bool
    merged_into: UUID | None
    visit_id: UUID | None
    source_id: str | None = Field(description="its id in the system it was imported from (工单编号)")
    version: int

    @classmethod
    def of(cls, appeal: Appeal, today: date) -> AppealView:
        state = {name: getattr(appeal, name) for name in cls.model_fields if hasattr(appeal, name)}
        return cls(
            **state
            | {
                "jurisdiction": appeal.jurisdiction.value,
                "enterprise": EnterpriseView.of(appeal.enterprise),
                "contact": ContactView(**dataclasses.asdict(appeal.contact))
                if appeal.contact
                else None,
                "amount_involved": str(appeal.amount_involved) if appeal.amount_involved else None,
                "overdue": appeal.is_overdue(today),
            }
        )
