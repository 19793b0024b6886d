"""Routes of `/api/v1/units`: the registry of units (机构名录) an admin keeps."""

from fastapi import APIRouter

from application.case_commands import Step
from application.unit_service import RetireUnit, ReviseUnit
from domain.unit import UnitStatus
from interface.http.case_routes import CaseCollection
from interface.http.problems import ERROR_RESPONSES
from interface.http.unit_schemas import RegisterUnitBody, ReviseUnitBody, UnitView

UNIT_STEPS: tuple[type[Step], ...] = (ReviseUnit, RetireUnit)

router = APIRouter(tags=["units 机构名录"], responses=ERROR_RESPONSES)

UNITS = CaseCollection(
    path="units",
    kind="unit",
    service=lambda services: services.units,
    view=UnitView.of,
    view_model=UnitView,
)
UNITS.add_create_route(
    router,
    RegisterUnitBody,
    lambda services, body, principal: services.units.register(body.command(), principal),
    summary="登记 Register a unit (department, township, park, mediating organisation, court, "
    "coordinating office)",
)
UNITS.add_get_route(router)
UNITS.add_step_routes(router, UNIT_STEPS, {ReviseUnit: ReviseUnitBody})
UNITS.add_list_route(router, UnitStatus, "code", "a unit's code")
