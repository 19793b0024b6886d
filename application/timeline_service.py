"""An enterprise's timeline: every event of every case that concerns it, across the four kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.case_index import CaseFilter, CaseRow
from application.views import ViewUpdater
from application.activity import ActivityView, CaseActivity
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
    """Reads timelines within the caller's scope, case kind by case kind, from the case list
    (which cases) and the activity view (their events: one query, not one per case)."""

    def __init__(
        self,
        index: ViewUpdater[CaseRow],
        activity: ViewUpdater[CaseActivity],
        consistency: ReadConsistency | None = None,
    ) -> None:
        self.index = index
        self.activity = activity
        self.consistency = consistency or ReadConsistency()

    def enterprise(
        self, principal: Principal, credit_code: str, min_position: int | None = None
    ) -> tuple[list[TimelineEntry], int]:
        """Every event of the cases concerning the enterprise that the principal may see, oldest
        first, with the log position both views reflected (at least `min_position`).
        """
        require_role(principal, "timeline", "read")
        position = min(
            self.consistency.position(self.index, min_position),
            self.consistency.position(self.activity, min_position),
        )
        cases: dict[UUID, str] = {}
        for kind in CASE_KINDS:
            query = scoped_filter(CaseFilter(kind=kind, credit_code=credit_code, limit=None), principal)
            cases |= {row.id: row.case_number for _, row in self.index.view.select(query)}
        view: ActivityView = self.activity.view  # type: ignore[assignment]
        entries = [
            TimelineEntry(
                occurred_at=act.occurred_at, kind=act.kind, case_id=act.case_id,
                case_number=cases[act.case_id], version=act.version, event=act.event,
                actor_id=act.actor_id, actor_role=act.actor_role, actor_org=act.actor_org,
            )  # fmt: skip
            for act in view.acts_of(list(cases))
            if act.kind in CASE_KINDS  # not an audit read of one of them
        ]
        return sorted(entries, key=lambda entry: (entry.occurred_at, entry.case_number, entry.version)), position
