"""The registry of units (机构名录): registered, changed and retired by the admin role, read by
everyone; the names reports and lists show beside codes, and the check that a case is handed
only to a registered, active handling unit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.jurisdiction import JurisdictionCode
from domain.unit import (
    HANDLING,
    Unit,
    UnitKind,
    UnitRegistry,
    UnitTerms,
    UnitUnavailable,
    unit_id,
)

from application.case_commands import Intake, step
from application.case_index import CaseFilter, CaseRow
from application.case_service import CaseService
from application.consistency import ReadConsistency
from application.errors import VersionConflict
from application.intake_turns import attempts
from application.principal import Principal
from application.views import ViewUpdater

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class RegisterUnit(Intake):
    """登记: register a unit of a jurisdiction under its code."""

    code: str
    terms: UnitTerms


ReviseUnit = step(
    "revise", "变更: change a unit's name, kind, parent or first day, with a reason.",
    terms=UnitTerms, reason=str,
)  # fmt: skip
RetireUnit = step(
    "retire", "撤销: the unit acts up to its last day and takes no case after it.",
    last_day=date, reason=str,
)  # fmt: skip


@dataclass(frozen=True)
class Listed:
    """A unit as reports and lists name it."""

    code: str
    name: str
    short_name: str
    kind: UnitKind
    status: str

    @classmethod
    def of(cls, row: CaseRow) -> Listed:
        details = row.details
        return cls(row.case_number, details["name"], details["short_name"],
                   UnitKind(details["unit_kind"]), row.status)  # fmt: skip

    @property
    def handles(self) -> bool:
        """A handling unit (department, township, park): one that takes appeals and is ranked."""
        return self.kind in HANDLING


def unit_directory(
    index: ViewUpdater[CaseRow], consistency: ReadConsistency, jurisdiction: str
) -> dict[str, Listed]:
    """Every unit the jurisdiction has registered, by code, as the case list shows them
    (empty where it keeps no registry)."""
    consistency.position(index, None)
    query = CaseFilter(kind=Unit.kind, jurisdiction=jurisdiction, limit=None)
    return {row.case_number: Listed.of(row) for _, row in index.view.select(query)}


class UnitService(CaseService[Unit]):
    """The units of each jurisdiction; `context` is unused."""

    case_class = Unit
    prefix = "JG"  # 机构 (a unit's case number is its code; no series is issued)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo = threading.local()

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """Within the block, this thread reads each unit, and whether a jurisdiction keeps a
        registry, once: for a bulk import's thousands of handovers (a unit registered or
        revised meanwhile is seen after the block)."""
        self._memo.found = {}
        try:
            yield
        finally:
            del self._memo.found

    def _remembered(self, key: UUID, read: Callable[[UUID], T]) -> T:
        memo = getattr(self._memo, "found", None)
        if memo is None:
            return read(key)
        if key not in memo:
            memo[key] = read(key)
        return memo[key]

    def register(self, command: RegisterUnit, principal: Principal) -> Unit:
        """Register (登记) a unit; its code is unique in its jurisdiction (`VersionConflict`).
        The jurisdiction's first unit opens its registry, in the same transaction."""
        self.require_intake(command, principal)
        at = self.occurred_at(command.occurred_at)
        for _ in attempts(self.intake_patience):
            unit = Unit.register(code=command.code, jurisdiction=command.jurisdiction,
                                 terms=command.terms, actor=principal.actor, occurred_at=at)  # fmt: skip
            opened = self._registry(command.jurisdiction, principal, at)
            try:
                self.store.save(*opened, unit)
                return unit
            except IntegrityError:
                if unit.id in self.store.repository:
                    raise VersionConflict(
                        f"unit {command.code} of {command.jurisdiction} is registered already"
                    ) from None  # else another unit opened the registry first: try again
        raise VersionConflict("too many concurrent registrations; try again")

    def _registry(
        self, jurisdiction: JurisdictionCode, principal: Principal, at: datetime
    ) -> list[UnitRegistry]:
        """The registry to open with a unit: none if the jurisdiction keeps one already."""
        if UnitRegistry.create_id(jurisdiction) in self.store.repository:
            return []
        return [UnitRegistry(jurisdiction, principal.actor, at)]

    def directory(self, jurisdiction: str) -> dict[str, Listed]:
        """Every unit the jurisdiction has registered, by code (see `unit_directory`)."""
        return unit_directory(self.index, self.consistency, jurisdiction)

    def names(self, jurisdiction: str) -> dict[str, str]:
        """The name of each registered unit of the jurisdiction, by code."""
        return {code: unit.name for code, unit in self.directory(jurisdiction).items()}

    def name_of(self, jurisdiction: JurisdictionCode, code: str) -> str:
        """The name of the jurisdiction's unit `code` in the registry (the code itself where
        it is not registered): one unit loaded, no list read."""
        unit = self.store.find(unit_id(jurisdiction, code), Unit)
        return unit.terms.name if unit is not None else code

    def require_unit(
        self,
        jurisdiction: JurisdictionCode,
        code: str,
        day: date,
        kinds: frozenset[UnitKind],
        what: str,
    ) -> None:
        """Raise `UnitUnavailable` unless `code` is a unit of the jurisdiction, of one of
        `kinds`, acting on `day`. A jurisdiction that registers no unit keeps no registry: any
        code goes."""
        unit = self._remembered(unit_id(jurisdiction, code), lambda key: self.store.find(key, Unit))
        if unit is not None:
            unit.require_acting(day, kinds, what)
        elif self._remembered(UnitRegistry.create_id(jurisdiction), self.store.exists):
            raise UnitUnavailable(f"unit {code} is not in the registry of {jurisdiction}: {what}")
