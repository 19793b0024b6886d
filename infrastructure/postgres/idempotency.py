"""Idempotency keys in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder
from psycopg.sql import SQL

from infrastructure.idempotency_sql import STALE_AFTER_SECONDS, TABLE, IdempotencyTable
from infrastructure.postgres import named


class PostgresIdempotencyStore(IdempotencyTable, PostgresRecorder):
    """`IdempotencyStore` on PostgreSQL."""

    placeholder = staticmethod(named)
    now = "now()"
    stale_before = f"now() - interval '{STALE_AFTER_SECONDS} seconds'"

    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore)
        self.table = f'"{datastore.schema}".{TABLE}'
        self.sql_create_statements.append(
            SQL(
                f"CREATE TABLE IF NOT EXISTS {self.table} (owner text NOT NULL, "
                "key text NOT NULL, fingerprint text NOT NULL, status int, body text, "
                "headers text, created_at timestamptz NOT NULL DEFAULT now(), "
                "PRIMARY KEY (owner, key))"
            )
        )
