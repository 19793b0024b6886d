"""`/api/v1/audit/…`: replays, activity, the audit read log and the log's integrity (纪委监委)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from application.activity import ActivityQuery, parse_cursor
from application.audit_service import ActivityEntry, ReplayedEvent
from application.case_service import CaseService
from application.principal import Principal
from application.seal_check import PROBLEMS, Failure, Verdict
from application.seals import Checkpoint, preferred_hash
from application.vocabulary import CASE_KIND, VOCABULARIES
from domain.audit_read import AuditRead
from domain.bounds import MAX_SERIAL
from domain.case import Case
from infrastructure.bootstrap import Services
from interface.http.appeal_routes import APPEALS
from interface.http.consistency import ReadAt, ReadAtDep
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import Moment
from interface.http.permits import guarded
from interface.http.inspection_routes import INSPECTIONS
from interface.http.mediation_routes import MEDIATIONS
from interface.http.policy_claim_routes import CLAIMS, POLICIES
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES
from interface.http.tables import TABLE_RESPONSES, Column, TableFormat, table_response
from interface.http.unit_routes import UNITS

router = APIRouter(prefix="/audit", tags=["audit 审计"], responses=ERROR_RESPONSES)

CASE_COLLECTIONS = {
    c.path: c for c in (APPEALS, INSPECTIONS, MEDIATIONS, POLICIES, CLAIMS, UNITS)
}
# what the replay routes read, by collection: the cases, and the reference data kept like them
SERVICES: dict[str, Callable[[Services], CaseService[Any]]] = {
    path: collection.service for path, collection in CASE_COLLECTIONS.items()
} | {"calendars": lambda services: services.calendars, "accounts": lambda services: services.accounts}
Collection = Literal[
    "appeals", "inspections", "mediations", "policies", "policy-claims", "units", "calendars",
    "accounts",
]
Kind = Literal[
    "appeal", "inspection", "mediation", "policy", "policy_claim", "unit", "calendar", "audit_read",
    "account", "sign_in",
    "import",
]
ACTIVITY_COLUMNS: list[Column] = [
    ("occurred_at", "发生时间"),
    ("recorded_at", "记录时间"),
    ("imported", "导入"),
    ("backdated", "补录"),
    ("actor_id", "操作人"),
    ("actor_role", "角色", VOCABULARIES["role"]),
    ("actor_org", "单位"),
    ("kind", "类型", CASE_KIND),
    ("case_number", "案件编号"),
    ("event", "事件"),
    ("version", "版本"),
    ("detail", "查阅内容"),
    ("jurisdiction", "行政区划"),
    ("case_id", "编号"),
    ("import_id", "导入编号"),
]
MomentQuery = Annotated[
    Moment | None, Query(description="with its offset, e.g. 2026-03-31T18:00:00+08:00")
]


def case_class(services: Services, collection: str) -> type[Case]:
    """The aggregate class of a collection, as its own service names it."""
    return SERVICES[collection](services).case_class


class ReplayView(BaseModel):
    """Every event of the case in order: who, when it happened and when it was recorded, what
    it said, what it changed, and its seal."""

    case_id: UUID
    kind: str
    case_number: str
    backdating_threshold_hours: float = Field(
        description="events recorded later than this flag `backdated`"
    )
    events: list[ReplayedEvent]


class StateView(BaseModel):
    """The case as it stood after `version`, recorded at `recorded_at`."""

    case_id: UUID
    kind: str
    version: int
    recorded_at: datetime
    state: dict[str, Any]


class ActivityView(BaseModel):
    jurisdiction: str
    log_position: int = Field(description="the event-log position the activity view reflects")
    backdating_threshold_hours: float
    items: list[ActivityEntry]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page")


class CheckpointView(BaseModel):
    position: int
    digest: str
    checkpoint: str = Field(description="`position:digest`, to record and pass to verify later")

    @classmethod
    def of(cls, mark: Checkpoint) -> CheckpointView:
        return cls(position=mark.position, digest=mark.digest, checkpoint=str(mark))


class VerifyView(BaseModel):
    """Whether every stored event still matches its seal and the chains hold."""

    holds: bool
    checked: int = Field(description="events rechecked")
    head: CheckpointView = Field(description="where the rechecked chain ends")
    hash: str = Field(description="the hash new seals are made with")
    failure: Failure | None = Field(description="the first event that fails, and why")
    checkpoint: str | None = Field(description="the recorded checkpoint the log was compared with")
    signed_checkpoints: int = Field(description="how many checkpoints the service signed the log was compared with")
    problems: dict[str, str] = Field(description="every failure's `problem` and what it means")

    @classmethod
    def of(cls, verdict: Verdict) -> VerifyView:
        return cls(
            holds=verdict.holds, checked=verdict.checked, head=CheckpointView.of(verdict.head),
            hash=preferred_hash(), failure=verdict.failure,
            checkpoint=str(verdict.checkpoint) if verdict.checkpoint else None,
            signed_checkpoints=verdict.signed, problems=PROBLEMS,
        )  # fmt: skip


@router.get(
    "/{collection}/{case_id}/events",
    **guarded("audit", "read"),
    response_model=ReplayView,
    summary="案件事件回放 Replay",
)
def replay_events(
    collection: Collection, case_id: UUID, services: ServicesDep, principal: PrincipalDep
) -> ReplayView:
    replay = services.audit.events(principal, case_class(services, collection), case_id)
    return ReplayView(
        case_id=replay.case_id, kind=replay.kind, case_number=replay.case_number,
        backdating_threshold_hours=replay.backdating_threshold.total_seconds() / 3600,
        events=replay.events,
    )  # fmt: skip


@router.get(
    "/{collection}/{case_id}/state",
    **guarded("audit", "read"),
    response_model=StateView,
    summary="某版本/某时点的案件状态",
)
def case_state(  # noqa: PLR0913 - the route's documented parameters
    collection: Collection,
    case_id: UUID,
    services: ServicesDep,
    principal: PrincipalDep,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_SERIAL, description="the state after this version")
    ] = None,
    as_of: MomentQuery = None,
) -> StateView:
    found = services.audit.state(
        principal, case_class(services, collection), case_id, version, as_of
    )
    return StateView(**vars(found))


@dataclass
class Window:
    """The parameters every activity listing takes: a window, a page and a format."""

    start: Annotated[MomentQuery, Query(alias="from")] = None
    to: MomentQuery = None
    limit: Annotated[int, Query(ge=1, le=1000)] = 100
    cursor: Annotated[str | None, Query(max_length=200)] = None
    format: TableFormat = "json"

    def query(self, principal: Principal, **filters: str | bool | None) -> ActivityQuery:
        return ActivityQuery(
            jurisdiction=principal.jurisdiction.value, start=self.start, end=self.to,
            after=parse_cursor(self.cursor) if self.cursor else None, limit=self.limit, **filters,
        )  # fmt: skip


WindowDep = Annotated[Window, Depends()]


@router.get(
    "/activity",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("audit", "read"),
    response_model=ActivityView,
    summary="操作记录 Activity",
)
def activity(  # noqa: PLR0913 - the documented filters
    services: ServicesDep,
    principal: PrincipalDep,
    window: WindowDep,
    read: ReadAtDep,
    actor: Annotated[str | None, Query(max_length=200, description="an actor id")] = None,
    org: Annotated[str | None, Query(max_length=100, description="an office code")] = None,
    kind: Kind | None = None,
    import_id: Annotated[
        UUID | None, Query(description="only the acts this bulk import entered")
    ] = None,
    imported: Annotated[
        bool | None,
        Query(description="true: only acts a bulk import entered; false: only those entered live"),
    ] = None,
) -> Any:
    """What an actor or an office did with `occurred_at` in [from, to), oldest first, in the
    caller's jurisdiction; `kind=audit_read` lists the audit read log. An act a bulk import
    entered is flagged `imported` (with its `import_id`), never `backdated`."""
    query = window.query(
        principal, actor=actor, org=org, kind=kind,
        import_id=str(import_id) if import_id else None, imported=imported,
    )  # fmt: skip
    return _activity(services, principal, query, window.format, read)


@router.get(
    "/reads",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("audit", "read"),
    response_model=ActivityView,
    summary="审计查阅记录 Audit reads",
)
def audit_reads(
    services: ServicesDep,
    principal: PrincipalDep,
    window: WindowDep,
    read: ReadAtDep,
    actor: Annotated[str | None, Query(max_length=200, description="who read")] = None,
) -> Any:
    """Who replayed, verified or exported what, and when: the append-only audit read log."""
    return _activity(
        services,
        principal,
        window.query(principal, actor=actor, kind=AuditRead.kind),
        window.format,
        read,
    )


def _activity(
    services: Services, principal: Principal, query: ActivityQuery, fmt: str, read: ReadAt
) -> Any:
    entries, position = services.audit.activity(principal, query, read.min_position)
    read.reflects(position)
    if fmt != "json":
        name = f"操作记录-{principal.jurisdiction}-{position}"
        table = table_response(ACTIVITY_COLUMNS, [vars(entry) for entry in entries], fmt, name)
        return read.answer(table, position)
    return ActivityView(
        jurisdiction=principal.jurisdiction.value, log_position=position,
        backdating_threshold_hours=services.audit.backdating.total_seconds() / 3600, items=entries,
        next_cursor=entries[-1].cursor if len(entries) == query.limit else None,
    )  # fmt: skip


@router.get(
    "/verify",
    **guarded("audit", "verify"),
    response_model=VerifyView,
    summary="校验事件日志 Verify the log",
)
def verify(
    services: ServicesDep,
    principal: PrincipalDep,
    checkpoint: Annotated[
        str | None,
        Query(max_length=200, description="a recorded `position:digest` the log must extend"),
    ] = None,
) -> VerifyView:
    mark = Checkpoint.parse(checkpoint) if checkpoint else None
    return VerifyView.of(services.audit.verify(principal, mark))


@router.get(
    "/checkpoint",
    **guarded("audit", "verify"),
    response_model=CheckpointView,
    summary="日志摘要 The log's head digest",
)
def checkpoint(services: ServicesDep, principal: PrincipalDep) -> CheckpointView:
    return CheckpointView.of(services.audit.checkpoint(principal))
