"""Request bodies and response views of the appeal routes."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    create_model,
)

from application.appeal_commands import AppealCommand, SubmitAppeal
from application.appeal_index import AppealRow
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
from domain.enterprise import Contact, CreditCode, Enterprise
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.money import Money

T = TypeVar("T")


def checked_by(value_object: Callable[[str], T]) -> Callable[[str], str]:
    """A pydantic validator that applies the domain's own check of a value object."""

    def check(value: str) -> str:
        try:
            value_object(value)
        except InvalidValue as error:
            raise ValueError(str(error)) from None
        return value

    return check


NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # PostgreSQL refuses NUL in text
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000, pattern=NO_CONTROL)
]
OptionalText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=4000, pattern=NO_CONTROL)
]
Code = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,100}$")]
CreditCodeText = Annotated[
    str,
    Field(examples=["91360121MA35ABCD04"], description="统一社会信用代码 (GB 32100-2015)"),
    AfterValidator(checked_by(CreditCode)),
]
JurisdictionText = Annotated[
    str,
    Field(examples=["360121"], description="行政区划代码 (GB/T 2260)"),
    AfterValidator(checked_by(JurisdictionCode)),
]
Yuan = Annotated[
    str,
    Field(pattern=r"^\d{1,15}(\.\d{1,2})?$", examples=["1250000.00"], description="yuan, exact"),
]
Phone = Annotated[str, Field(pattern=r"^[0-9+\-() ]{5,20}$", examples=["0791-85712345"])]


class StrictBody(BaseModel):
    """A request body: no unknown fields; booleans, text and money are never coerced."""

    model_config = ConfigDict(extra="forbid")


class EnterpriseBody(StrictBody):
    credit_code: CreditCodeText
    name: Text


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
    occurred_at: AwareDatetime | None = None

    def command(self) -> SubmitAppeal:
        return SubmitAppeal(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            enterprise=Enterprise(CreditCode(self.enterprise.credit_code), self.enterprise.name),
            channel=self.channel,
            category=self.category,
            urgency=self.urgency,
            summary=self.summary,
            contact=Contact(self.contact.name, self.contact.phone) if self.contact else None,
            amount_involved=Money.of(self.amount_involved) if self.amount_involved else None,
            occurred_at=self.occurred_at,
        )


# Field types of the command dataclasses → the stricter types a request body needs.
BODY_TYPES: dict[Any, Any] = {
    str: Text,
    bool: StrictBool,
    datetime | None: AwareDatetime | None,
}


def command_body(command: type[AppealCommand]) -> type[StrictBody]:
    """The request body of a lifecycle command, derived from the command's own fields."""
    hints = typing.get_type_hints(command)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(command):
        annotation = BODY_TYPES.get(hints[field.name], hints[field.name])
        if field.default is dataclasses.MISSING:
            fields[field.name] = (annotation, ...)
        else:
            optional = OptionalText if annotation is Text else annotation
            fields[field.name] = (optional, field.default)
    name = "".join(part.capitalize() for part in command.action.split("-")) + "Body"
    return create_model(name, __base__=StrictBody, __doc__=command.__doc__, **fields)


class EnterpriseView(BaseModel):
    credit_code: str
    name: str


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
    version: int

    @classmethod
    def of(cls, appeal: Appeal, today: date) -> AppealView:
        state = {name: getattr(appeal, name) for name in cls.model_fields if hasattr(appeal, name)}
        return cls(
            **state
            | {
                "jurisdiction": appeal.jurisdiction.value,
                "enterprise": EnterpriseView(
                    credit_code=appeal.enterprise.credit_code.value, name=appeal.enterprise.name
                ),
                "contact": ContactView(**dataclasses.asdict(appeal.contact))
                if appeal.contact
                else None,
                "amount_involved": str(appeal.amount_involved) if appeal.amount_involved else None,
                "overdue": appeal.is_overdue(today),
            }
        )


@dataclasses.dataclass(frozen=True)
class ListedAppeal(AppealRow):
    """One row of the appeal list, with whether it is overdue today."""

    overdue: bool


class AppealList(BaseModel):
    items: list[ListedAppeal]
    next_cursor: int | None = Field(description="pass as `cursor` for the next page")
    log_position: int = Field(description="the event-log position the list reflects")
