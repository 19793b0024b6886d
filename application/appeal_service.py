"""Commands and queries on appeals (企业诉求)."""

from __future__ import annotations

from uuid import UUID

from domain.appeal import Appeal

from domain.unit import HANDLING

from application.appeal_commands import Assign, Merge, SubmitAppeal
from application.case_commands import Step
from application.case_service import CaseService
from application.permissions import require_own_enterprise
from application.principal import Principal


class AppealService(CaseService[Appeal]):
    """The appeal case's application service. Every method takes the calling `Principal`;
    `context` is the `DeadlinePolicy` that sets deadlines when a step gives none.
    """

    case_class = Appeal
    prefix = "SQ"  # 诉求
    handovers = {Assign: ("department", HANDLING)}  # reassignments too (a subclass)

    def submit(
        self, command: SubmitAppeal, principal: Principal, appeal_id: UUID | None = None
    ) -> Appeal:
        """Register (登记) an appeal under the next case number of its jurisdiction and year."""
        require_own_enterprise(principal, command.enterprise)
        return self.open(command, principal, Appeal.submit, appeal_id)

    def check(self, command: Step, principal: Principal) -> None:
        """A duplicate is merged only into an appeal the principal can see."""
        if isinstance(command, Merge):
            self.get(command.into, principal)
