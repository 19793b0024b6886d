"""Token revocations in the SQLite file."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteRecorder

from infrastructure.revocation_sql import INDEXES, SCHEMA, RevocationTable
from infrastructure.sqlite import FileView


class SQLiteRevocationStore(FileView, RevocationTable, SQLiteRecorder):  # type: ignore[misc]
    """`RevocationStore` on SQLite."""

    columns = SCHEMA
    indexes = INDEXES
