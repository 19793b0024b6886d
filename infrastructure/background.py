"""The background work of one process: the runner of the views and process policies, where this
process runs them, and what wakes it and the reads waiting for a view.

A save in this process wakes the runner at once. On PostgreSQL a listener wakes it when any
process stores events, and wakes the waiting reads when any process's runner moved a view on;
on SQLite (one process) the in-process wake-ups are all there is. The runner's poll interval
remains the fallback either way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from application.case_store import CaseStore
from application.consistency import ReadConsistency
from infrastructure.policy_runner import PolicyRunner

log = logging.getLogger(__name__)


class Listener(Protocol):
    listening: threading.Event  # set while it listens

    def start(self) -> None: ...

    def stop(self) -> None: ...


class Notifications(Protocol):
    """A store's notifications across processes (PostgreSQL's LISTEN/NOTIFY)."""

    def announce(self) -> None:
        """Tell every process that a view moved on."""

    def listener(self, on_events: Callable[[], None], on_views: Callable[[], None]) -> Listener:
        """What calls `on_events` when events are stored, `on_views` when a view moved on."""


class CheckpointTimer:
    """Signs a checkpoint of the log every `interval` seconds, on a thread of its own; a log
    that fails its check is logged, never signed."""

    def __init__(self, sign: Callable[[], object], interval: float) -> None:
        self.sign = sign
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="checkpoints", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                self.sign()
            except Exception:  # a failed signing must not end the signing to come
                log.exception("no checkpoint signed")


class Background:
    """Starts and stops the runner (if any) and the listener (if the store has one and there
    is something to wake: the runner, or reads that answer from views others keep)."""

    def __init__(
        self,
        store: CaseStore,
        consistency: ReadConsistency,
        runner: PolicyRunner | None,
        notifications: Notifications | None,
        signing: CheckpointTimer | None = None,
    ) -> None:
        self.store = store
        self.signing = signing
        self.consistency = consistency
        self.runner = runner
        self.listener: Listener | None = None
        if notifications is not None and (runner is not None or not consistency.inline):
            self.listener = notifications.listener(self._log_grew, consistency.advanced)

    def start(self) -> None:
        if self.runner is not None:
            self.store.on_saved.append(self._saved)
            self.runner.start()
        if self.listener is not None:
            self.listener.start()
        if self.signing is not None:
            self.signing.start()

    def wait(self) -> None:
        """Block until the runner stops (at once if there is none)."""
        if self.runner is not None:
            self.runner.wait()

    def stop(self) -> None:
        if self.signing is not None:
            self.signing.stop()
        if self.listener is not None:
            self.listener.stop()
        if self.runner is not None:
            self.runner.stop()
            self.store.on_saved.remove(self._saved)

    def _saved(self, position: int) -> None:
        """A save in this process: run now."""
        if self.runner is not None:
            self.runner.wake()

    def _log_grew(self) -> None:
        if self.runner is not None:
            self.runner.wake()
        if self.consistency.inline:  # its reads catch up themselves; others wait for a view
            self.consistency.advanced()
