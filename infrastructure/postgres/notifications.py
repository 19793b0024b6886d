"""LISTEN/NOTIFY on PostgreSQL: wake the background work when any process stores events, and
the waiting reads when any process's runner moves a view on.

The library's recorder already NOTIFYs a channel named after the events table in the
transaction of every insert (delivered at commit), so no trigger is needed and the runtime role
needs no privilege for it. Runners NOTIFY a second channel, of the store's schema, after they
moved a view on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import psycopg
from psycopg.sql import SQL, Identifier

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25  # how soon a stopped listener notices
CONNECT_SECONDS = 5
RECONNECT_SECONDS = 2.0  # the wait before listening again after a lost connection


class PostgresNotifications:
    """The channels of one store: `events` (the library's) and `views` (this project's)."""

    def __init__(self, recorder: Any) -> None:
        self.datastore = recorder.datastore
        self.events = recorder.channel_name
        self.views = f"{self.datastore.schema}.{self.events}_views"

    def announce(self) -> None:
        """Tell every listening process that a view moved on."""
        with self.datastore.get_connection() as connection:  # autocommit: sent at once
            connection.execute(SQL("NOTIFY {}").format(Identifier(self.views)))

    def listener(
        self, on_events: Callable[[], None], on_views: Callable[[], None]
    ) -> LogListener:
        """A listener that calls `on_events` when events are stored, `on_views` when a view
        moved on."""
        return LogListener(self.datastore, {self.events: on_events, self.views: on_views})


class LogListener:
    """Listens on a connection of its own, in a thread, and calls each channel's callback as
    its notifications arrive. A lost connection is logged and opened again; meanwhile the
    runner's poll and the reads' rechecks stand in."""

    def __init__(self, datastore: Any, callbacks: Mapping[str, Callable[[], None]]) -> None:
        self.datastore = datastore
        self.callbacks = callbacks
        self.listening = threading.Event()  # set while LISTEN is in force
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="log-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except psycopg.Error:
                log.warning("lost the LISTEN connection; listening again", exc_info=True)
                self._stopping.wait(RECONNECT_SECONDS)
            finally:
                self.listening.clear()

    def _listen(self) -> None:
        pool = self.datastore.pool
        with psycopg.connect(
            pool.conninfo, **pool.kwargs, autocommit=True, connect_timeout=CONNECT_SECONDS
        ) as connection:
            for channel in self.callbacks:
                connection.execute(SQL("LISTEN {}").format(Identifier(channel)))
            self.listening.set()
            self._tell(self.callbacks)  # whatever happened before LISTEN took effect
            while not self._stopping.is_set():
                for notify in connection.notifies(timeout=TICK_SECONDS):
                    self._tell([notify.channel])

    def _tell(self, channels: Iterable[str]) -> None:
        for channel in channels:
            try:
                self.callbacks[channel]()
            except Exception:
                log.exception("a callback of channel %s failed", channel)
