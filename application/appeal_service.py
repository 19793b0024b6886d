"""Commands and queries on appeals: load, call one domain method, save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.actor import Role
from domain.appeal import Appeal
from domain.case_numbers import CaseNumberSequence
from domain.clock import CHINA_TZ, local_date, require_aware
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode

from application.appeal_commands import AppealCommand, DeadlinePolicy, Merge, SubmitAppeal
from application.appeal_index import AppealFilter, AppealIndexUpdater, AppealPage
from application.case_store import CaseStore
from application.errors import Forbidden, NotFound, PreconditionFailed, VersionConflict
from application.permissions import require_role, require_scope
from application.principal import Principal

CASE_NUMBER_PREFIX = "SQ"  # 诉求
CLOCK_TOLERANCE = timedelta(minutes=5)
INTAKE_ATTEMPTS = 20


def shanghai_now() -> datetime:
    return datetime.now(CHINA_TZ)


class AppealService:
    """The appeal case's application service. Every method takes the calling `Principal`."""

    def __init__(
        self,
        store: CaseStore,
        policy: DeadlinePolicy,
        index: AppealIndexUpdater,
        clock: Callable[[], datetime] = shanghai_now,
    ) -> None:
        self.store = store
        self.policy = policy
        self.index = index
        self.clock = clock

    def submit(
        self, command: SubmitAppeal, principal: Principal, appeal_id: UUID | None = None
    ) -> Appeal:
        """Register an appeal under the next case number of its jurisdiction and year.

        Concurrent intakes race on the number sequence; the loser takes the next number.
        """
        require_role(principal, "submit")
        self._require_own_intake(command, principal)
        at = self._occurred_at(command.occurred_at)
        for _ in range(INTAKE_ATTEMPTS):
            sequence = self._sequence(command.jurisdiction, at)
            number = sequence.issue(principal.actor, at)
            appeal = Appeal.submit(
                case_number=number,
                actor=principal.actor,
                occurred_at=at,
                id=appeal_id,
                **command.facts(),
            )
            try:
                self.store.save(sequence, appeal)
            except IntegrityError:
                if appeal_id is not None and appeal_id in self.store.repository:
                    raise VersionConflict(f"appeal {appeal_id} exists already") from None
                continue
            return appeal
        raise VersionConflict("too many concurrent intakes; try again")

    def execute(
        self,
        appeal_id: UUID,
        command: AppealCommand,
        principal: Principal,
        expected_version: int | None = None,
    ) -> Appeal:
        """Apply one lifecycle step. A stale `expected_version` or a concurrent writer that
        saved first makes it fail without recording anything.
        """
        require_role(principal, command.action)
        appeal = self.get(appeal_id, principal)
        if expected_version is not None and appeal.version != expected_version:
            raise PreconditionFailed(
                f"appeal {appeal_id} is at version {appeal.version}, not {expected_version}"
            )
        if isinstance(command, Merge):
            self.get(command.into, principal)
        command.apply(appeal, principal.actor, self._occurred_at(command.occurred_at), self.policy)
        try:
            self.store.save(appeal)
        except IntegrityError:
            raise VersionConflict(
                f"appeal {appeal_id} was changed by another request; reload and retry"
            ) from None
        return appeal

    def get(self, appeal_id: UUID, principal: Principal) -> Appeal:
        """The appeal's current state, if it lies within the principal's scope."""
        require_role(principal, "read")
        try:
            appeal = self.store.repository.get(appeal_id)
        except AggregateNotFoundError:
            raise NotFound(f"no appeal {appeal_id}") from None
        if not isinstance(appeal, Appeal):
            raise NotFound(f"no appeal {appeal_id}")
        require_scope(principal, appeal)
        return appeal

    def list(self, query: AppealFilter, principal: Principal) -> AppealPage:
        """Appeals matching the filter within the principal's scope, newest first."""
        require_role(principal, "read")
        position = self.index.catch_up()
        scoped = self._scoped(query, principal)
        return AppealPage(rows=self.index.index.select(scoped), position=position)

    def today(self) -> date:
        """Today's date in Asia/Shanghai by the service's clock (for "overdue" filters)."""
        return local_date(self.clock())

    # --- helpers -------------------------------------------------------------------------

    def _sequence(self, jurisdiction: JurisdictionCode, at: datetime) -> CaseNumberSequence:
        year = local_date(at).year
        sequence_id = CaseNumberSequence.create_id(CASE_NUMBER_PREFIX, jurisdiction, year)
        try:
            return self.store.repository.get(sequence_id)
        except AggregateNotFoundError:
            return CaseNumberSequence(CASE_NUMBER_PREFIX, jurisdiction, year)

    def _occurred_at(self, occurred_at: datetime | None) -> datetime:
        now = self.clock()
        if occurred_at is None:
            return now
        require_aware(occurred_at)
        if occurred_at > now + CLOCK_TOLERANCE:
            raise InvalidValue(f"occurred_at {occurred_at.isoformat()} lies in the future")
        return occurred_at.astimezone(CHINA_TZ)

    @staticmethod
    def _require_own_intake(command: SubmitAppeal, principal: Principal) -> None:
        if command.jurisdiction != principal.jurisdiction:
            raise Forbidden(
                f"an actor of jurisdiction {principal.jurisdiction} may not register appeals "
                f"in {command.jurisdiction}"
            )
        if principal.actor.role is Role.ENTERPRISE and (
            command.enterprise.credit_code != principal.credit_code
        ):
            raise Forbidden("an enterprise may register appeals only under its own credit code")

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
