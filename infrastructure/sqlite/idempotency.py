"""Idempotency keys in the SQLite file."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteRecorder

from infrastructure.idempotency_sql import TABLE, IdempotencyTable
from infrastructure.sqlite import named


class SQLiteIdempotencyStore(IdempotencyTable, SQLiteRecorder):
    """`IdempotencyStore` on SQLite."""

    placeholder = staticmethod(named)

    def construct_create_table_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {TABLE} (owner TEXT NOT NULL, key TEXT NOT NULL, "
            "fingerprint TEXT NOT NULL, status INTEGER, body TEXT, headers TEXT, "
            "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (owner, key))"
        ]
