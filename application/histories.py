"""The event histories of recently seen cases, and each case as its history leaves it, kept
while views catch up: a batch of notifications neither reads again from the store what earlier
batches read nor replays again the events earlier batches applied.

Events never change once stored, so a case's history from version 1 up to the last version seen
stays true; a case whose history has a gap here (it was evicted, or first seen mid-history) is
read from the store once and kept from then on. The case kept beside a history is advanced in
place by the events that follow, so what is made from it is made while no other thread can
advance it (`Histories.made`), and nothing made from it may keep it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from domain.case import Case

from application.case_store import CaseStore, replayed

T = TypeVar("T")
Maker = Callable[[Sequence[Case.Event], Any], T]  # (events up to a version, the case after them)


class History:
    """A case's events from version 1, and the case after the first `case.version` of them."""

    def __init__(self, events: list[Case.Event]) -> None:
        self.events = events
        self.case: Any = None

    @property
    def version(self) -> int:
        return self.events[-1].originator_version

    def case_at(self, version: int) -> Any:
        """The case after the events up to `version`: the kept case advanced to it, or replayed
        anew if the kept one is already past it (another view is further on)."""
        applied = self.case.version if self.case is not None else 0
        if applied > version:
            return replayed(None, self.events[:version])
        self.case = replayed(self.case, self.events[applied:version])
        return self.case


class Histories:
    """At most `size` cases' histories, the least recently used dropped first; shared by the
    views of one store (and safe to use from several threads)."""

    def __init__(self, store: CaseStore, size: int = 20_000) -> None:
        self.store = store
        self.size = size
        self.kept: OrderedDict[UUID, History] = OrderedDict()
        self.lock = threading.Lock()

    def extend(self, notifications: Iterable[Any]) -> None:
        """Add the notifications' events to the histories they continue."""
        with self.lock:
            self._extend(notifications)

    def made(self, case_id: UUID, version: int, make: Maker[T]) -> T:
        """What `make` makes of the case's events up to `version` and of the case as they
        leave it, from here or else from the store."""
        with self.lock:
            history = self.kept.get(case_id)
            if history is not None and history.version >= version:
                self.kept.move_to_end(case_id)
                return make(history.events[:version], history.case_at(version))
        history = History(list(self.store.repository.event_store.get(case_id)))
        with self.lock:
            self._keep(case_id, history)
            return make(history.events[:version], history.case_at(version))

    def clear(self) -> None:
        """Forget every history (as a process that has just started knows none)."""
        with self.lock:
            self.kept.clear()

    def _extend(self, notifications: Iterable[Any]) -> None:
        for notification in notifications:
            case_id, version = notification.originator_id, notification.originator_version
            history = self.kept.get(case_id)
            if history is None and version != 1:
                continue  # first seen mid-history: read whole when asked for
            if history is not None and history.version >= version:
                continue  # seen already
            if history is not None and history.version != version - 1:
                del self.kept[case_id]  # a gap: read whole when asked for
                continue
            event = self.store.mapper.to_domain_event(notification)
            if history is None:
                self._keep(case_id, History([event]))
            else:
                history.events.append(event)
                self.kept.move_to_end(case_id)

    def _keep(self, case_id: UUID, history: History) -> None:
        self.kept[case_id] = history
        self.kept.move_to_end(case_id)
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)
