"""Request and response bodies of `/api/v1/units` (the registry of units, 机构名录)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from application.unit_service import RegisterUnit, ReviseUnit
from domain.jurisdiction import JurisdictionCode
from domain.unit import CODE_LENGTH, Unit, UnitKind, UnitStatus, UnitTerms
from interface.http.fields import ActTime, Day, JurisdictionText, StepBody, StrictBody, Text

UnitCode = Annotated[
    str,
    Field(pattern=f"^[a-z0-9_-]{{1,{CODE_LENGTH}}}$", examples=["scjgj"],
          description="the code cases name the unit by"),
]  # fmt: skip


class TermsBody(StrictBody):
    """What the registry says of a unit; `short_name` defaults to `name`; without
    `active_from` it acts on any day before it is retired (cases entered afterwards included)."""

    name: Text = Field(examples=["县市场监督管理局"])
    short_name: Text | None = Field(default=None, examples=["县市场监管局"])
    kind: UnitKind
    parent: UnitCode | None = None
    active_from: Day | None = None

    def terms(self) -> UnitTerms:
        short_name = self.short_name or self.name
        return UnitTerms(self.name, short_name, self.kind, self.parent, self.active_from)


class RegisterUnitBody(TermsBody):
    """登记: a unit of a jurisdiction under its code."""

    jurisdiction: JurisdictionText
    code: UnitCode
    occurred_at: ActTime | None = None

    def command(self) -> RegisterUnit:
        return RegisterUnit(
            jurisdiction=JurisdictionCode(self.jurisdiction),
            code=self.code,
            terms=self.terms(),
            occurred_at=self.occurred_at,
        )


class ReviseUnitBody(TermsBody, StepBody):
    """变更: the unit's terms as they are to be, with a reason."""

    reason: Text
    occurred_at: ActTime | None = None

    def command(self) -> ReviseUnit:
        return ReviseUnit(terms=self.terms(), reason=self.reason, occurred_at=self.occurred_at)


class UnitView(BaseModel):
    """A registered unit as it stands."""

    id: UUID
    code: str
    case_number: str = Field(description="the unit's code, as every record's number")
    jurisdiction: str
    name: str
    short_name: str
    kind: UnitKind
    parent: str | None
    active_from: date | None
    active_to: date | None = Field(description="its last day, once retired")
    status: UnitStatus
    registered_at: datetime
    reason: str | None = Field(description="of the last change or of the retirement")
    version: int

    @classmethod
    def of(cls, unit: Unit, today: date) -> UnitView:
        terms = unit.terms
        return cls(
            id=unit.id, code=unit.code, case_number=unit.code,
            jurisdiction=unit.jurisdiction.value, name=terms.name,
            short_name=terms.short_name, kind=terms.kind, parent=terms.parent,
            active_from=terms.active_from, active_to=unit.active_to, status=unit.status,
            registered_at=unit.registered_at, reason=unit.reason, version=unit.version,
        )  # fmt: skip
