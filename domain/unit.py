"""The registry of units (机构名录): the departments, townships, parks, mediating organisations,
courts and the coordinating office of a jurisdiction, under the codes the cases name them by.

A unit is reference data kept like a case (a `Case` of kind "unit"), one aggregate per
jurisdiction and code, so that every change is sealed in the log with its actor and time and
its state as of any moment can be replayed. Its case number is its code.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.bounds import latest_due, require_day, require_moment
from domain.case import Case, require_text
from domain.clock import local_date
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode

NAMESPACE = uuid.UUID("6b1f7c9e-2d4a-4c1e-9a57-0c3e5d2b8f14")  # of units' ids
CODE_LENGTH = 32


class UnitKind(Enum):
    """What a unit is; only handling units (`HANDLING`) take appeals and are ranked."""

    DEPARTMENT = "department"  # 职能部门
    TOWNSHIP = "township"  # 乡镇（街道）
    PARK = "park"  # 园区管委会
    MEDIATING_ORGANISATION = "mediating_organisation"  # 调解组织
    COURT = "court"  # 人民法院
    COORDINATING_OFFICE = "coordinating_office"  # 营商环境办（统筹协调）


HANDLING = frozenset({UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.PARK})
MEDIATING = frozenset({UnitKind.MEDIATING_ORGANISATION, UnitKind.COURT})


class UnitStatus(Enum):
    ACTIVE = "active"  # 在用
    RETIRED = "retired"  # 已撤销


class UnitUnavailable(InvalidValue):
    """A case names a unit the registry does not have, or not as an active handling unit."""

    code = "unit_unavailable"


@dataclass(frozen=True)
class UnitTerms:
    """What the registry says of a unit: its Chinese name, short name, kind, parent unit's
    code (None at the top) and the first day it acts (None: it acted before any case)."""

    name: str
    short_name: str
    kind: UnitKind
    parent: str | None
    active_from: date | None

    def __post_init__(self) -> None:
        require_text(self.name, "name")
        require_text(self.short_name, "short name")
        if not isinstance(self.kind, UnitKind):
            raise InvalidValue(f"expected a UnitKind, got {self.kind!r}")
        if self.parent is not None:
            require_code(self.parent, "parent")
        if self.active_from is not None:
            require_day(self.active_from, "active_from")


def require_code(code: str, what: str = "code") -> str:
    """A unit's code: 1–32 lower-case ASCII letters, digits, `-` or `_`."""
    if (
        not isinstance(code, str)
        or not 0 < len(code) <= CODE_LENGTH
        or not all(c.isascii() and (c.islower() or c.isdigit() or c in "-_") for c in code)
    ):
        raise InvalidValue(
            f"a unit's {what} is 1–{CODE_LENGTH} of a–z, 0–9, '-', '_'; got {code!r}"
        )
    return code


@lru_cache(maxsize=4096)  # asked for every case handed to a unit: made once per code
def unit_id(jurisdiction: JurisdictionCode, code: str) -> UUID:
    """The one id a unit of a jurisdiction has, so it is never registered twice."""
    return uuid.uuid5(NAMESPACE, f"{jurisdiction.value}/{code}")


class UnitRegistry(Aggregate):
    """That a jurisdiction keeps a registry of units: opened with its first unit, in the same
    transaction, and never closed. From then on the units cases are handed to are checked."""

    @staticmethod
    @lru_cache(maxsize=64)
    def create_id(jurisdiction: JurisdictionCode) -> UUID:
        return uuid.uuid5(NAMESPACE, jurisdiction.value)

    @event("Opened")
    def __init__(self, jurisdiction: JurisdictionCode, actor: Actor, occurred_at: datetime) -> None:
        self.jurisdiction = jurisdiction
        self.opened_at = occurred_at


class Unit(Case):
    """A registered unit. Create one with `Unit.register(...)`."""

    kind: ClassVar[str] = "unit"

    @event("Registered")
    def __init__(
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        terms: UnitTerms,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
    ) -> None:
        self.case_number = case_number  # the code
        self.jurisdiction = jurisdiction
        self.terms = terms
        self.status = UnitStatus.ACTIVE
        self.active_to: date | None = None  # the last day it acted, once retired
        self.registered_at = occurred_at
        self.reason: str | None = None  # of the last revision or of the retirement
        self.last_occurred_at = occurred_at

    @classmethod
    def register(
        cls,
        *,
        code: str,
        jurisdiction: JurisdictionCode,
        terms: UnitTerms,
        actor: Actor,
        occurred_at: datetime,
    ) -> Unit:
        """Register (登记) a unit of `jurisdiction` under `code`."""
        if not isinstance(jurisdiction, JurisdictionCode):
            raise InvalidValue(f"expected a JurisdictionCode, got {jurisdiction!r}")
        if not isinstance(terms, UnitTerms):
            raise InvalidValue(f"expected UnitTerms, got {terms!r}")
        if terms.parent == code:
            raise InvalidValue(f"unit {code} cannot be its own parent")
        return cls(
            case_number=require_code(code),
            jurisdiction=jurisdiction,
            terms=terms,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            id=unit_id(jurisdiction, code),
        )

    @property
    def code(self) -> str:
        return self.case_number

    def organisations(self) -> frozenset[str]:
        return frozenset({self.code})

    def acts_on(self, day: date) -> bool:
        """Whether the unit acts on `day`: from its first day, up to its last if retired."""
        first = self.terms.active_from
        return (first is None or first <= day) and (self.active_to is None or day <= self.active_to)

    def require_acting(self, day: date, kinds: frozenset[UnitKind], what: str) -> None:
        """Raise `UnitUnavailable` unless the unit is of one of `kinds` and acts on `day`."""
        if self.terms.kind not in kinds:
            raise UnitUnavailable(
                f"unit {self.code} ({self.terms.name}) is a {self.terms.kind.value}, "
                f"not a {' or '.join(sorted(kind.value for kind in kinds))}: {what}"
            )
        if not self.acts_on(day):
            raise UnitUnavailable(
                f"unit {self.code} ({self.terms.name}) does not act on {day.isoformat()} "
                f"(active {self.terms.active_from or ''}–{self.active_to or ''}): {what}"
            )

    # --- 变更 / 撤销 -------------------------------------------------------------------

    def revise(self, terms: UnitTerms, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Change (变更) a unit's name, kind, parent or first day, with a reason."""
        self.require_state("revise", UnitStatus.ACTIVE)
        self.require_in_order(occurred_at)
        if not isinstance(terms, UnitTerms):
            raise InvalidValue(f"expected UnitTerms, got {terms!r}")
        if terms == self.terms:
            raise InvalidValue("a revision changes the unit's terms")
        if terms.parent == self.code:
            raise InvalidValue(f"unit {self.code} cannot be its own parent")
        self._revised(terms=terms, reason=require_text(reason, "reason"), actor=actor,
                      occurred_at=occurred_at)  # fmt: skip

    @event("Revised")
    def _revised(self, terms: UnitTerms, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.terms = terms
        self.reason = reason

    def retire(self, last_day: date, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Retire (撤销) the unit: it acts up to `last_day` and takes no case after it."""
        self.require_state("retire", UnitStatus.ACTIVE)
        self.require_in_order(occurred_at)
        require_day(last_day, "last_day")
        first = self.terms.active_from
        if first is not None and last_day < first:
            raise InvalidValue(
                f"last_day {last_day.isoformat()} precedes the unit's first day {first.isoformat()}"
            )
        if last_day > latest_due(local_date(occurred_at)):
            raise InvalidValue(f"last_day {last_day.isoformat()} lies too far ahead")
        self._retired(last_day=last_day, reason=require_text(reason, "reason"), actor=actor,
                      occurred_at=occurred_at)  # fmt: skip

    @event("Retired")
    def _retired(self, last_day: date, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = UnitStatus.RETIRED
        self.active_to = last_day
        self.reason = reason
