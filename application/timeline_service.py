"""An enterprise's timeline: every event of every case that concerns it, across the four kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.bounds import require_serial

from application.case_index import CaseFilter, CaseRow
from application.views import ViewUpdater
from application.activity import Act, ActivityView, CaseActivity, parse_cursor, require_place
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


@dataclass(frozen=True)
class TimelinePage:
    """A page of a timeline, the log position it reflects, and where the next page starts
    (None on the last)."""

    entries: list[TimelineEntry]
    log_position: int
    next_cursor: str | None


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

    def enterprise(  # noqa: PLR0913 - the page asked for, and the position to reflect
        self,
        principal: Principal,
        credit_code: str,
        min_position: int | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> TimelinePage:
        """The events of the cases concerning the enterprise that the principal may see, oldest
        first (by moment, then case id and version): those after `cursor` (a page's
        `next_cursor`), at most `limit` of them, or all; with the log position both views
        reflected (at least `min_position`)."""
        require_role(principal, "timeline", "read")
        after = require_place(parse_cursor(cursor)) if cursor is not None else None
        if limit is not None:
            require_serial(limit, "limit")
        position = min(
            self.consistency.position(self.index, min_position),
            self.consistency.position(self.activity, min_position),
        )
        cases: dict[UUID, str] = {}
        for kind in CASE_KINDS:
            query = scoped_filter(CaseFilter(kind=kind, credit_code=credit_code, limit=None), principal)
            cases |= self.index.view.numbers(query)  # type: ignore[attr-defined]
        view: ActivityView = self.activity.view  # type: ignore[assignment]
        # one more than a page: is there more? (an audit read is an act of its own, not the case's)
        acts = view.acts_of(list(cases), after, None if limit is None else limit + 1)
        page = acts if limit is None else acts[:limit]
        more = limit is not None and len(acts) > limit
        return TimelinePage([entry_of(act, cases) for act in page], position,
                            page[-1].cursor if more else None)  # fmt: skip


def entry_of(act: Act, cases: dict[UUID, str]) -> TimelineEntry:
    return TimelineEntry(
        occurred_at=act.occurred_at, kind=act.kind, case_id=act.case_id,
        case_number=cases[act.case_id], version=act.version, event=act.event,
        actor_id=act.actor_id, actor_role=act.actor_role, actor_org=act.actor_org,
    )  # fmt: skip
