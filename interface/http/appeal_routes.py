"""Routes of `/api/v1/appeals`: create, get one, one route per lifecycle step, and the list."""

from typing import Annotated

from fastapi import APIRouter, Query

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
from domain.appeal import AppealStatus
from interface.http.appeal_schemas import (
    AppealList,
    AppealView,
    CreateAppealBody,
    ListedAppeal,
)
from interface.http.case_routes import CaseCollection
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import Code
from interface.http.problems import ERROR_RESPONSES

STEPS: tuple[type[AppealCommand], ...] = (
    Receive, Reject, Assign, Reassign, Return, NoteProgress, Extend,
    Resolve, FollowUp, Supervise, Close, Withdraw, Merge,
)  # fmt: skip

router = APIRouter(tags=["appeals 企业诉求"], responses=ERROR_RESPONSES)

APPEALS = CaseCollection(
    path="appeals",
    service=lambda services: services.appeals,
    view=AppealView.of,
    view_model=AppealView,
)
APPEALS.add_create_route(
    router,
    CreateAppealBody,
    lambda services, body, principal: services.appeals.submit(body.command(), principal),
    summary="登记 Submit an appeal",
)
APPEALS.add_get_route(router)
APPEALS.add_step_routes(router, STEPS)


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
