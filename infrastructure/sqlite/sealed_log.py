"""The SQLite event log with its seals: the library's recorder, sealing what it inserts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from application.audit_service import LogNotIntact
from infrastructure.idempotency_sql import RequestRecords, requests_table
from infrastructure.seal_sql import SealTable, log_tables
from infrastructure.sqlite import named


class SealedSQLiteRecorder(SealTable, RequestRecords, SQLiteApplicationRecorder):
    """Inserts events, their seals and the keyed request that made them in one transaction."""

    seals_table = seals_table_name = "event_seals"
    tags_table = tags_table_name = "event_tags"
    checkpoints_table = checkpoints_table_name = "event_checkpoints"
    events_position = "rowid"
    gaps = False  # a rowid is the last one's next: a missing position is a removed event

    @property
    def events_table(self) -> str:  # type: ignore[override]
        return self.events_table_name
    requests_table = requests_table()
    placeholder = staticmethod(named)

    @staticmethod
    def plain_rows(cursor: Any) -> None:
        cursor.sqlite_cursor.row_factory = None  # the library's wrapper, around sqlite3's

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *(f"CREATE TABLE IF NOT EXISTS {name} ({columns})"
              for name, columns in log_tables("event", "INTEGER", "TEXT").items()),
        ]  # fmt: skip

    def stored_ids(self, ids: Sequence[UUID]) -> set[UUID]:
        """Which of the aggregates have events stored (one query per 500 ids)."""
        found: set[UUID] = set()
        with self.datastore.transaction(commit=False) as cursor:
            for start in range(0, len(ids), 500):
                chunk = [aggregate_id.hex for aggregate_id in ids[start : start + 500]]
                cursor.execute(
                    f"SELECT DISTINCT originator_id FROM {self.events_table_name} "
                    f"WHERE originator_id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                found.update(UUID(row[0]) for row in cursor.fetchall())
        return found

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        self._record_request(c, kwargs.get("request"))
        positions = self._inserted(c, stored_events)
        try:
            self._seal(c, positions, stored_events)
        except sqlite3.IntegrityError:
            # SQLite gives a deleted last row's position to the next event; its seal remains
            raise LogNotIntact(
                f"a position among {positions} is sealed already: events were deleted from the "
                "end of the log. Run `yingshang audit verify`."
            ) from None
        return positions

    def _inserted(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent]) -> list[int]:
        """Insert the events as the library does, but in one `executemany`, not one statement
        each; their log positions. SQLite gives each new row the rowid after the table's
        largest (unless that is 2**63 − 1, which no log reaches), and the transaction holds the
        write lock: the positions run up to the last one inserted."""
        c.executemany(self.insert_events_statement, [
            (s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id,
             s.originator_version, s.topic, s.state)
            for s in stored_events
        ])  # fmt: skip
        c.execute("SELECT last_insert_rowid()")
        last = c.fetchone()[0]
        return list(range(last - len(stored_events) + 1, last + 1))
