"""How the domain's value types are written into stored events (JSON) and read back.

The names are part of the stored format: never rename one, only add new ones.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.account import AccountProfile, AccountStatus
from domain.actor import Actor, Provenance, Role
from domain.audit_read import AuditAction
from domain import appeal, inspection, mediation, policy_claim
from domain.enterprise import Contact, CreditCode, Enterprise
from domain.errors import InvalidValue
from domain.import_run import RowProblem
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.sign_in import SignInOutcome
from domain.unit import UnitKind, UnitStatus, UnitTerms


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    """An enumeration member stored as its value."""

    def __init__(self, enum: type[Enum], name: str) -> None:
        self.type = enum
        self.name = name
        self.members = {member.value: member for member in enum}  # faster than calling `enum`

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member = self.members.get(data)
        return member if member is not None else self.type(data)  # raises as the enum would


class ValueObjectAsDict(Transcoding):
    """A frozen dataclass stored as a dict of its fields (nested value types transcode in turn)."""

    def __init__(self, cls: type, name: str) -> None:
        self.type = cls
        self.name = name
        self.fields = [field.name for field in dataclasses.fields(cls)]
        # fields added since values of the type were first stored: left out while None, so
        # such a value is stored as it was before they existed
        self.optional = frozenset(ADDED_FIELDS.get(name, ()))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {
            name: value
            for name in self.fields
            if (value := getattr(obj, name)) is not None or name not in self.optional
        }

    def decode(self, data: dict[str, Any]) -> Any:
        try:
            return self.type(**data)
        except InvalidValue:
            return self.as_recorded(data)

    def as_recorded(self, data: dict[str, Any]) -> Any:
        """The value as it was recorded, by a check the type no longer passes (free text with a
        character refused since, say): what the store holds is read, never judged again, so no
        view fails on it. Lists come back as the tuples the value objects hold."""
        value = object.__new__(self.type)
        for field in dataclasses.fields(self.type):
            if field.name in data:
                held = data[field.name]
            elif field.default is not dataclasses.MISSING:
                held = field.default
            elif field.default_factory is not dataclasses.MISSING:
                held = field.default_factory()
            else:
                held = None
            object.__setattr__(value, field.name, tuple(held) if isinstance(held, list) else held)
        return value


ADDED_FIELDS = {"actor": ("source",)}
CASE_KINDS = (appeal, inspection, mediation, policy_claim)
ENUMS: dict[str, type[Enum]] = {
    "role": Role,
    "audit_action": AuditAction,
    "unit_kind": UnitKind,
    "unit_status": UnitStatus,
    "account_status": AccountStatus,
    "sign_in_outcome": SignInOutcome,
}
for kind in CASE_KINDS:
    ENUMS |= kind.STORED_ENUMS
VALUE_OBJECTS: dict[str, type] = {
    "actor": Actor,
    "provenance": Provenance,
    "row_problem": RowProblem,
    "credit_code": CreditCode,
    "enterprise": Enterprise,
    "contact": Contact,
    "jurisdiction": JurisdictionCode,
    "money": Money,
    "unit_terms": UnitTerms,
    "account_profile": AccountProfile,
}
for kind in CASE_KINDS:
    VALUE_OBJECTS |= kind.STORED_VALUE_OBJECTS


def domain_transcodings() -> list[Transcoding]:
    """Every transcoding the case store registers besides the library's own."""
    return [
        DateAsISO(),
        *(EnumAsValue(enum, f"enum:{name}") for name, enum in ENUMS.items()),
        *(ValueObjectAsDict(cls, name) for name, cls in VALUE_OBJECTS.items()),
    ]
