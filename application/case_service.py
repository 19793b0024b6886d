"""What every case service shares: numbering at intake, loading in scope, one guarded step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.actor import Actor
from domain.bounds import EARLIEST_ACT, require_act_time
from domain.case import Case
from domain.case_numbers import CaseNumberSequence
from domain.clock import CHINA_TZ, local_date
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.unit import UnitKind

from application.case_commands import Intake, Step
from application.case_index import CaseFilter, CasePage, CaseRow
from application.views import ViewUpdater
from application.case_store import CaseStore
from application.consistency import ReadConsistency
from application.intake_turns import (
    INTAKE_PATIENCE,
    STEP_PATIENCE,
    CaseTurns,
    SeriesTurns,
    attempts,
)
from application.errors import Forbidden, NotFound, PreconditionFailed, VersionConflict
from application.permissions import (
    require_acting_scope,
    require_role,
    require_scope,
    scoped_filter,
    sees_personal_data,
)
from application.principal import Principal

CLOCK_TOLERANCE = timedelta(minutes=5)

if TYPE_CHECKING:  # a unit service is itself a case service
    from application.unit_service import UnitService

C = TypeVar("C", bound=Case)


def shanghai_now() -> datetime:
    return datetime.now(CHINA_TZ)


class CaseService(Generic[C]):
    """Base of the services of one kind of case. Subclasses set `case_class` and `prefix` (of
    the case numbers) and add their intake; `context` is what their commands need besides the
    case (for appeals, the deadline policy).
    """

    case_class: type[C]
    prefix: str
    # the steps that hand a case to a unit: the field naming it and the kinds it may be
    handovers: ClassVar[dict[type[Step], tuple[str, frozenset[UnitKind]]]] = {}
    intake_patience = INTAKE_PATIENCE  # seconds an intake retries lost races before refusal
    step_patience = STEP_PATIENCE  # seconds a step without an expected version retries

    def __init__(
        self,
        store: CaseStore,
        context: Any,
        index: ViewUpdater[CaseRow],
        clock: Callable[[], datetime] = shanghai_now,
        consistency: ReadConsistency | None = None,
        *,
        earliest_act: date = EARLIEST_ACT,
        units: UnitService | None = None,
    ) -> None:
        self.store = store
        self.units = units  # the registry `handovers` are checked against, if any
        self.earliest_act = earliest_act  # no act recorded before this day (Beijing time)
        self.context = context
        self.index = index
        self.clock = clock
        self.consistency = consistency or ReadConsistency()
        self.turns = SeriesTurns()
        self.case_turns = CaseTurns()

    @property
    def kind(self) -> str:
        return self.case_class.kind

    def get(self, case_id: UUID, principal: Principal) -> C:
        """The case's current state, if it lies within the principal's scope; personal data
        masked unless the principal's role acts on it (`PERSONAL_DATA`).
        """
        return self.shown(self._load(case_id, principal), principal)

    def shown(self, case: C, principal: Principal) -> C:
        """The case as the principal may see it: whole, or with personal data masked."""
        return case if sees_personal_data(principal, self.kind) else case.redacted()

    def acting_on(self, case_id: UUID, principal: Principal) -> C:
        """The case loaded for a step (`execute_on`), whole: `NotFound` outside what the
        principal sees, `Forbidden` for what it sees but may not change."""
        case = self._load(case_id, principal)
        require_acting_scope(principal, case)
        return case

    def _load(self, case_id: UUID, principal: Principal) -> C:
        require_role(principal, self.kind, "read")
        case = self.store.find(case_id, self.case_class)
        if case is None:
            raise NotFound(f"no {self.kind} {case_id}")
        require_scope(principal, case)
        return case

    def execute(
        self,
        case_id: UUID,
        command: Step,
        principal: Principal,
        expected_version: int | None = None,
    ) -> C:
        """Apply one lifecycle step to the case `case_id` (see `execute_on`)."""
        require_role(principal, self.kind, command.action)
        return self.execute_on(self.acting_on(case_id, principal), command, principal, expected_version)

    def execute_on(
        self,
        case: C,
        command: Step,
        principal: Principal,
        expected_version: int | None = None,
    ) -> C:
        """Apply one lifecycle step to a case `acting_on` loaded. With an `expected_version`,
        a stale one, or a concurrent writer that saved first, makes it fail without recording
        anything (`PreconditionFailed`, `VersionConflict`). Without one, a step that lost a race
        is tried again on the case as the winner left it, and refused only if that state
        forbids it; steps on one case in this process take turns.
        """
        require_role(principal, self.kind, command.action)
        with self.case_turns.of(case.id):
            for lost in attempts(self.step_patience):
                if lost:
                    case = self.acting_on(case.id, principal)
                if self._step(case, command, principal, expected_version):
                    return self.shown(case, principal)
                if expected_version is not None:
                    break
        raise VersionConflict(
            f"{self.kind} {case.id} was changed by another request; reload and retry"
        )

    def _step(
        self, case: C, command: Step, principal: Principal, expected_version: int | None
    ) -> bool:
        """Apply and save the step; False if another writer saved the case first."""
        require_acting_scope(principal, case)
        if expected_version is not None and case.version != expected_version:
            raise PreconditionFailed(
                f"{self.kind} {case.id} is at version {case.version}, not {expected_version}"
            )
        self.check(command, principal)
        self.record(case, command, principal.actor)
        try:
            self.store.save(case)
        except IntegrityError:
            return False
        return True

    def record(self, case: C, command: Step, actor: Actor) -> None:
        """Apply the step to the case as `actor`, unsaved: at the time it gives (checked, see
        `occurred_at`), handing the case only to a registered unit (`handovers`)."""
        at = self.occurred_at(command.occurred_at)
        self._require_unit(case, command, at)
        command.apply(case, actor, at, self.context)

    def _require_unit(self, case: C, command: Step, at: datetime) -> None:
        """A step that hands the case to a unit names one the registry has, of a kind that
        may take it, acting on the day of the act."""
        if self.units is None:
            return
        for step, (field, kinds) in self.handovers.items():
            if isinstance(command, step):
                what = f"{self.kind} {case.case_number} is handed only to a registered unit " \
                    "of that kind acting that day"
                code = getattr(command, field)
                self.units.require_unit(case.jurisdiction, code, local_date(at), kinds, what)

    def as_recorded(self, case_id: UUID, version: int, principal: Principal) -> C:
        """The case at `version`, as the principal may see it: the state a keyed request that
        recorded that version answered with (see `application.idempotency`)."""
        return self.shown(self.store.repository.get(case_id, version=version), principal)

    def list(
        self, query: CaseFilter, principal: Principal, min_position: int | None = None
    ) -> CasePage:
        """Cases of this kind matching the filter within the principal's scope, newest first,
        once the list reflects `min_position` (see `ReadConsistency`).
        """
        require_role(principal, self.kind, "read")
        scoped = scoped_filter(replace(query, kind=self.kind), principal)
        position = self.consistency.position(self.index, min_position)
        return CasePage(rows=self.index.view.select(scoped), position=position)

    def count(self, query: CaseFilter, principal: Principal) -> int:
        """How many cases of this kind match the filter within the principal's scope, as the
        list stands (an inbox's count: no wait for `min_position`)."""
        require_role(principal, self.kind, "read")
        return self.index.view.count(scoped_filter(replace(query, kind=self.kind), principal))

    def check(self, command: Step, principal: Principal) -> None:
        """A hook for checks a step needs beyond the case itself (e.g. another case in scope)."""

    def today(self) -> date:
        """Today's date in Asia/Shanghai by the service's clock (for "overdue" filters)."""
        return local_date(self.clock())

    def open(
        self,
        command: Intake,
        principal: Principal,
        create: Callable[..., C],
        case_id: UUID | None = None,
    ) -> C:
        """Open a case with `create` (e.g. `Appeal.submit`) from the intake's facts, under the
        next case number of its jurisdiction and year. Intakes of one series take turns in this
        process; across processes they race on the number, and the loser takes the next.
        """
        self.require_intake(command, principal)
        at = self.occurred_at(command.occurred_at)
        year = local_date(at).year
        series = CaseNumberSequence.create_id(self.prefix, command.jurisdiction, year)
        with self.turns.of(series):
            for _ in attempts(self.intake_patience):
                case = self._register(command, principal, create, at, case_id)
                if case is not None:
                    return case
        raise VersionConflict("too many concurrent intakes; try again")

    def require_intake(self, command: Intake, principal: Principal) -> None:
        """The principal's role opens this kind of record, and only in its own jurisdiction."""
        require_role(principal, self.kind, "submit")
        if command.jurisdiction != principal.jurisdiction:
            raise Forbidden(
                f"an actor of jurisdiction {principal.jurisdiction} may not register "
                f"{self.kind}s in {command.jurisdiction}"
            )

    def _register(
        self,
        command: Intake,
        principal: Principal,
        create: Callable[..., C],
        at: datetime,
        case_id: UUID | None,
    ) -> C | None:
        """Save the case under the next number with the sequence that issues it, in one
        transaction; None if another intake saved that number first."""
        sequence = self.sequence(command.jurisdiction, local_date(at).year)
        case = self.opened(command, principal.actor, create, at, sequence, case_id)
        try:
            self.store.save(sequence, case)
        except IntegrityError:
            if case_id is not None and case_id in self.store.repository:
                raise VersionConflict(f"{self.kind} {case_id} exists already") from None
            return None
        return case

    def opened(  # noqa: PLR0913 - what a new case is made of
        self,
        command: Intake,
        actor: Actor,
        create: Callable[..., C],
        at: datetime,
        sequence: CaseNumberSequence,
        case_id: UUID | None = None,
    ) -> C:
        """A new case (unsaved) from the intake's facts, at `at`, under the next number of
        `sequence` (the series of its jurisdiction and year)."""
        return create(
            case_number=sequence.issue(actor, at),
            actor=actor,
            occurred_at=at,
            id=case_id,
            **command.facts(),
        )

    def occurred_at(self, occurred_at: datetime | None) -> datetime:
        """When the act happened: now, or a past moment the caller gives (never the future,
        nor before the service's earliest act date)."""
        now = self.clock()
        if occurred_at is None:
            return now
        require_act_time(occurred_at, self.earliest_act)
        if occurred_at > now + CLOCK_TOLERANCE:
            raise InvalidValue(f"occurred_at {occurred_at.isoformat()} lies in the future")
        return occurred_at.astimezone(CHINA_TZ)

    def sequence(self, jurisdiction: JurisdictionCode, year: int) -> CaseNumberSequence:
        """The series' sequence as stored (from its latest snapshot on), or a new one."""
        sequence_id = CaseNumberSequence.create_id(self.prefix, jurisdiction, year)
        found = self.store.find(sequence_id, CaseNumberSequence)
        return found or CaseNumberSequence(self.prefix, jurisdiction, year)
