"""The PostgreSQL event log with its seals: the library's recorder, sealing what it inserts."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from infrastructure.idempotency_sql import RequestRecords, requests_table
from infrastructure.postgres import named
from infrastructure.seal_sql import SealTable, log_tables


class SealedPostgresRecorder(SealTable, RequestRecords, PostgresApplicationRecorder):
    """Inserts events, their seals and the keyed request that made them in one transaction,
    under the library's table lock."""

    placeholder = staticmethod(named)
    gaps = True  # a sequence leaves the positions of rolled-back inserts unused

    @staticmethod
    def plain_rows(cursor: Any) -> None:
        cursor.row_factory = tuple_row

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        prefix = events_table_name.removesuffix("_events")
        self.seals_table_name, self.tags_table_name, self.checkpoints_table_name = (
            f"{prefix}_seals", f"{prefix}_tags", f"{prefix}_checkpoints"
        )
        self.seals_table, self.tags_table, self.checkpoints_table = (
            f'"{datastore.schema}".{name}'
            for name in (self.seals_table_name, self.tags_table_name, self.checkpoints_table_name)
        )
        self.requests_table = requests_table(datastore.schema)
        self._render_statements()
        self._asked = threading.local()  # the cursor a save asked the last links on
        self.events_table, self.events_position = f'"{datastore.schema}".{events_table_name}', "notification_id"
        for name, columns in log_tables(prefix, "bigint", "text").items():
            self.sql_create_statements.append(
                SQL("CREATE TABLE IF NOT EXISTS {schema}.{table} (" + columns + ")").format(  # type: ignore[operator]
                    schema=Identifier(datastore.schema), table=Identifier(name)
                )
            )

    def _render_statements(self) -> None:
        """The library's statements of every save and load as text, made once: composed of
        parts, psycopg would put each together again at every execution."""
        for name in ("insert_events_statement", "select_events_statement",
                     "max_notification_id_statement"):  # fmt: skip
            setattr(self, name, SQL(getattr(self, name).as_string()))
        self.lock_table_statements = [SQL(lock.as_string()) for lock in self.lock_table_statements]
        notify = SQL("NOTIFY {0}").format(Identifier(self.channel_name))
        self.notify_statement = SQL(notify.as_string())

    def _notify_channel(self, curs: Cursor[Any]) -> None:
        curs.execute(self.notify_statement)

    def stored_ids(self, ids: Sequence[UUID]) -> set[UUID]:
        """Which of the aggregates have events stored (one query)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT DISTINCT originator_id FROM {self.events_table} WHERE originator_id = ANY(%(ids)s)",
                {"ids": list(ids)},
            )
            return {row["originator_id"] for row in cursor.fetchall()}

    def _insert_stored_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """The library's table lock and insert, then the chain's last links asked on a cursor
        of their own: sent with the insert, in its round trip, and after the lock, so that they
        cannot change before the seals are made (`_fetch_ids_after_insert_events`). Not as a
        prepared statement: should the insert fail (a concurrent writer of the case), the
        pipeline skips what follows it, a preparation too, which psycopg would still count on."""
        super()._insert_stored_events(curs, stored_events, **kwargs)
        self._asked.cursor = curs.connection.cursor()
        self._ask_last_links(self._asked.cursor, stored_events[0], prepare=False)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        asked, self._asked.cursor = self._asked.cursor, None
        with asked:
            self._seal(curs, positions or [], stored_events, asked)
        return positions

    def _insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """Before the events (and outside the library's catch-all, which would commit what came
        before an error it did not expect): the keyed request, if any."""
        self._record_request(curs, kwargs.get("request"))
