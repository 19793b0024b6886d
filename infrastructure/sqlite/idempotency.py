"""Keyed requests in the SQLite file."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteDatastore, SQLiteRecorder

from infrastructure.idempotency_sql import TABLE, IdempotencyTable, create_sql
from infrastructure.sqlite import named


class SQLiteIdempotencyStore(IdempotencyTable, SQLiteRecorder):
    """`IdempotencyStore` on SQLite."""

    placeholder = staticmethod(named)

    def __init__(self, datastore: SQLiteDatastore, seals_table: str) -> None:
        super().__init__(datastore)
        self.seals_table = seals_table

    def construct_create_table_statements(self) -> list[str]:
        return [create_sql(TABLE, "INTEGER")]
