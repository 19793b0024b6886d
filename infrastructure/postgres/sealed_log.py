"""The PostgreSQL event log with its seals: the library's recorder, sealing what it inserts."""

from __future__ import annotations

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
        self.events_table, self.events_position = f'"{datastore.schema}".{events_table_name}', "notification_id"
        for name, columns in log_tables(prefix, "bigint", "text").items():
            self.sql_create_statements.append(
                SQL("CREATE TABLE IF NOT EXISTS {schema}.{table} (" + columns + ")").format(  # type: ignore[operator]
                    schema=Identifier(datastore.schema), table=Identifier(name)
                )
            )

    def stored_ids(self, ids: Sequence[UUID]) -> set[UUID]:
        """Which of the aggregates have events stored (one query)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT DISTINCT originator_id FROM {self.events_table} WHERE originator_id = ANY(%(ids)s)",
                {"ids": list(ids)},
            )
            return {row["originator_id"] for row in cursor.fetchall()}

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        self._seal(curs, positions or [], stored_events)
        return positions

    def _insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """Before the events (and outside the library's catch-all, which would commit what came
        before an error it did not expect): the keyed request, if any."""
        self._record_request(curs, kwargs.get("request"))
