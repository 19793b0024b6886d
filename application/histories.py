"""The event histories of recently seen cases, kept while views catch up, so that a batch of
notifications does not read again from the store what earlier batches already read.

Events never change once stored, so a case's history from version 1 up to the last version seen
stays true; a case whose history has a gap here (it was evicted, or first seen mid-history) is
read from the store once and kept from then on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from domain.case import Case

from application.case_store import CaseStore


class Histories:
    """At most `size` cases' histories, the least recently used dropped first; shared by the
    views of one store (and safe to use from several threads)."""

    def __init__(self, store: CaseStore, size: int = 20_000) -> None:
        self.store = store
        self.size = size
        self.kept: OrderedDict[UUID, list[Case.Event]] = OrderedDict()
        self.lock = threading.Lock()

    def extend(self, notifications: Iterable[Any]) -> None:
        """Add the notifications' events to the histories they continue."""
        with self.lock:
            self._extend(notifications)

    def up_to(self, case_id: UUID, version: int) -> Sequence[Case.Event]:
        """The case's events up to `version`, from here or else from the store."""
        with self.lock:
            history = self.kept.get(case_id)
            if history is not None and history[-1].originator_version >= version:
                self.kept.move_to_end(case_id)
                return [event for event in history if event.originator_version <= version]
        history = list(self.store.repository.event_store.get(case_id))
        with self.lock:
            self._keep(case_id, history)
        return [event for event in history if event.originator_version <= version]

    def _extend(self, notifications: Iterable[Any]) -> None:
        for notification in notifications:
            case_id, version = notification.originator_id, notification.originator_version
            history = self.kept.get(case_id)
            if history is None and version != 1:
                continue  # first seen mid-history: read whole when asked for
            if history is not None and history[-1].originator_version >= version:
                continue  # seen already
            if history is not None and history[-1].originator_version != version - 1:
                del self.kept[case_id]  # a gap: read whole when asked for
                continue
            event = self.store.mapper.to_domain_event(notification)
            if history is None:
                self._keep(case_id, [event])
            else:
                history.append(event)
                self.kept.move_to_end(case_id)

    def _keep(self, case_id: UUID, history: list[Case.Event]) -> None:
        self.kept[case_id] = history
        self.kept.move_to_end(case_id)
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)
