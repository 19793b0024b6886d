"""Runs process policies and views in a background thread, woken when the log grows.

Whatever stores events wakes the runner (`wake`): a save in its own process and, on PostgreSQL,
a NOTIFY from any process's save (see `infrastructure.background`). Every `interval` seconds it
looks anyway, so a missed wake-up only delays it. Woken, it first lets the events of the next
`gather` seconds arrive, and applies them together: one run per batch of commands, not per
command, so a busy service spends its CPU on the commands. Each policy and view is exactly-once
by itself, so a run that overlaps another runner or a restart is harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)


class PolicyRunner:
    """Calls each policy's `catch_up` `gather` seconds after it is woken and at least every
    `interval` seconds until stopped, and each of `advanced` after a run that moved one on."""

    def __init__(
        self,
        catch_ups: Sequence[Callable[[], object]],
        interval: float,
        advanced: Sequence[Callable[[], object]] = (),
        gather: float = 0.0,
    ) -> None:
        self.catch_ups = catch_ups
        self.interval = interval
        self.gather = gather
        self.advanced = advanced
        self._reached: dict[int, object] = {}  # what each catch-up last returned
        self._stopping = threading.Event()
        self._woken = threading.Event()
        self._thread = threading.Thread(target=self._run, name="policies", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Run again now: the log has grown."""
        self._woken.set()

    def wait(self) -> None:
        """Block until stopped."""
        while self._thread.is_alive():
            self._thread.join(timeout=1)

    def stop(self) -> None:
        self._stopping.set()
        self._woken.set()
        self._thread.join(timeout=10)

    def run_once(self) -> bool:
        """Call every catch-up once; whether any moved on. A failure is logged and retried at
        the next run."""
        moved = False
        for number, catch_up in enumerate(self.catch_ups):
            try:
                reached = catch_up()
            except Exception:
                log.exception("policy %s failed; retrying", catch_up)
                continue
            moved |= self._reached.get(number) != reached
            self._reached[number] = reached
        return moved

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._woken.clear()  # a wake-up from here on makes the next wait return at once
            if self.run_once():
                self._tell_advanced()
            if self._woken.wait(self.interval) and self.gather:
                self._stopping.wait(self.gather)  # what is stored meanwhile joins the run

    def _tell_advanced(self) -> None:
        for tell in self.advanced:
            try:
                tell()
            except Exception:
                log.exception("could not tell %s that the views moved on", tell)
