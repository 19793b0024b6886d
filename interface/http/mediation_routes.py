"""Routes of `/api/v1/mediations`: register, get one, one route per step, and the list."""

from fastapi import APIRouter

from application.case_commands import Step
from application.mediation_commands import (
    ApplyConfirmation,
    ApplyEnforcement,
    AssignMediation,
    Conclude,
    DecideConfirmation,
    ExtendMediation,
    Fail,
    FailInSuit,
    FileLawsuit,
    HoldSession,
    MediateInSuit,
    RecordPerformance,
    StartCourtMediation,
    Succeed,
    WithdrawMediation,
)
from domain.mediation import MediationStatus
from interface.http.case_routes import CaseCollection
from interface.http.mediation_schemas import MediationView, RegisterDisputeBody
from interface.http.problems import ERROR_RESPONSES

STEPS: tuple[type[Step], ...] = (
    AssignMediation, ExtendMediation, HoldSession, Succeed, Fail, WithdrawMediation,
    ApplyConfirmation, DecideConfirmation, FileLawsuit, StartCourtMediation, MediateInSuit,
    FailInSuit, Conclude, RecordPerformance, ApplyEnforcement,
)  # fmt: skip

router = APIRouter(tags=["mediations 诉调对接"], responses=ERROR_RESPONSES)

MEDIATIONS = CaseCollection(
    path="mediations",
    kind="mediation",
    service=lambda services: services.mediations,
    view=MediationView.of,
    view_model=MediationView,
)
MEDIATIONS.add_create_route(
    router,
    RegisterDisputeBody,
    lambda services, body, principal: services.mediations.register(body.command(), principal),
    summary="登记 Register a dispute for mediation",
)
MEDIATIONS.add_get_route(router)
MEDIATIONS.add_step_routes(router, STEPS)
MEDIATIONS.add_list_route(
    router, MediationStatus, "organisation", "the mediating organisation, court or registrar"
)
