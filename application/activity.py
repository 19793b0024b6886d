"""The activity view: every act of every actor on every case, and every audit read, so that an
auditor can ask what one person or one office did in a window.

Its row for a case (or an audit read) holds one `Act` per event; the tables store one line per act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.appeal import Appeal
from domain.account import Account
from domain.audit_read import AuditRead
from domain.calendar_year import CalendarYear
from domain.bounds import require_moment, require_serial
from domain.errors import InvalidValue
from domain.import_run import ImportRun
from domain.inspection import InspectionVisit
from domain.mediation import MediationCase
from domain.policy_claim import Policy, PolicyClaim
from domain.sign_in import SignInAttempt
from domain.unit import Unit

from application.replay import recorded_at
from application.views import RowMaker, View


@dataclass(frozen=True)
class Act:
    """One event: on which case, by whom, when it happened and when it was recorded."""

    case_id: UUID
    version: int
    kind: str
    case_number: str | None
    jurisdiction: str | None  # None: a read of the whole store from the command line
    event: str
    actor_id: str
    actor_role: str
    actor_org: str
    occurred_at: datetime
    recorded_at: datetime
    detail: str = ""  # what an audit read read
    import_id: str | None = None  # the bulk import that entered the act, if one did

    @property
    def cursor(self) -> str:
        """Where a page that ends with this act ends (pass as `after` for the next)."""
        return f"{self.occurred_at.isoformat()}|{self.case_id}|{self.version}"


@dataclass(frozen=True)
class CaseActivity:
    """The view's row for one case or audit read: its acts, by version."""

    id: UUID
    acts: tuple[Act, ...]


def activity_of(events: Sequence[Any], aggregate: Aggregate) -> CaseActivity:
    """The acts of one aggregate, from its events and the aggregate as they leave it."""
    jurisdiction = getattr(aggregate, "jurisdiction", None)
    detail = _detail(aggregate)
    acts = tuple(
        Act(
            case_id=event.originator_id,
            version=event.originator_version,
            kind=aggregate.kind,
            case_number=getattr(aggregate, "case_number", None),
            jurisdiction=str(jurisdiction) if jurisdiction else None,
            event=type(event).__name__,
            actor_id=event.actor.id,
            actor_role=event.actor.role.value,
            actor_org=event.actor.org,
            occurred_at=event.occurred_at,
            recorded_at=recorded_at(event),
            detail=detail,
            import_id=event.actor.source.import_id if event.actor.source else None,
        )
        for event in events
    )
    return CaseActivity(aggregate.id, acts)


def _detail(aggregate: Aggregate) -> str:
    if isinstance(aggregate, AuditRead):
        return f"{aggregate.action.value} {aggregate.target}"
    if isinstance(aggregate, SignInAttempt):
        return f"{aggregate.outcome.value} {aggregate.address}"
    if isinstance(aggregate, ImportRun):
        return f"{aggregate.case_kind} {aggregate.file_name} {aggregate.digest}"
    return ""


ACTIVITY_ROWS: dict[type[Aggregate], RowMaker] = {
    kind: activity_of
    for kind in (
        Appeal, InspectionVisit, MediationCase, Policy, PolicyClaim, Unit, CalendarYear, AuditRead,
        Account, SignInAttempt,
        ImportRun,
    )
}


@dataclass(frozen=True)
class ActivityQuery:
    """Which acts to list: in a jurisdiction (and the store-wide reads), optionally by one actor,
    one office, one kind or one import (or only those an import entered, `imported`, or only
    those it did not), with `occurred_at` in [start, end), after a cursor, oldest first."""

    jurisdiction: str
    actor: str | None = None
    org: str | None = None
    kind: str | None = None
    import_id: str | None = None
    imported: bool | None = None
    start: datetime | None = None
    end: datetime | None = None
    after: tuple[datetime, UUID, int] | None = None
    limit: int = 100


def parse_cursor(text: str) -> tuple[datetime, UUID, int]:
    """The (occurred_at, case id, version) a cursor from `Act.cursor` names."""
    try:
        moment, case_id, version = text.split("|")
        parsed = datetime.fromisoformat(moment), UUID(case_id), int(version)
    except ValueError:
        raise InvalidValue(f"cursor {text[:80]!r} is not one this service gave") from None
    if parsed[0].utcoffset() is None:
        raise InvalidValue(f"cursor {text[:80]!r} is not one this service gave")
    return parsed


def require_place(after: tuple[datetime, UUID, int]) -> tuple[datetime, UUID, int]:
    """A cursor's place (from `parse_cursor`, or given by an embedding caller), if its moment
    and version lie in the ranges the service keeps."""
    require_moment(after[0], "cursor")
    require_serial(after[2], "cursor")
    return after


class ActivityView(View[CaseActivity], Protocol):
    """The activity view's storage, one implementation per database."""

    def select(self, query: ActivityQuery) -> list[Act]:
        """The acts the query names, oldest first (by occurred_at, case id, version)."""

    def acts_of(
        self,
        case_ids: Sequence[UUID],
        after: tuple[datetime, UUID, int] | None = None,
        limit: int | None = None,
    ) -> list[Act]:
        """The acts on these cases, oldest first (by occurred_at, case id, version): those
        after `after`, at most `limit` of them, or all."""
