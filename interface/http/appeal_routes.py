"""Routes of `/api/v1/appeals`: create, one route per lifecycle step, get one, list.

Annotations here are real objects, not strings (no `from __future__ import annotations`):
the step routes are made in a loop and FastAPI reads their annotations at runtime.
"""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from application.appeal_commands import (
    AppealCommand,
    Assign,
    Close,
    Extend,
    FollowUp,
    Merge,
    NoteProgress,
    Reassign,
    Receive,
    Reject,
    Resolve,
    Return,
    Supervise,
    Withdraw,
)
from application.appeal_index import AppealFilter
from application.errors import PreconditionFailed
from domain.appeal import Appeal, AppealStatus
from infrastructure.bootstrap import Services
from interface.http.appeal_schemas import (
    AppealList,
    AppealView,
    Code,
    CreateAppealBody,
    ListedAppeal,
    command_body,
)
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.idempotency import fingerprint, once
from interface.http.problems import ERROR_RESPONSES

STEPS: tuple[type[AppealCommand], ...] = (
    Receive, Reject, Assign, Reassign, Return, NoteProgress, Extend,
    Resolve, FollowUp, Supervise, Close, Withdraw, Merge,
)  # fmt: skip

router = APIRouter(tags=["appeals 企业诉求"], responses=ERROR_RESPONSES)

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="retry-safe POST"),
]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='the ETag of the version acted on, e.g. "3"'),
]


def etag(appeal: Appeal) -> str:
    return f'"{appeal.version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names (`"3"`, `W/"3"`); None for absent or `*`."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise PreconditionFailed(f"If-Match {if_match!r} names no version of this appeal")
    return int(tag)


def appeal_response(appeal: Appeal, services: Services, status: int = 200) -> JSONResponse:
    view = AppealView.of(appeal, services.appeals.today())
    headers = {"ETag": etag(appeal)}
    if status == 201:
        headers["Location"] = f"/api/v1/appeals/{appeal.id}"
    return JSONResponse(view.model_dump(mode="json"), status_code=status, headers=headers)


@router.post("/appeals", status_code=201, response_model=AppealView, summary="登记 Submit an appeal")
def submit_appeal(
    body: CreateAppealBody,
    request: Request,
    services: ServicesDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register an appeal under the next case number of its jurisdiction and year."""

    def respond() -> JSONResponse:
        return appeal_response(services.appeals.submit(body.command(), principal), services, 201)

    return once(services.idempotency, principal, idempotency_key, fingerprint(request, body), respond)


@router.get("/appeals/{appeal_id}", response_model=AppealView, summary="An appeal's current state")
def get_appeal(appeal_id: UUID, services: ServicesDep, principal: PrincipalDep) -> Response:
    return appeal_response(services.appeals.get(appeal_id, principal), services)


@router.get("/appeals", response_model=AppealList, summary="List appeals, newest first")
def list_appeals(
    services: ServicesDep,
    principal: PrincipalDep,
    status: AppealStatus | None = None,
    department: Code | None = None,
    jurisdiction: Code | None = None,
    credit_code: Code | None = None,
    overdue: Annotated[bool, Query(description="only appeals past their deadline")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[int | None, Query(ge=1, description="`next_cursor` of the page before")] = None,
) -> AppealList:
    today = services.appeals.today()
    query = AppealFilter(
        jurisdiction=jurisdiction,
        status=status,
        department=department,
        credit_code=credit_code,
        overdue_on=today if overdue else None,
        before=cursor,
        limit=limit,
    )
    page = services.appeals.list(query, principal)
    items = [ListedAppeal(**vars(row), overdue=row.is_overdue(today)) for _, row in page.rows]
    return AppealList(items=items, next_cursor=page.next_cursor if len(items) == limit else None, log_position=page.position)


def add_step_route(command: type[AppealCommand]) -> None:
    """`POST /appeals/{id}/{action}`: apply one lifecycle step, honouring `If-Match`."""
    body_type: Any = command_body(command)

    def step(
        appeal_id: UUID,
        body: body_type,  # type: ignore[valid-type]
        request: Request,
        services: ServicesDep,
        principal: PrincipalDep,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        def respond() -> JSONResponse:
            appeal = services.appeals.execute(
                appeal_id, command(**body.model_dump()), principal, expected_version(if_match)
            )
            return appeal_response(appeal, services)

        return once(services.idempotency, principal, idempotency_key, fingerprint(request, body), respond)

    router.add_api_route(
        f"/appeals/{{appeal_id}}/{command.action}",
        step,
        methods=["POST"],
        response_model=AppealView,
        name=f"appeal_{command.action.replace('-', '_')}",
        summary=(command.__doc__ or command.action).strip().splitlines()[0],
    )


for step_command in STEPS:
    add_step_route(step_command)
