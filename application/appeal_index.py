"""The appeal list: a view of every appeal's current summary, kept from the notification log.

The view stores its rows and its tracking position in one transaction, so each event is applied
exactly once and a crash loses nothing; `catch_up` resumes from the stored position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from domain.appeal import Appeal, AppealStatus
from domain.appeal.aggregate import IN_HANDLING

from application.case_store import CaseStore


HANDLING_STATUSES = tuple(status.value for status in IN_HANDLING)


@dataclass(frozen=True)
class AppealRow:
    """One appeal as the list shows it."""

    id: UUID
    case_number: str
    jurisdiction: str
    status: str
    department: str | None
    level: str | None
    deadline: date | None
    credit_code: str
    enterprise_name: str
    channel: str
    category: str
    urgency: str
    submitted_at: datetime
    version: int

    @classmethod
    def of(cls, appeal: Appeal) -> AppealRow:
        return cls(
            id=appeal.id,
            case_number=appeal.case_number,
            jurisdiction=appeal.jurisdiction.value,
            status=appeal.status.value,
            department=appeal.department,
            level=appeal.level.value if appeal.level else None,
            deadline=appeal.deadline,
            credit_code=appeal.enterprise.credit_code.value,
            enterprise_name=appeal.enterprise.name,
            channel=appeal.channel.value,
            category=appeal.category.value,
            urgency=appeal.urgency.value,
            submitted_at=appeal.submitted_at,
            version=appeal.version,
        )

    def is_overdue(self, on: date) -> bool:
        """In handling and its deadline passed before `on` (as `Appeal.is_overdue`)."""
        return self.status in HANDLING_STATUSES and self.deadline is not None and self.deadline < on


@dataclass(frozen=True)
class AppealFilter:
    """What to list. `overdue_on` keeps appeals in handling whose deadline passed before it;
    `before` is the cursor: the `seq` of the last row of the previous page.
    """

    jurisdiction: str | None = None
    status: AppealStatus | None = None
    department: str | None = None
    credit_code: str | None = None
    overdue_on: date | None = None
    before: int | None = None
    limit: int = 50


@dataclass(frozen=True)
class AppealPage:
    rows: list[tuple[int, AppealRow]]  # (seq, row), newest first
    position: int  # the notification id the view reflects

    @property
    def next_cursor(self) -> int | None:
        return self.rows[-1][0] if self.rows else None


class AppealIndex(Protocol):
    """Storage of the appeal list; one implementation per database.

    Its tracking rows are keyed by `tracking_name`, so several views can share one tracking table.
    """

    tracking_name: str

    def position(self) -> int:
        """The id of the last notification applied (0 before the first)."""

    def apply(self, rows: Sequence[AppealRow], tracking: Tracking) -> None:
        """Upsert `rows` and record `tracking` in one transaction (IntegrityError if behind)."""

    def select(self, query: AppealFilter) -> list[tuple[int, AppealRow]]:
        """Rows matching the filter, newest first, each with its `seq`."""


APPEAL_TOPIC = get_topic(Appeal) + "."


class AppealIndexUpdater:
    """Brings an `AppealIndex` up to date with the case store's notification log."""

    def __init__(self, store: CaseStore, index: AppealIndex, batch_size: int = 500) -> None:
        self.store = store
        self.index = index
        self.batch_size = batch_size

    def catch_up(self) -> int:
        """Apply every notification not yet applied; return the position reached."""
        while True:
            position = self.index.position()
            notifications = self.store.recorder.select_notifications(
                start=position + 1, limit=self.batch_size
            )
            if not notifications:
                return position
            latest: dict[UUID, int] = {}
            for notification in notifications:
                if notification.topic.startswith(APPEAL_TOPIC):
                    latest[notification.originator_id] = notification.originator_version
            rows = [
                AppealRow.of(self.store.repository.get(appeal_id, version=version))
                for appeal_id, version in latest.items()
            ]
            try:
                self.index.apply(rows, Tracking(self.index.tracking_name, notifications[-1].id))
            except IntegrityError:
                if self.index.position() <= position:
                    raise  # not a lost race with another updater: a real fault
                # another updater applied this batch first; start again from where it got to
