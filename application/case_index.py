"""The case list: one row per case of every kind, kept from the notification log.

The view stores its rows and its tracking position in one transaction, so each event is applied
exactly once and a crash loses nothing; `catch_up` resumes from the stored position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from domain.case import Case

from application.case_store import CaseStore


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
    """What to list. `kind` is set by the service of that kind; `overdue_on` keeps cases whose
    binding deadline passed before it; `before` is the cursor: the `seq` of the last row of the
    previous page.
    """

    kind: str = ""
    jurisdiction: str | None = None
    status: str | None = None
    organisation: str | None = None
    credit_code: str | None = None
    overdue_on: date | None = None
    before: int | None = None
    limit: int | None = 50  # None: every matching row (for reports)


@dataclass(frozen=True)
class CasePage:
    rows: list[tuple[int, CaseRow]]  # (seq, row), newest first
    position: int  # the notification id the view reflects

    @property
    def next_cursor(self) -> int | None:
        return self.rows[-1][0] if self.rows else None


class CaseIndex(Protocol):
    """Storage of the case list; one implementation per database.

    Its tracking rows are keyed by `tracking_name`, so several views can share one tracking table.
    """

    tracking_name: str

    def position(self) -> int:
        """The id of the last notification applied (0 before the first)."""

    def apply(self, rows: Sequence[CaseRow], tracking: Tracking) -> None:
        """Upsert `rows` and record `tracking` in one transaction (IntegrityError if behind)."""

    def select(self, query: CaseFilter) -> list[tuple[int, CaseRow]]:
        """Rows matching the filter, newest first, each with its `seq`."""

    def all_rows(self) -> dict[UUID, CaseRow]:
        """Every row, by case id."""

    def clear(self) -> None:
        """Delete every row and the tracking position, in one transaction (before a rebuild)."""


RowOf = Callable[[Any], CaseRow]


class CaseIndexUpdater:
    """Brings a `CaseIndex` up to date with the case store's notification log.

    `rows` maps each listed case class to the function that makes its row; events of other
    aggregates (such as case-number sequences) only advance the position.
    """

    def __init__(
        self,
        store: CaseStore,
        index: CaseIndex,
        rows: Mapping[type[Case], RowOf],
        batch_size: int = 500,
    ) -> None:
        self.store = store
        self.index = index
        self.rows = {get_topic(cls) + ".": row_of for cls, row_of in rows.items()}
        self.batch_size = batch_size

    def catch_up(self) -> int:
        """Apply every notification not yet applied; return the position reached."""
        while True:
            position = self.index.position()
            reached = self._apply_next_batch(position)
            if reached == position:
                return position

    def _apply_next_batch(self, position: int) -> int:
        """Apply the batch after `position` with its tracking, in one transaction; the
        position reached (unchanged when there is nothing to apply).
        """
        notifications = self.store.recorder.select_notifications(
            start=position + 1, limit=self.batch_size
        )
        if not notifications:
            return position
        rows = self._rows(self._latest(notifications))
        try:
            self.index.apply(rows, Tracking(self.index.tracking_name, notifications[-1].id))
        except IntegrityError:
            if self.index.position() <= position:
                raise  # not a lost race with another updater: a real fault
            return self.index.position()  # another updater applied this batch first
        return notifications[-1].id

    def _latest(self, notifications: Sequence[Any]) -> dict[UUID, tuple[int, RowOf]]:
        """The last version of each listed case among the notifications."""
        latest: dict[UUID, tuple[int, RowOf]] = {}
        for notification in notifications:
            row_of = self._row_of(notification.topic)
            if row_of is not None:
                latest[notification.originator_id] = (notification.originator_version, row_of)
        return latest

    def _rows(self, latest: dict[UUID, tuple[int, RowOf]]) -> list[CaseRow]:
        return [
            row_of(self.store.repository.get(case_id, version=version))
            for case_id, (version, row_of) in latest.items()
        ]

    def rebuild(self, progress: Callable[[int, int], None] = lambda done, total: None) -> int:
        """Empty the view and apply the whole log again; `progress(position, head)` is told as
        it goes. Returns the position reached.
        """
        self.index.clear()
        head = self.store.recorder.max_notification_id() or 0
        position = 0
        while position < head:
            position = self._apply_next_batch(self.index.position())
            progress(position, head)
        return self.catch_up()

    def expected_rows(self) -> tuple[int, dict[UUID, CaseRow]]:
        """The rows a rebuild would make up to the view's current position, computed in memory
        from the events alone, with that position: to check the live view against.
        """
        position = self.index.position()
        latest: dict[UUID, tuple[int, RowOf]] = {}
        start = 1
        while start <= position:
            notifications = self.store.recorder.select_notifications(
                start=start, limit=self.batch_size, stop=position
            )
            if not notifications:
                break
            latest |= self._latest(notifications)
            start = notifications[-1].id + 1
        return position, {row.id: row for row in self._rows(latest)}

    def differences(self) -> list[str]:
        """How the live view differs from a rebuild from the events (empty when they agree)."""
        _, expected = self.expected_rows()
        live = self.index.all_rows()
        missing = [f"missing {case_id}" for case_id in expected.keys() - live.keys()]
        extra = [f"unexpected {case_id}" for case_id in live.keys() - expected.keys()]
        changed = [
            f"differs {case_id}: live {live[case_id]} != rebuilt {expected[case_id]}"
            for case_id in expected.keys() & live.keys()
            if live[case_id] != expected[case_id]
        ]
        return missing + extra + changed

    def _row_of(self, topic: str) -> RowOf | None:
        for prefix, row_of in self.rows.items():
            if topic.startswith(prefix):
                return row_of
        return None
