"""The case list: one row per case of every kind, kept from the notification log by a
`ViewUpdater`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.case import Case

from application.views import View


@dataclass(frozen=True)
class CaseRow:
    """One case as lists show it. `organisations` act on it now, `credit_codes` are the
    enterprises it concerns; `details` holds the few fields its kind adds to a list.
    """

    id: UUID
    kind: str
    case_number: str
    jurisdiction: str
    status: str
    organisations: tuple[str, ...]
    credit_codes: tuple[str, ...]
    enterprise_name: str
    deadline: date | None
    deadline_running: bool  # the deadline binds now (e.g. an appeal in handling)
    opened_at: datetime
    version: int
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, case: Case, **fields: Any) -> CaseRow:
        """A row from what every case tells, plus the kind-specific `fields`."""
        return cls(
            id=case.id,
            kind=case.kind,
            case_number=case.case_number,
            jurisdiction=case.jurisdiction.value,
            status=case.status.value,
            organisations=tuple(sorted(case.organisations())),
            credit_codes=tuple(sorted(case.credit_codes())),
            version=case.version,
            **fields,
        )

    def is_overdue(self, on: date) -> bool:
        """The deadline binds and passed before `on`."""
        return self.deadline_running and self.deadline is not None and self.deadline < on


@dataclass(frozen=True)
class CaseFilter:
    """What to list. `kind` is set by the service of that kind; `mode` keeps the policies or
    claims of that mode (兑现方式); `overdue_on` keeps cases whose binding deadline passed before
    it; `before` is the cursor: the `seq` of the last row of the previous page.
    """

    kind: str = ""
    jurisdiction: str | None = None
    status: str | None = None
    mode: str | None = None
    organisation: str | None = None
    credit_code: str | None = None
    overdue_on: date | None = None
    due_from: date | None = None  # a binding deadline on or after this day …
    due_by: date | None = None  # … and on or before this one
    satisfaction: str | None = None  # an appeal's latest follow-up (回访) satisfaction
    received_from: date | None = None  # an appeal received (受理) on or after this day …
    received_before: date | None = None  # … and before this one (a report's cohort)
    before: int | None = None
    limit: int | None = 50  # None: every matching row (for reports)


@dataclass(frozen=True)
class CasePage:
    rows: list[tuple[int, CaseRow]]  # (seq, row), newest first
    position: int  # the notification id the view reflects

    @property
    def next_cursor(self) -> int | None:
        return self.rows[-1][0] if self.rows else None


class CaseIndex(View[CaseRow], Protocol):
    """Storage of the case list; one implementation per database."""

    def select(self, query: CaseFilter) -> list[tuple[int, CaseRow]]:
        """Rows matching the filter, newest first, each with its `seq`."""

    def count(self, query: CaseFilter) -> int:
        """How many rows match the filter (its `before` and `limit` aside)."""

    def numbers(self, query: CaseFilter) -> dict[UUID, str]:
        """The case number of each case matching the filter (its `before` and `limit` aside),
        by case id: what a reader of many cases' events needs of them, without their rows."""
