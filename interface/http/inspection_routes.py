"""Routes of `/api/v1/inspections`: register, get one, one route per step, and the list."""

from fastapi import APIRouter

from application.case_commands import Step
from application.inspection_commands import (
    Cancel,
    CloseVisit,
    CollectDemands,
    Enter,
    PublishResults,
    Rate,
    RecordFindings,
    ReportMisconduct,
)
from domain.inspection import InspectionStatus
from interface.http.case_routes import CaseCollection
from interface.http.inspection_schemas import (
    CollectDemandsBody,
    InspectionView,
    RecordFindingsBody,
    RegisterInspectionBody,
)
from interface.http.problems import ERROR_RESPONSES

STEPS: tuple[type[Step], ...] = (
    Enter, Cancel, RecordFindings, PublishResults, CollectDemands, CloseVisit, Rate,
    ReportMisconduct,
)  # fmt: skip

router = APIRouter(tags=["inspections 涉企检查与走访"], responses=ERROR_RESPONSES)

INSPECTIONS = CaseCollection(
    path="inspections",
    kind="inspection",
    service=lambda services: services.inspections,
    view=InspectionView.of,
    view_model=InspectionView,
)
INSPECTIONS.add_create_route(
    router,
    RegisterInspectionBody,
    lambda services, body, principal: services.inspections.register(body.command(), principal),
    summary="扫码入企登记 Register an inspection or service visit",
)
INSPECTIONS.add_get_route(router)
INSPECTIONS.add_step_routes(
    router, STEPS, {RecordFindings: RecordFindingsBody, CollectDemands: CollectDemandsBody}
)
INSPECTIONS.add_list_route(
    router, InspectionStatus, "body", "an inspecting body among the visit's bodies"
)
