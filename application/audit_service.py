"""Audit for discipline-inspection staff (纪委监委): replay a case event by event, see it as it
stood at a version or a moment, list what an actor or office did, check that the stored log
still holds, and export audit packages. Every such read is itself recorded (`AuditRead`).

A reader is a `Principal` (over HTTP, within its role and jurisdiction) or, at the store's own
command line, a bare `Actor`, who reads the whole store.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast
from uuid import UUID

from domain.actor import Actor, Provenance
from domain.audit_read import AuditAction, AuditRead
from domain.bounds import require_moment, require_serial
from domain.case import Case
from domain.clock import CHINA_TZ
from domain.errors import InvalidValue

from application.activity import Act, ActivityQuery, CaseActivity, require_place
from application.audit_package import PackageScope, Packed, package_lines
from application.case_index import CaseFilter, CaseRow
from application.case_store import CaseStore
from application.consistency import ReadConsistency
from application.errors import ApplicationError, NotFound
from application.permissions import require_role, require_scope
from application.principal import Principal
from application.replay import Change, changes, payload_of, plain, recorded_at, states
from application.proofs import consistency_proof_of, inclusion_proof_of, tree_root
from application.parallel_check import ReadRange, check_in_parallel
from application.seal_check import Verdict, check_log, unsigned
from application.seals import GENESIS, Checkpoint, Seal, SealedLog, hash_of, preferred_hash
from application.signatures import SignedCheckpoint, Signer
from application.snapshot_check import snapshot_mismatches
from application.timeline_service import CASE_KINDS
from application.views import ViewUpdater

BATCH = 500
RANGE = 5000  # log positions a check reads at once
# a log this long is checked in a process per core (`parallel_check`): below it, starting the
# processes costs more than it saves
PARALLEL_FROM = 50_000
Reader = Principal | Actor
T = TypeVar("T")


class LogNotIntact(ApplicationError):
    """The stored log does not hold together where an export needs it."""

    code = "log_not_intact"


class NoSigningKey(ApplicationError):
    """Signing, or proving against a signed checkpoint, needs the service's signing key, or a
    checkpoint signed before."""

    code = "no_signing_key"


def is_backdated(occurred_at: datetime, recorded: datetime, threshold: timedelta) -> bool:
    """Whether an act was recorded more than `threshold` after it says it happened."""
    return recorded - occurred_at > threshold


@dataclass(frozen=True)
class ReplayedEvent:
    """One event of a case: who, when, what it said and what it changed, and its seal."""

    version: int
    position: int | None
    event: str
    actor_id: str
    actor_role: str
    actor_org: str
    occurred_at: datetime
    recorded_at: datetime
    backdated: bool  # recorded late by hand; never an imported event, which says where from
    imported: Provenance | None  # the import, file and row the event was read from, if any
    payload: dict[str, Any]
    changes: list[Change]
    event_digest: str | None
    case_digest: str | None


@dataclass(frozen=True)
class Replay:
    case_id: UUID
    kind: str
    case_number: str
    backdating_threshold: timedelta
    events: list[ReplayedEvent]


@dataclass(frozen=True)
class CaseAsOf:
    """A case as it stood after `version`, recorded at `recorded_at`."""

    case_id: UUID
    kind: str
    version: int
    recorded_at: datetime
    state: dict[str, Any]


@dataclass(frozen=True)
class ActivityEntry(Act):
    """An act as an auditor sees it: flagged `imported` if a bulk import entered it (which says
    where from), else `backdated` if recorded late."""

    imported: bool = False
    backdated: bool = False


class AuditService:
    """Audit reads over the case store, its seals and the activity view."""

    parallel_from = PARALLEL_FROM  # log positions from which a check runs on every core
    parallel_range = RANGE  # log positions a process checks at once

    def __init__(  # noqa: PLR0913 - what audit reads need
        self,
        store: CaseStore,
        activity: ViewUpdater[CaseActivity],
        cases: ViewUpdater[CaseRow],
        backdating: timedelta,
        clock: Callable[[], datetime],
        consistency: ReadConsistency | None = None,
        signer: Signer | None = None,
        snapshotted: Callable[[], Iterable[UUID]] = tuple,
        read_ranges: ReadRange | None = None,
    ) -> None:
        self.store = store
        self.signer = signer
        self.snapshotted = snapshotted  # the ids of the aggregates with snapshots
        self.read_ranges = read_ranges  # the log's ranges, read in other processes
        self.log = cast(SealedLog, store.recorder)
        self.activity_view = activity
        self.cases = cases
        self.backdating = backdating
        self.clock = clock
        self.consistency = consistency or ReadConsistency()

    # --- one case -------------------------------------------------------------------------

    def events(self, reader: Principal, kind: type[Case], case_id: UUID) -> Replay:
        """Every event of the case in order, each with what it changed and its seal."""
        case = self._case(reader, kind, case_id)
        self._record(reader, AuditAction.EVENTS, f"{case.kind}/{case_id}")
        events = list(self.store.events.get(case_id))
        seals = {seal.version: seal for seal in self.log.case_seals(case_id)}
        after = states(events)
        replayed = [
            self._replayed(event, seals.get(event.originator_version), changes(before, now))
            for event, before, now in zip(events, after, after[1:], strict=False)
        ]
        return Replay(case_id, case.kind, case.case_number, self.backdating, replayed)

    def state(
        self,
        reader: Principal,
        kind: type[Case],
        case_id: UUID,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> CaseAsOf:
        """The case after `version`, or as the store held it at `as_of` (by recorded time);
        now if neither is given."""
        if version is not None and as_of is not None:
            raise InvalidValue("ask for a version or a moment (as_of), not both")
        if version is not None:
            require_serial(version, "version")
        case = self._case(reader, kind, case_id)
        asked = f"?version={version}" if version else f"?as_of={as_of.isoformat()}" if as_of else ""
        self._record(reader, AuditAction.STATE, f"{case.kind}/{case_id}{asked}")
        events = list(self.store.events.get(case_id, lte=version))
        if as_of is not None:
            moment = require_moment(as_of, "as_of")
            events = [event for event in events if recorded_at(event) <= moment]
        if not events or (version is not None and version > case.version):
            raise NotFound(f"{case.kind} {case_id} has no such version or did not exist yet")
        return CaseAsOf(case_id, case.kind, len(events), recorded_at(events[-1]), states(events)[-1])

    # --- across cases -----------------------------------------------------------------------

    def activity(
        self, reader: Principal, query: ActivityQuery, min_position: int | None = None
    ) -> tuple[list[ActivityEntry], int]:
        """What an actor or office did (by `occurred_at`), within the reader's jurisdiction,
        and the log position the view reflects (at least `min_position`)."""
        require_role(reader, "audit", "read")
        for moment, what in ((query.start, "from"), (query.end, "to")):
            if moment is not None:
                require_moment(moment, what)
        if query.after is not None:
            require_place(query.after)
        query = replace(query, jurisdiction=reader.jurisdiction.value)
        action = AuditAction.READS if query.kind == AuditRead.kind else AuditAction.ACTIVITY
        self._record(reader, action, _described(query))
        position = self.consistency.position(self.activity_view, min_position)
        acts = self.activity_view.view.select(query)  # type: ignore[attr-defined]
        return [self._entry(act) for act in acts], position

    def _entry(self, act: Act) -> ActivityEntry:
        imported = act.import_id is not None
        late = not imported and is_backdated(act.occurred_at, act.recorded_at, self.backdating)
        return ActivityEntry(**vars(act), imported=imported, backdated=late)

    # --- the whole log ----------------------------------------------------------------------

    def verify(
        self, reader: Reader, checkpoint: Checkpoint | SignedCheckpoint | None = None, public_key: str | None = None
    ) -> Verdict:
        """Recheck every stored event against its seal, its tag and the chains, from the first,
        and that the log still extends every checkpoint the service signed (by `public_key`, if
        the auditor pinned one, else the service's own); with a recorded or published
        `checkpoint`, also that one (a published one's signature checked first). Then every
        snapshot against the replay of its case's events (snapshots lie outside the log)."""
        self._admit(reader, "verify")
        verdict = self._check(checkpoint, pinned=public_key)
        if verdict.holds and (altered := snapshot_mismatches(self.store, self.snapshotted())):
            verdict = replace(verdict, holds=False, failure=altered[0])
        target = "log" + (f" against checkpoint {verdict.checkpoint}" if checkpoint else "")
        try:
            self._record(reader, AuditAction.VERIFY, target)
        except LogNotIntact:
            if verdict.holds:
                raise
            # a log cut at its end refuses new events (SQLite); the verdict says why
        return verdict

    def checkpoint(self, reader: Reader) -> Checkpoint:
        """The log's last position and digest, for an auditor to record; signed and kept as
        well, where the service has a signing key."""
        self._admit(reader, "verify")
        self._record(reader, AuditAction.CHECKPOINT, "log head")
        signed = self.sign() if self.signer is not None else None
        return signed.head if signed is not None else self.log.head()

    def sign(self) -> SignedCheckpoint | None:
        """Check the whole log, then sign its head and Merkle root and keep the checkpoint (the
        last one, if the log has not grown since; None while the log is empty). `LogNotIntact` if the check fails: a log
        tampered with is never signed."""
        if self.signer is None:
            raise NoSigningKey("the service has no signing key (YINGSHANG_SIGNING_KEY_FILE)")
        signed = self.log.select_checkpoints()
        if signed and signed[-1].head == self.log.head():
            return signed[-1]  # the log has not grown: no need to check it again
        verdict = self._check(None, signed)
        if verdict.failure is not None:
            raise LogNotIntact(f"no checkpoint signed, the log fails: {verdict.failure.detail}")
        if verdict.head.position == 0:
            return None  # an empty log: nothing to sign yet
        if signed and signed[-1].position == verdict.head.position:
            return signed[-1]
        seals = list(_paged(lambda start: self.log.select_seals(start, BATCH), lambda s: s.position,
                            verdict.head.position))  # fmt: skip
        made = SignedCheckpoint(
            verdict.head.position, len(seals), verdict.head.digest, tree_root(preferred_hash(), seals),
            verdict.tagged_from, self.clock().isoformat(), self.signer.public_key(),
        ).signed_by(self.signer)  # fmt: skip
        self.log.insert_checkpoint(made)
        return made

    def signed_checkpoints(self, reader: Reader) -> list[SignedCheckpoint]:
        """Every checkpoint the service signed, in log order, to export and publish."""
        self._admit(reader, "verify")
        return self.log.select_checkpoints()

    def latest_checkpoint(self, reader: Reader) -> SignedCheckpoint:
        """The last checkpoint the service signed; `NotFound` before the first."""
        self._admit(reader, "verify")
        return self._last_signed()

    def sign_now(self, reader: Reader) -> SignedCheckpoint:
        """Sign the log's head now, on demand of an officer who may (`audit` `sign`); the
        request is recorded, and so covered by the checkpoint."""
        self._admit(reader, "sign")
        self._record(reader, AuditAction.CHECKPOINT, "log head, signed on demand")
        return cast(SignedCheckpoint, self.sign())  # the log holds the record just made

    def prove_inclusion(self, reader: Reader, position: int) -> dict[str, Any]:
        """A proof, checkable offline, that the event at `position` is in the log the last
        signed checkpoint covers (the whole store's: at the store's own command line)."""
        self._admit(reader, "verify")
        return self._inclusion(position)

    def prove_event(self, reader: Principal, kind: type[Case], case_id: UUID, version: int | None) -> dict[str, Any]:
        """The inclusion proof of one event of a case within the reader's jurisdiction (its
        last version, unless `version` names one), recorded as a read of the case."""
        case = self._case(reader, kind, case_id)
        seals = {seal.version: seal for seal in self.log.case_seals(case_id)}
        wanted = case.version if version is None else version
        if wanted not in seals:
            raise NotFound(f"{case.kind} {case_id} has no version {wanted}")
        self._record(reader, AuditAction.EVENTS, f"{case.kind}/{case_id} version {wanted}: inclusion proof")
        return self._inclusion(seals[wanted].position)

    def _inclusion(self, position: int) -> dict[str, Any]:
        last = self._last_signed()
        if not 0 < position <= last.position:
            raise NotFound(f"no event at position {position} under the last signed checkpoint "
                           f"(position {last.position}): sign one that covers it")  # fmt: skip
        seals = self._seals_up_to(last)
        events = self.log.select_notifications(position, 1)
        if not events or events[0].id != position:
            raise NotFound(f"no event at position {position}")
        return inclusion_proof_of(events[0], seals, last)

    def prove_consistency(self, reader: Reader, since: int | None, until: int | None = None) -> dict[str, Any]:
        """A proof, checkable offline, that the log the checkpoint signed at position `until`
        covers (default: the last) extends the one the checkpoint signed at `since` covered
        (default: the first)."""
        self._admit(reader, "verify")
        signed = {mark.position: mark for mark in self.log.select_checkpoints()}
        for position in (since, until):
            if position is not None and position not in signed:
                raise NotFound(f"no checkpoint was signed at position {position}")
        later = signed[until] if until is not None else self._last_signed()
        earlier = signed[since] if since is not None else next(iter(signed.values()))
        if earlier.position > later.position:
            raise InvalidValue(f"the earlier checkpoint (position {earlier.position}) comes after the later "
                               f"(position {later.position})")  # fmt: skip
        return consistency_proof_of(self._seals_up_to(later), earlier, later)

    def _last_signed(self) -> SignedCheckpoint:
        signed = self.log.select_checkpoints()
        if not signed:
            raise NotFound("no checkpoint has been signed yet (`yingshang audit checkpoint`)")
        return signed[-1]

    def _seals_up_to(self, checkpoint: SignedCheckpoint) -> list[Seal]:
        """The seals the signed `checkpoint` covers; `LogNotIntact` unless their Merkle root is
        still the one signed."""
        seals = list(_paged(lambda start: self.log.select_seals(start, BATCH), lambda s: s.position,
                            checkpoint.position))  # fmt: skip
        if tree_root(hash_of(checkpoint.merkle_root), seals) != checkpoint.merkle_root:
            raise LogNotIntact(f"the log no longer has the Merkle root signed at position {checkpoint.position}: "
                               "run `yingshang audit verify`")  # fmt: skip
        return seals

    def _check(
        self,
        checkpoint: Checkpoint | SignedCheckpoint | None,
        signed: list[SignedCheckpoint] | None = None,
        pinned: str | None = None,
    ) -> Verdict:
        """The verdict over the whole stored log (see `verify`)."""
        signed = self.log.select_checkpoints() if signed is None else signed
        if pinned is None and self.signer is not None:
            pinned = self.signer.public_key()
        failure = unsigned(checkpoint, signed, pinned, "the service's key" if pinned else "the key it names")
        if failure is not None:
            return Verdict(False, 0, self.log.head(), failure)
        tag_key = self.signer.tag_key() if self.signer is not None else None
        verdict, workers, stop = None, usable_cores(), self._stop()
        if self.read_ranges is not None and stop >= self.parallel_from and workers > 1:
            verdict = check_in_parallel(self._seal_ranges(stop), self.read_ranges, workers, checkpoint, signed,
                                        tag_key)  # fmt: skip
        return verdict or check_log(self._sealed(), checkpoint, signed, tag_key, self.log.gaps)

    def _seal_ranges(self, stop: int) -> Iterator[tuple[int, int, Sequence[Any]]]:
        """The seal rows of each range of positions, with its first and last position."""
        for first, last in _ranges(stop, self.parallel_range):
            yield first, last, self.log.select_seal_rows(first, last)

    def _stop(self) -> int:
        """The last position to check: of the log, or of its seals if these reach further."""
        return max(self.store.recorder.max_notification_id() or 0, self.log.head().position)

    def _sealed(self) -> Iterator[tuple[Sequence[Any], Sequence[Any]]]:
        """The rows of the stored events and of their seals, a range of positions at a time,
        each range read in a thread while the one before is checked (the database's driver
        lets go of the interpreter while it reads)."""
        stop = self._stop()
        with ThreadPoolExecutor(1, thread_name_prefix="audit-read") as reader:
            pending: Future[tuple[Sequence[Any], Sequence[Any]]] | None = None
            for first, last in _ranges(stop, RANGE):
                reading = reader.submit(self.log.select_sealed, first, last)
                if pending is not None:
                    yield pending.result()
                pending = reading
            if pending is not None:
                yield pending.result()

    def export(self, operator: Actor, scope: PackageScope) -> list[str]:
        """An audit package of the scope's events (see `audit_package`), as lines of JSON."""
        packed = self._packed(scope)
        self._record(operator, AuditAction.EXPORT, json.dumps(scope.as_json(), ensure_ascii=False))
        header = {
            "scope": scope.as_json(),
            "exported_at": self.clock().isoformat(),
            "exported_by": plain(operator),
            "log_head": str(self.log.head()),
        }
        return package_lines(header, packed, self.store.mapper, self.signer)

    # --- helpers ----------------------------------------------------------------------------

    def _admit(self, reader: Reader, what: str) -> None:
        if isinstance(reader, Principal):
            require_role(reader, "audit", what)

    def _record(self, reader: Reader, action: AuditAction, target: str) -> None:
        actor, jurisdiction = (
            (reader.actor, reader.jurisdiction) if isinstance(reader, Principal) else (reader, None)
        )
        self.store.save(AuditRead(actor, jurisdiction, action, target, self.clock()))

    def _case(self, reader: Principal, kind: type[Case], case_id: UUID) -> Case:
        require_role(reader, "audit", "read")
        case = self.store.find(case_id, kind)
        if case is None:
            raise NotFound(f"no {kind.kind} {case_id}")
        require_scope(reader, case)
        return case

    def _replayed(self, event: Any, seal: Seal | None, changed: list[Change]) -> ReplayedEvent:
        recorded, source = recorded_at(event), event.actor.source
        return ReplayedEvent(
            version=event.originator_version,
            position=seal.position if seal else None,
            event=type(event).__name__,
            actor_id=event.actor.id,
            actor_role=event.actor.role.value,
            actor_org=event.actor.org,
            occurred_at=event.occurred_at.astimezone(CHINA_TZ),
            recorded_at=recorded,
            backdated=source is None and is_backdated(event.occurred_at, recorded, self.backdating),
            imported=source,
            payload=payload_of(event),
            changes=changed,
            event_digest=seal.event_digest if seal else None,
            case_digest=seal.case_digest if seal else None,
        )

    def _packed(self, scope: PackageScope) -> list[Packed]:
        if scope.case_id is not None:
            packed = self._case_packed(scope.case_id)
            if not packed:
                raise NotFound(f"no case {scope.case_id}")
            return packed
        if scope.credit_code is not None:
            return sorted(
                (item for case_id in self._enterprise_cases(scope.credit_code)
                 for item in self._case_packed(case_id)),
                key=lambda item: item.seal.position,
            )  # fmt: skip
        return self._window_packed(cast(datetime, scope.start), cast(datetime, scope.end))

    def _case_packed(self, case_id: UUID) -> list[Packed]:
        stored = self.log.select_events(case_id)
        seals = self.log.case_seals(case_id)
        if [s.originator_version for s in stored] != [seal.version for seal in seals]:
            raise LogNotIntact(f"the events and seals of case {case_id} disagree: run `yingshang audit verify`")
        packed, previous_case = [], GENESIS
        for event, seal in zip(stored, seals, strict=True):
            before = self.log.seal_before(seal.position)
            packed.append(Packed(event, seal, before.log_digest if before else GENESIS, previous_case))
            previous_case = seal.case_digest
        return packed

    def _enterprise_cases(self, credit_code: str) -> list[UUID]:
        self.cases.catch_up()
        view = self.cases.view
        return [
            row.id
            for kind in CASE_KINDS
            for _, row in view.select(CaseFilter(kind=kind, credit_code=credit_code, limit=None))  # type: ignore[attr-defined]
        ]

    def _window_packed(self, start: datetime, end: datetime) -> list[Packed]:
        """The contiguous stretch of the log from the first event recorded at or after `start`
        to the last recorded before `end`."""
        inside = [
            notification
            for notification in _paged(lambda at: self.log.select_notifications(at, BATCH), lambda n: n.id)
            if start <= recorded_at(self.store.mapper.to_domain_event(notification)) < end
        ]
        if not inside:
            return []
        first, last = inside[0].id, inside[-1].id
        events = self.log.select_notifications(first, last - first + 1)
        seals = {seal.position: seal for seal in self.log.select_seals(first, last - first + 1)}
        before = self.log.seal_before(first)
        previous_log, cases = before.log_digest if before else GENESIS, {}
        packed = []
        for event in events:
            seal = seals.get(event.id)
            if seal is None:
                raise LogNotIntact(f"position {event.id} has no seal: run `yingshang audit verify`")
            if seal.case_id not in cases:
                cases[seal.case_id] = _case_digest_before(self.log.case_seals(seal.case_id), seal.version)
            packed.append(Packed(event, seal, previous_log, cases[seal.case_id]))
            previous_log, cases[seal.case_id] = seal.log_digest, seal.case_digest
        return packed


def _case_digest_before(seals: Sequence[Seal], version: int) -> str:
    earlier = [seal.case_digest for seal in seals if seal.version < version]
    return earlier[-1] if earlier else GENESIS


def _paged(select: Callable[[int], Sequence[T]], position: Callable[[T], int], stop: int | None = None) -> Iterator[T]:
    """Every item `select(start)` pages through, in order, up to position `stop`."""
    start = 1
    while batch := select(start):
        for item in batch:
            if stop is not None and position(item) > stop:
                return
            yield item
        start = position(batch[-1]) + 1


def _described(query: ActivityQuery) -> str:
    named = {name: plain(value) for name, value in vars(query).items()
             if value is not None and name not in ("jurisdiction", "limit", "after")}  # fmt: skip
    return json.dumps(named, ensure_ascii=False)


def _ranges(stop: int, size: int) -> Iterator[tuple[int, int]]:
    """The first and last position of each range of `size` positions, from 1 to `stop`."""
    for first in range(1, stop + 1, size):
        yield first, min(first + size - 1, stop)


def usable_cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
