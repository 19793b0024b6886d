"""Read consistency: how a read meets the view it answers from.

A write answers its log position (the notification id of its last event). A read may name such a
`min_position`: it then waits, at most `wait_seconds`, until its view has reached it. Inline, a
read first brings its view up to the head of the log itself (the embedded library, a small
office); in the background mode reads never project: they answer at once from the views as they
stand, kept up to date by a runner elsewhere, and wait only for a position they are asked for.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from application.errors import ApplicationError
from application.views import ViewUpdater

RECHECK_SECONDS = 0.5  # a waiting read looks again this often should no wake-up come
RETRY_AFTER_SECONDS = 1  # what a read that waited in vain tells its caller


class ViewsBehind(ApplicationError):
    """The view had not reached the position asked for when the wait was over."""

    code = "views_behind"

    def __init__(self, view: str, position: int, min_position: int) -> None:
        super().__init__(
            f"视图 {view} 尚在日志位置 {position}，未达到所要求的位置 {min_position}，请稍后重试"
        )
        self.position = position
        self.min_position = min_position
        self.retry_after = RETRY_AFTER_SECONDS


class ReadConsistency:
    """Where the reads of one process meet their views: `inline` reads catch their view up
    first; otherwise they read it as it stands. Either waits at most `wait_seconds` for a
    `min_position`, woken by `advanced`."""

    def __init__(self, inline: bool = True, wait_seconds: float = 5.0) -> None:
        self.inline = inline
        self.wait_seconds = wait_seconds
        self._changed = threading.Condition()
        self._generation = 0  # counts wake-ups, so that none is lost between look and wait

    def advanced(self) -> None:
        """Wake the waiting reads: the log or a view has moved on."""
        with self._changed:
            self._generation += 1
            self._changed.notify_all()

    def position(self, updater: ViewUpdater[Any], min_position: int | None = None) -> int:
        """The log position `updater`'s view reflects once a read may go ahead: at least
        `min_position` if given, else `ViewsBehind` when the wait is over."""
        deadline = time.monotonic() + self.wait_seconds
        while True:
            with self._changed:
                seen = self._generation
            position = updater.catch_up() if self.inline else updater.view.position()
            if min_position is None or position >= min_position:
                return position
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ViewsBehind(updater.name, position, min_position)
            with self._changed:
                if self._generation == seen:
                    self._changed.wait(min(remaining, RECHECK_SECONDS))
