"""The case store: one `eventsourcing` application holding every case aggregate, so that the
notification log is one ordered history of all four kinds of case.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    Cipher,
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    PersistenceError,
    Recording,
    UUIDAsHex,
)

from domain.account import Account
from domain.appeal import Appeal
from domain.calendar_year import CalendarYear
from domain.case_numbers import CaseNumberSequence
from domain.inspection import InspectionVisit
from domain.mediation import MediationCase
from domain.policy_claim import Policy, PolicyClaim
from domain.unit import Unit

from application.idempotency import RecordedRequest, current_request
from application.transcodings import domain_transcodings

A = TypeVar("A", bound=Aggregate)
SEQUENCE_SNAPSHOT_INTERVAL = 10  # numbers issued between two snapshots of a sequence
CASE_SNAPSHOT_INTERVAL = 100  # events between two snapshots of a case with a long history
CASE_KINDS = (Appeal, InspectionVisit, MediationCase, PolicyClaim, Policy, Unit, Account, CalendarYear)

log = logging.getLogger(__name__)


def replayed(case: Any, events: Iterable[Any]) -> Any:
    """`case` (None before the first event) with `events` applied in turn.

    The library's `project_aggregate` does the same but checks each event against a runtime
    protocol first, which costs more than applying it; so the store loads snapshotted
    aggregates, and takes their snapshots, with this one too.
    """
    for event in events:
        case = event.mutate(case)
    return case


class CaseStore(Application):
    """Event store, repository and notification log for every case.

    Which database it uses comes from its environment (`PERSISTENCE_MODULE`, …), set by the
    infrastructure from `YINGSHANG_DATABASE_URL`; the application never names a store.

    Case-number sequences are snapshotted every `SEQUENCE_SNAPSHOT_INTERVAL` numbers, so that
    loading one reads its latest snapshot and the few events after it, not every number issued
    that year. Cases are snapshotted every `CASE_SNAPSHOT_INTERVAL` events, so a case with a
    long history (an appeal with hundreds of progress notes) loads in bounded time too, while a
    short one is still read in one query. Snapshots sit in the library's own table beside the
    log (`stored_snapshots`, `yingshang_snapshots`): never in the notification log, so neither
    sealed nor seen by views; `audit verify` checks each against its events.
    """

    name = "yingshang"
    snapshotting_intervals = {
        CaseNumberSequence: SEQUENCE_SNAPSHOT_INTERVAL,
        **dict.fromkeys(CASE_KINDS, CASE_SNAPSHOT_INTERVAL),
    }
    snapshotting_projectors = dict.fromkeys(snapshotting_intervals, replayed)

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.on_saved: list[Callable[[int], None]] = []  # told each save's last position
        self._saved = threading.local()

    @property
    def last_position(self) -> int:
        """The log position of the last event this thread saved (0 before any): what a
        write answers, for a later read to pass as its `min_position`."""
        return getattr(self._saved, "position", 0)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[Any]]:
        """Save the aggregates' new events; within a keyed request (`keyed`), record its key
        with them, naming the last aggregate saved as the one its answer shows. As the
        library's `save`, but an aggregate's events are collected without its runtime-protocol
        checks (which cost a bulk import more than collecting)."""
        request = current_request()
        if request is not None and objs:
            answer = objs[-1]
            kwargs["request"] = RecordedRequest(request, answer.id, answer.version)
        self._saved.aggregates = {obj.id: obj for obj in objs if isinstance(obj, Aggregate)}
        try:
            processing: ProcessingEvent[UUID] = ProcessingEvent()
            for obj in objs:
                if isinstance(obj, Aggregate):
                    processing.events.extend(obj.collect_events())
                    processing.aggregates[obj.id] = obj
                else:
                    processing.collect_events(obj)
            processing.saved_kwargs.update(kwargs)
            recordings = self._record(processing)
            self._take_snapshots(processing)
            self._notify(recordings)
            return recordings
        finally:
            self._saved.aggregates = {}

    def _notify(self, recordings: list[Recording[Any]]) -> None:
        """After a save: note its last position and tell `on_saved`."""
        if not recordings:
            return
        self._saved.position = position = max(r.notification.id for r in recordings)
        for listener in tuple(self.on_saved):  # as it stands, should another thread change it
            listener(position)

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate with this id if it is a `kind`, else None. A history shorter than a
        case's snapshot interval is made from its events alone, in one query; a longer one (and
        a sequence) from its latest snapshot and the events after it."""
        if kind is not CaseNumberSequence:
            stored = self.recorder.select_events(aggregate_id, limit=CASE_SNAPSHOT_INTERVAL)
            if len(stored) < CASE_SNAPSHOT_INTERVAL:  # the whole history
                aggregate = replayed(None, map(self.mapper.to_domain_event, stored))
                return aggregate if isinstance(aggregate, kind) else None
        try:
            aggregate = self.repository.get(aggregate_id, projector_func=replayed)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether any event of the aggregate is stored (one stored event read, not decoded)."""
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def stored(self, aggregate_ids: list[UUID]) -> set[UUID]:
        """Which of the aggregates have any event stored: one query where the recorder can
        ask for many (both databases), else one per aggregate."""
        select = getattr(self.recorder, "stored_ids", None)
        if select is None:
            return {aggregate_id for aggregate_id in aggregate_ids if self.exists(aggregate_id)}
        return select(aggregate_ids)  # type: ignore[no-any-return]

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        register_case_transcodings(transcoder)

    def take_snapshot(self, aggregate_id: UUID, version: int | None = None, **kwargs: Any) -> None:
        """Take a snapshot, as the library does after a save, without letting its failure fail
        the save: the events are committed by then, and a snapshot only shortens later loads
        (one that exists already, or a database hiccup, leaves loads replaying a few more events).
        Of the snapshots one save makes due, only the last is taken, of the aggregate as saved
        (not read back from the store).
        """
        saved = getattr(self._saved, "aggregates", {}).get(aggregate_id)
        try:
            if saved is None or version is None:
                super().take_snapshot(aggregate_id, version, **kwargs)
            elif version + self.snapshotting_intervals[type(saved)] > saved.version:
                snapshot_class = getattr(type(saved), "Snapshot", type(self).snapshot_class)
                self.snapshots.put([snapshot_class.take(saved)])  # type: ignore[union-attr]
        except PersistenceError as error:
            log.warning("no snapshot of %s at version %s: %s", aggregate_id, version, error)


def register_case_transcodings(transcoder: JSONTranscoder) -> None:
    """The library's own transcodings and the domain's, as the store writes events with."""
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), *domain_transcodings()):
        transcoder.register(transcoding)


def offline_mapper(cipher: Cipher | None = None) -> Mapper:
    """A mapper that reads stored case events without a store (for exported packages), with
    the `cipher` they were encrypted with, if they were."""
    transcoder = JSONTranscoder()
    register_case_transcodings(transcoder)
    return Mapper(transcoder=transcoder, cipher=cipher)
