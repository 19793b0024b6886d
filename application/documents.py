"""The printable documents of an appeal (交办单, 督办单): what each says, read within the
reader's scope (the appeal service's `get`: out of scope is not found, personal data masked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.appeal.aggregate import Appeal

from application.appeal_service import AppealService
from application.consistency import ReadConsistency
from application.document_numbers import (
    PREFIXES,
    DocumentEntry,
    DocumentNumbering,
    document_number,
)
from application.errors import NotFound
from application.permissions import require_role
from application.principal import Principal
from application.unit_service import UnitService

TITLES = {kind: f"{prefix}单" for kind, prefix in PREFIXES.items()}  # 交办单, 督办单


@dataclass(frozen=True)
class Listed:
    """A document of an appeal as a list shows it."""

    kind: str
    version: int
    number: str


@dataclass(frozen=True)
class Document:
    """One 交办单 or 督办单: its number, the appeal as the act left it (masked as the reader
    sees it), and what the act said."""

    kind: str
    number: str
    version: int
    appeal: Appeal
    issued_at: datetime
    unit: str  # the department's code
    unit_name: str  # its name in the registry (the code where it is not registered)
    deadline: date
    reason: str | None  # of a reassignment (转办) or a supervision order

    @property
    def title(self) -> str:
        return TITLES[self.kind]


class DocumentService:
    """Reads the documents of appeals, numbered by a `DocumentNumbering` view."""

    def __init__(
        self,
        appeals: AppealService,
        numbering: DocumentNumbering,
        units: UnitService,
        consistency: ReadConsistency,
    ) -> None:
        self.appeals = appeals
        self.numbering = numbering
        self.units = units
        self.consistency = consistency

    def of(self, case_id: UUID, principal: Principal) -> list[Listed]:
        """The documents of the appeal, oldest first (`NotFound` outside the reader's scope)."""
        require_role(principal, "document", "read")
        self.appeals.get(case_id, principal)
        return [
            Listed(entry.kind, entry.version, document_number(entry.kind, entry.year, number))
            for entry, number in self._numbered(case_id)
        ]

    def get(
        self, case_id: UUID, kind: str, principal: Principal, version: int | None = None
    ) -> Document:
        """The appeal's latest document of `kind` (or the one its event `version` issued);
        `NotFound` if it has none such, or lies outside the reader's scope."""
        require_role(principal, "document", "read")
        self.appeals.get(case_id, principal)
        found = [
            (entry, number)
            for entry, number in self._numbered(case_id)
            if entry.kind == kind and version in (None, entry.version)
        ]
        if not found:
            which = f"第 {version} 版的" if version is not None else ""
            raise NotFound(f"诉求 {case_id} 没有{which}{TITLES.get(kind, kind)}")
        entry, number = found[-1]
        return self._document(entry, number, principal)

    def _numbered(self, case_id: UUID) -> list[tuple[DocumentEntry, int]]:
        """The appeal's documents with their numbers, once the view reflects the whole log as
        it stands (a document just issued is numbered)."""
        head = self.appeals.store.recorder.max_notification_id() or 0
        self.consistency.position(self.numbering, head)
        return self.numbering.view.numbered(case_id)  # type: ignore[attr-defined]

    def _document(self, entry: DocumentEntry, number: int, principal: Principal) -> Document:
        appeal = self.appeals.as_recorded(entry.case_id, entry.version, principal)
        event = issuing_event(self.appeals, entry)
        assert appeal.department is not None and appeal.deadline is not None
        return Document(
            kind=entry.kind,
            number=document_number(entry.kind, entry.year, number),
            version=entry.version,
            appeal=appeal,
            issued_at=event.occurred_at,
            unit=appeal.department,
            unit_name=self.units.name_of(appeal.jurisdiction, appeal.department),
            deadline=appeal.deadline,
            reason=getattr(event, "reason", None),  # an assignment (交办) gives none
        )


def issuing_event(appeals: AppealService, entry: DocumentEntry) -> Any:
    """The event of the appeal that issued the document."""
    events = appeals.store.repository.event_store.get(
        entry.case_id, gt=entry.version - 1, lte=entry.version
    )
    return next(iter(events))
