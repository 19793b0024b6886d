"""Document numbers (文号) of the appeals' 交办单 and 督办单, such as 督办〔2026〕12号.

Each Assigned or Reassigned event of an appeal is a 交办单, each SupervisionOrdered event a
督办单. A document's number is its rank, in log order, among the documents of its kind, its
appeal's jurisdiction and the local year of the act. The view keeps one entry per document with
its log position; the rank is counted when read. So a number is a function of the log alone:
the same after a restart or a rebuild (which `projections verify` checks, entry by entry), on
any store the log is copied to in order, and unique, since no two events share a position. A
document taken later never renumbers an earlier one: the log only grows at its end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.appeal.aggregate import Appeal
from domain.case import Case
from domain.clock import local_date

from application.histories import Histories
from application.views import View, ViewUpdater

ASSIGNMENT = "assignment"  # 交办单
SUPERVISION = "supervision"  # 督办单
# the events that issue a document, by the end of their topic, and the document's kind
ISSUING = {".Assigned": ASSIGNMENT, ".Reassigned": ASSIGNMENT, ".SupervisionOrdered": SUPERVISION}
PREFIXES = {ASSIGNMENT: "交办", SUPERVISION: "督办"}


@dataclass(frozen=True)
class DocumentEntry:
    """One document: the event (`version`) of the appeal that issued it, where it lies in the
    log (`position`), and the series it is numbered in (kind, jurisdiction, local year)."""

    case_id: UUID
    version: int
    kind: str
    jurisdiction: str
    year: int
    position: int

    @property
    def id(self) -> UUID:
        return uuid5(NAMESPACE_URL, f"yingshang:document:{self.case_id}:{self.version}")


def document_number(kind: str, year: int, number: int) -> str:
    """The number as printed: 交办〔2026〕3号."""
    return f"{PREFIXES[kind]}〔{year}〕{number}号"


class DocumentView(View[DocumentEntry], Protocol):
    """Storage of the documents; one implementation per database."""

    def numbered(self, case_id: UUID) -> list[tuple[DocumentEntry, int]]:
        """The documents of the appeal, oldest first, each with its number in its series."""


def kind_of(topic: str) -> str | None:
    """The kind of document the event of `topic` issues, if any."""
    return next((kind for end, kind in ISSUING.items() if topic.endswith(end)), None)


class DocumentNumbering(ViewUpdater[DocumentEntry]):
    """Keeps a `DocumentView` from the log: an entry per issuing event (not one row per case,
    as other views), so that each entry knows its own log position."""

    def __init__(self, store: Any, view: DocumentView, histories: Histories | None = None) -> None:
        # every appeal event is shown, so that the shared histories stay whole; entries are
        # made by `_entries`, not by a row maker
        super().__init__(store, view, {Appeal: lambda events, case: None}, histories=histories)

    def rows_after(self, notifications: Sequence[Any], position: int) -> list[DocumentEntry]:
        shown = self._shown([n for n in notifications if n.id > position])
        self.histories.extend(notification for notification, _ in shown)
        return self._entries([notification for notification, _ in shown], self.histories)

    def expected_rows(self) -> tuple[int, dict[UUID, DocumentEntry]]:
        position = self.view.position()
        histories = Histories(self.store, 0)  # read from the store: a check of its own
        entries = [
            entry
            for notifications in self.log_until(position)
            for entry in self._entries([n for n, _ in self._shown(notifications)], histories)
        ]
        return position, {entry.id: entry for entry in entries}

    def _entries(self, notifications: Sequence[Any], histories: Histories) -> list[DocumentEntry]:
        """The documents the notifications issue, made case by case from the case as the last
        of its notifications here leaves it (an appeal's jurisdiction never changes): the case
        the other views made their rows from, not replayed again for an earlier version."""
        last = {n.originator_id: n.originator_version for n in notifications}
        issued: dict[UUID, list[tuple[Any, str]]] = {}
        for notification in notifications:
            if kind := kind_of(notification.topic):
                issued.setdefault(notification.originator_id, []).append((notification, kind))
        return [
            entry
            for case_id, documents in issued.items()
            for entry in histories.made(
                case_id,
                last[case_id],
                lambda events, case, documents=documents: [
                    entry_of(events[n.originator_version - 1], case, kind, n.id)
                    for n, kind in documents
                ],
            )
        ]


def entry_of(event: Case.Event, appeal: Appeal, kind: str, position: int) -> DocumentEntry:
    """The document `event` issued, of `appeal` (as it left it, or later)."""
    return DocumentEntry(
        case_id=appeal.id,
        version=event.originator_version,
        kind=kind,
        jurisdiction=appeal.jurisdiction.value,
        year=local_date(event.occurred_at).year,  # type: ignore[attr-defined]
        position=position,
    )
