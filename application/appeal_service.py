"""Commands and queries on appeals (企业诉求)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from domain.actor import Role
from domain.appeal import Appeal

from application.appeal_commands import AppealCommand, DeadlinePolicy, Merge, SubmitAppeal
from application.appeal_index import AppealFilter, AppealIndexUpdater, AppealPage
from application.case_service import CaseService, shanghai_now
from application.case_store import CaseStore
from application.errors import Forbidden
from application.permissions import require_role
from application.principal import Principal


class AppealService(CaseService[Appeal]):
    """The appeal case's application service. Every method takes the calling `Principal`;
    `context` is the `DeadlinePolicy` that sets deadlines when a step gives none.
    """

    case_class = Appeal
    prefix = "SQ"  # 诉求

    def __init__(
        self,
        store: CaseStore,
        policy: DeadlinePolicy,
        index: AppealIndexUpdater,
        clock: Callable[[], datetime] = shanghai_now,
    ) -> None:
        super().__init__(store, policy, clock)
        self.index = index

    def submit(
        self, command: SubmitAppeal, principal: Principal, appeal_id: UUID | None = None
    ) -> Appeal:
        """Register (登记) an appeal under the next case number of its jurisdiction and year."""
        if principal.actor.role is Role.ENTERPRISE and (
            command.enterprise.credit_code != principal.credit_code
        ):
            raise Forbidden("an enterprise may register appeals only under its own credit code")
        return self.open(
            principal,
            command.jurisdiction,
            command.occurred_at,
            lambda number, at: Appeal.submit(
                case_number=number, actor=principal.actor, occurred_at=at, id=appeal_id,
                **command.facts(),
            ),  # fmt: skip
            appeal_id,
        )

    def check(self, command: AppealCommand, principal: Principal) -> None:  # type: ignore[override]
        """A duplicate is merged only into an appeal the principal can see."""
        if isinstance(command, Merge):
            self.get(command.into, principal)

    def list(self, query: AppealFilter, principal: Principal) -> AppealPage:
        """Appeals matching the filter within the principal's scope, newest first."""
        require_role(principal, self.kind, "read")
        position = self.index.catch_up()
        scoped = self._scoped(query, principal)
        return AppealPage(rows=self.index.index.select(scoped), position=position)

    @staticmethod
    def _scoped(query: AppealFilter, principal: Principal) -> AppealFilter:
        """Narrow the filter to what the principal may see; asking for more is forbidden."""
        role = principal.actor.role
        if role is Role.ENTERPRISE:
            assert principal.credit_code is not None
            if query.credit_code not in (None, principal.credit_code.value):
                raise Forbidden("an enterprise lists only its own appeals")
            return replace(query, credit_code=principal.credit_code.value)
        own = principal.jurisdiction.value
        if query.jurisdiction not in (None, own):
            raise Forbidden(f"an actor of jurisdiction {own} may not list {query.jurisdiction}")
        scoped = replace(query, jurisdiction=own)
        if role is Role.HANDLER:
            if query.department not in (None, principal.actor.org):
                raise Forbidden("a handler lists only the appeals of its own department")
            scoped = replace(scoped, department=principal.actor.org)
        return scoped
