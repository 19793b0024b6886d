"""Commands and queries on inspections and service visits (涉企检查与走访)."""

from __future__ import annotations

from uuid import UUID

from domain.actor import Role
from domain.inspection import InspectionVisit

from application.case_service import CaseService
from application.errors import Forbidden
from application.inspection_commands import RegisterInspection
from application.permissions import require_own_organisation
from application.principal import Principal


class InspectionService(CaseService[InspectionVisit]):
    """The inspection case's application service; its steps need no context."""

    case_class = InspectionVisit
    prefix = "JC"  # 检查

    def register(
        self, command: RegisterInspection, principal: Principal, visit_id: UUID | None = None
    ) -> InspectionVisit:
        """Register (扫码入企登记) a visit under the next case number of its jurisdiction and year.

        An inspector registers only for its own body; the coordinating office registers
        service visits only.
        """
        require_own_organisation(principal, command.bodies, "registers visits only for its own body")
        if principal.actor.role is Role.COORDINATOR and command.visit_kind.is_enforcement:
            raise Forbidden("the coordinating office registers service visits, not inspections")
        return self.open(command, principal, InspectionVisit.register, visit_id)
