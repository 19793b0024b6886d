"""Idempotency keys in the SQLite file."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteRecorder

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
from infrastructure.sqlite import named


class SQLiteIdempotencyStore(SQLiteRecorder):
    """`IdempotencyStore` on SQLite."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {TABLE} (owner TEXT NOT NULL, key TEXT NOT NULL, "
            "fingerprint TEXT NOT NULL, status INTEGER, body TEXT, headers TEXT, "
            "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (owner, key))"
        ]

    def claim(self, owner: str, key: str, fingerprint: str) -> StoredResponse | None:
        params = {"owner": owner, "key": key, "fingerprint": fingerprint}
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(claim_sql(named), params)
            if cursor.rowcount == 1:
                return None
            cursor.execute(lookup_sql(named), params)
            return earlier_response(cursor.fetchone(), fingerprint)

    def complete(self, owner: str, key: str, response: StoredResponse) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(complete_sql(named), completion_params(owner, key, response))

    def release(self, owner: str, key: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(release_sql(named), {"owner": owner, "key": key})
