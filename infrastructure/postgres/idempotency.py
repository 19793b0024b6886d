"""Keyed requests in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder
from psycopg.sql import SQL

from infrastructure.idempotency_sql import IdempotencyTable, create_sql, requests_table
from infrastructure.postgres import named


class PostgresIdempotencyStore(IdempotencyTable, PostgresRecorder):
    """`IdempotencyStore` on PostgreSQL."""

    placeholder = staticmethod(named)

    def __init__(self, datastore: PostgresDatastore, seals_table: str) -> None:
        super().__init__(datastore)
        self.seals_table = seals_table
        self.table = requests_table(datastore.schema)
        self.sql_create_statements.append(SQL(create_sql(self.table, "bigint")))  # type: ignore[arg-type]
