"""Runs process policies in a background thread, polling the notification log.

SQLite has no subscription in `eventsourcing`, so the embedded service polls; each policy is
exactly-once by itself, so a poll that overlaps another runner or a restart is harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)


class PolicyRunner:
    """Calls each policy's `catch_up` every `interval` seconds until stopped."""

    def __init__(self, catch_ups: Sequence[Callable[[], object]], interval: float) -> None:
        self.catch_ups = catch_ups
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="policies", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Block until stopped."""
        while self._thread.is_alive():
            self._thread.join(timeout=1)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set():
            for catch_up in self.catch_ups:
                try:
                    catch_up()
                except Exception:  # a failed poll is retried at the next one
                    log.exception("policy %s failed; retrying", catch_up)
            self._stopping.wait(self.interval)
