"""Commands and queries on mediation cases (诉调对接)."""

from __future__ import annotations

from uuid import UUID

from domain.appeal import Appeal, AppealStatus
from domain.errors import InvalidValue
from domain.mediation import MediationCase

from domain.unit import MEDIATING

from application.case_service import CaseService
from application.mediation_commands import AssignMediation, RegisterDispute
from application.principal import Principal


class MediationService(CaseService[MediationCase]):
    """Mediation cases; `context` is the `MediationContext`."""

    case_class = MediationCase
    prefix = "TJ"  # 调解
    handovers = {AssignMediation: ("organisation", MEDIATING)}

    def register(
        self, command: RegisterDispute, principal: Principal, case_id: UUID | None = None
    ) -> MediationCase:
        """Register (登记) a dispute under the next case number of its jurisdiction and year.
        A referred appeal must have been rejected as a dispute for mediation, in the same county.
        """
        if command.appeal_id is not None:
            self._require_referred(command.appeal_id, command)
        return self.open(command, principal, MediationCase.register, case_id)

    def _require_referred(self, appeal_id: UUID, command: RegisterDispute) -> None:
        appeal = self.store.find(appeal_id, Appeal)
        if appeal is None or appeal.jurisdiction != command.jurisdiction:
            raise InvalidValue(f"no appeal {appeal_id} in jurisdiction {command.jurisdiction}")
        if appeal.status is not AppealStatus.REJECTED or not appeal.referred_to_mediation:
            raise InvalidValue(f"appeal {appeal.case_number} was not referred to mediation")
