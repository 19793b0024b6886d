"""Routes of `/api/v1/appeals`: create, get one, one route per lifecycle step, and the list."""

from fastapi import APIRouter

from application.appeal_commands import (
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
from application.case_commands import Step
from domain.appeal import AppealStatus
from interface.http.appeal_schemas import AppealView, CreateAppealBody
from interface.http.case_routes import CaseCollection
from interface.http.problems import ERROR_RESPONSES

STEPS: tuple[type[Step], ...] = (
    Receive, Reject, Assign, Reassign, Return, NoteProgress, Extend,
    Resolve, FollowUp, Supervise, Close, Withdraw, Merge,
)  # fmt: skip

router = APIRouter(tags=["appeals 企业诉求"], responses=ERROR_RESPONSES)

APPEALS = CaseCollection(
    path="appeals",
    kind="appeal",
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
APPEALS.add_list_route(
    router, AppealStatus, "department", "the department the appeal is assigned to (承办单位)"
)
