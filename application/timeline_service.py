"""An enterprise's timeline: every event of every case that concerns it, across the four kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.case_index import CaseFilter, CaseRow
from application.views import ViewUpdater
from application.case_store import CaseStore
from application.consistency import ReadConsistency
from application.permissions import require_role, scoped_filter
from application.principal import Principal

CASE_KINDS = ("appeal", "inspection", "mediation", "policy_claim")


@dataclass(frozen=True)
class TimelineEntry:
    """One event: when it happened, on which case, what it was and who did it."""

    occurred_at: datetime
    kind: str
    case_id: UUID
    case_number: str
    version: int
    event: str
    actor_id: str
    actor_role: str
    actor_org: str


class TimelineService:
    """Reads timelines within the caller's scope, case kind by case kind."""

    def __init__(
        self,
        store: CaseStore,
        index: ViewUpdater[CaseRow],
        consistency: ReadConsistency | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.consistency = consistency or ReadConsistency()

    def enterprise(
        self, principal: Principal, credit_code: str, min_position: int | None = None
    ) -> tuple[list[TimelineEntry], int]:
        """Every event of the cases concerning the enterprise that the principal may see, oldest
        first, with the log position the case list reflected (at least `min_position`).
        """
        require_role(principal, "timeline", "read")
        position = self.consistency.position(self.index, min_position)
        entries: list[TimelineEntry] = []
        for kind in CASE_KINDS:
            query = scoped_filter(CaseFilter(kind=kind, credit_code=credit_code, limit=None), principal)
            for _, row in self.index.view.select(query):
                entries += [
                    TimelineEntry(
                        occurred_at=event.occurred_at,
                        kind=kind,
                        case_id=row.id,
                        case_number=row.case_number,
                        version=event.originator_version,
                        event=type(event).__name__,
                        actor_id=event.actor.id,
                        actor_role=event.actor.role.value,
                        actor_org=event.actor.org,
                    )
                    for event in self.store.events.get(row.id)
                ]
        return sorted(entries, key=lambda entry: (entry.occurred_at, entry.case_number, entry.version)), position
