"""Idempotency keys in PostgreSQL."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder
from psycopg.sql import SQL

from application.idempotency import StoredResponse
from infrastructure.idempotency_sql import (
    TABLE,
    claim_sql,
    complete_sql,
    completion_params,
    earlier_response,
    lookup_sql,
    release_sql,
)
from infrastructure.postgres import named


class PostgresIdempotencyStore(PostgresRecorder):
    """`IdempotencyStore` on PostgreSQL."""

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

    def claim(self, owner: str, key: str, fingerprint: str) -> StoredResponse | None:
        params = {"owner": owner, "key": key, "fingerprint": fingerprint}
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(claim_sql(named, self.table), params)
            if cursor.rowcount == 1:
                return None
            cursor.execute(lookup_sql(named, self.table), params)
            return earlier_response(cursor.fetchone(), fingerprint)

    def complete(self, owner: str, key: str, response: StoredResponse) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                complete_sql(named, self.table), completion_params(owner, key, response)
            )

    def release(self, owner: str, key: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(release_sql(named, self.table), {"owner": owner, "key": key})
