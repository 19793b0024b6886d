"""Views kept from the notification log: one row per case, made from the case's events.

A view stores its rows and its tracking position in one transaction, so each event is applied
exactly once and a crash loses nothing; `ViewUpdater.catch_up` resumes from the stored position.
Rows are made from the whole history of a case up to a version, so a row is the same however
the log was cut into batches, and a rebuild from event 1 equals the live view.

The views of one store are caught up together (`catch_up`): their positions read at once, each
batch of the log read once for them all, and applied to every view that lacks part of it in one
transaction, with each view's own tracking row; a view keeps its own position, so it can still be
rebuilt or checked alone. A rebuild (`rebuild`) takes the same path in larger batches.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from domain.case import Case

from application.case_store import CaseStore
from application.histories import Histories


class Keyed(Protocol):
    @property
    def id(self) -> UUID: ...


R = TypeVar("R", bound=Keyed)
# a case's events up to a version, and the case as they leave it → its row (not keeping the case)
RowMaker = Callable[[Sequence[Case.Event], Any], Any]
Progress = Callable[[int, int], None]  # (position reached, head of the log)


class View(Protocol[R]):
    """Storage of one view; one implementation per database.

    Its tracking rows are keyed by `tracking_name`, so several views share one tracking table.
    """

    tracking_name: str

    def position(self) -> int:
        """The id of the last notification applied (0 before the first)."""

    def positions(self, names: Sequence[str]) -> dict[str, int]:
        """The positions of the views `names` of the same store, read at once."""

    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction of the views of the store (its cursor), committed at the end of
        the block, rolled back if it raises."""

    def write(self, cursor: Any, rows: Sequence[R], tracking: Tracking) -> None:
        """Record `tracking` and upsert `rows` within the transaction of `cursor`
        (IntegrityError if the view is at `tracking` or beyond already)."""

    def all_rows(self) -> dict[UUID, R]:
        """Every row, by case id."""

    def clear(self) -> None:
        """Delete every row and the tracking position, in one transaction (before a rebuild)."""


def from_state(row_of: Callable[[Any], R]) -> RowMaker:
    """A row maker that makes its row from the case as it stands after the events."""
    return lambda events, case: row_of(case)


class ViewUpdater(Generic[R]):
    """Brings a `View` up to date with the case store's notification log.

    `rows` maps each aggregate class the view shows to the function that makes its row from the
    case's events and the case they make; events of other aggregates (such as case-number
    sequences) only advance the position.
    """

    def __init__(
        self,
        store: CaseStore,
        view: View[R],
        rows: Mapping[type[Aggregate], RowMaker],
        batch_size: int = 500,
        histories: Histories | None = None,
    ) -> None:
        self.store = store
        self.view = view
        self.rows = {get_topic(cls) + ".": make for cls, make in rows.items()}
        self.batch_size = batch_size
        self.histories = histories or Histories(store)
        self.makers: dict[str, RowMaker | None] = {}  # by event topic, once looked up

    @property
    def name(self) -> str:
        return self.view.tracking_name

    def catch_up(self) -> int:
        """Apply every notification not yet applied; return the position reached."""
        return catch_up([self])

    def rows_after(self, notifications: Sequence[Any], position: int) -> list[R]:
        """The rows that those of `notifications` after `position` change."""
        shown = self._shown([n for n in notifications if n.id > position])
        self.histories.extend(notification for notification, _ in shown)
        return self._rows(latest(shown), self.histories)

    def _shown(self, notifications: Sequence[Any]) -> list[tuple[Any, RowMaker]]:
        """The notifications of the cases the view shows, each with the maker of its row."""
        return [
            (notification, make)
            for notification in notifications
            if (make := self._maker(notification.topic))
        ]

    def _rows(self, wanted: dict[UUID, tuple[int, RowMaker]], histories: Histories) -> list[R]:
        return [
            histories.made(case_id, version, make) for case_id, (version, make) in wanted.items()
        ]

    def rebuild(self, progress: Progress = lambda done, head: None) -> int:
        """Empty the view and apply the whole log again; `progress(position, head)` is told as
        it goes. Returns the position reached."""
        return rebuild([self], progress)

    def expected_rows(self) -> tuple[int, dict[UUID, R]]:
        """The rows a rebuild would make up to the view's current position, computed in memory
        from the events alone, with that position: to check the live view against.
        """
        position = self.view.position()
        wanted: dict[UUID, tuple[int, RowMaker]] = {}
        for notifications in self.log_until(position):
            wanted |= latest(self._shown(notifications))
        # read from the store, not from what catching up kept: a check of its own
        return position, {row.id: row for row in self._rows(wanted, Histories(self.store, 0))}

    def log_until(self, position: int) -> Iterator[Sequence[Any]]:
        """The notifications of the log up to `position`, batch by batch."""
        start = 1
        while start <= position:
            notifications = self.store.recorder.select_notifications(
                start=start, limit=self.batch_size, stop=position
            )
            if not notifications:
                return
            yield notifications
            start = notifications[-1].id + 1

    def differences(self) -> list[str]:
        """How the live view differs from a rebuild from the events (empty when they agree)."""
        _, expected = self.expected_rows()
        live = self.view.all_rows()
        missing = [f"missing {case_id}" for case_id in expected.keys() - live.keys()]
        extra = [f"unexpected {case_id}" for case_id in live.keys() - expected.keys()]
        changed = [
            f"differs {case_id}: live {live[case_id]} != rebuilt {expected[case_id]}"
            for case_id in expected.keys() & live.keys()
            if live[case_id] != expected[case_id]
        ]
        derived = getattr(self.view, "check", None)  # a view that keeps sums of its rows
        return missing + extra + changed + (derived(expected.values()) if derived else [])

    def _maker(self, topic: str) -> RowMaker | None:
        if topic not in self.makers:
            found = [make for prefix, make in self.rows.items() if topic.startswith(prefix)]
            self.makers[topic] = found[0] if found else None
        return self.makers[topic]


def latest(shown: Sequence[tuple[Any, RowMaker]]) -> dict[UUID, tuple[int, RowMaker]]:
    """The last version of each case among the shown notifications, with the maker of its row."""
    return {notification.originator_id: (notification.originator_version, make)
            for notification, make in shown}  # fmt: skip


Positions = dict[str, int]  # the position of each view, by its name
REBUILD_BATCH = 20_000  # notifications per batch when rebuilding or catching up in bulk


def catch_up(updaters: Sequence[ViewUpdater[Any]], batch_size: int | None = None) -> int:
    """Apply every notification not yet applied to the views (of one store) together; the
    lowest position reached. Batches are of `batch_size`, else of the smallest batch size
    among the updaters."""
    batch_size = batch_size or min(updater.batch_size for updater in updaters)
    positions = positions_of(updaters)
    while True:
        start = min(positions.values()) + 1
        batch = updaters[0].store.recorder.select_notifications(start=start, limit=batch_size)
        if not batch:
            return start - 1
        positions = apply(updaters, batch, positions)
        if len(batch) < batch_size and min(positions.values()) == batch[-1].id:
            return batch[-1].id  # every view at the head of the log, as it was read


def catch_up_in_bulk(updaters: Sequence[ViewUpdater[Any]]) -> int:
    """`catch_up` after a bulk write (an import), in a rebuild's larger batches."""
    with fewer_collections():
        return catch_up(updaters, REBUILD_BATCH)


def keep_up(updaters: Sequence[ViewUpdater[Any]]) -> int:
    """`catch_up` the views together; should that fail, catch each up alone, so that a view
    that cannot apply a notification (a fault in its rows, say) holds back no other, and then
    raise the first failure. The lowest position reached."""
    try:
        return catch_up(updaters)
    except Exception:
        if len(updaters) == 1:
            raise
    failures: list[Exception] = []
    for updater in updaters:
        try:
            updater.catch_up()
        except Exception as failure:  # noqa: BLE001 - raised below, after the others
            failures.append(failure)
    if failures:
        raise failures[0]
    return min(positions_of(updaters).values())


def positions_of(updaters: Sequence[ViewUpdater[Any]]) -> Positions:
    return updaters[0].view.positions([updater.name for updater in updaters])


def apply(
    updaters: Sequence[ViewUpdater[Any]], batch: Sequence[Any], positions: Positions
) -> Positions:
    """Apply `batch` to each view whose position is before its end, each taking what it lacks,
    in one transaction that records each one's tracking too; the positions reached. If another
    updater was first to a view, nothing is applied, and the positions are read again."""
    end = batch[-1].id
    behind = [updater for updater in updaters if positions[updater.name] < end]
    rows = [updater.rows_after(batch, positions[updater.name]) for updater in behind]
    try:
        with updaters[0].view.transaction() as cursor:
            for updater, made in zip(behind, rows, strict=True):
                updater.view.write(cursor, made, Tracking(updater.name, end))
    except IntegrityError:
        now = positions_of(updaters)
        if all(now[name] <= position for name, position in positions.items()):
            raise  # not a lost race with another updater: a real fault
        return now  # another updater was first to a view: each goes on from where it is
    return positions | {updater.name: end for updater in behind}


def rebuild(
    updaters: Sequence[ViewUpdater[Any]],
    progress: Progress = lambda done, head: None,
    batch_size: int = REBUILD_BATCH,
) -> int:
    """Empty the views (of one store) and apply the whole log to them again in one pass, each
    batch read once for all of them and applied to them all in one transaction;
    `progress(position, head)` is told after each batch. Returns the position reached by all.

    A batch is larger than when catching up, so that a case met in many notifications is made
    into a row fewer times.
    """
    store = updaters[0].store
    for updater in updaters:
        updater.view.clear()
    head = store.recorder.max_notification_id() or 0
    positions = {updater.name: 0 for updater in updaters}
    with fewer_collections():
        while (position := min(positions.values())) < head:
            batch = store.recorder.select_notifications(start=position + 1, limit=batch_size)
            if not batch:
                break  # the log ends before its head (cut since): catching up says where
            positions = apply(updaters, batch, positions)
            progress(min(positions.values()), head)
    return catch_up(updaters)


@contextmanager
def fewer_collections(young: int = 100_000) -> Iterator[None]:
    """Run the cycle collector less often in the block: a rebuild makes many objects that live
    till their batch is applied, which frequent collections would traverse again and again."""
    thresholds = gc.get_threshold()
    gc.set_threshold(young, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
