"""Token revocations in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder

from infrastructure.postgres import SchemaView
from infrastructure.revocation_sql import INDEXES, SCHEMA, TABLE, RevocationTable


class PostgresRevocationStore(SchemaView, RevocationTable, PostgresRecorder):  # type: ignore[misc]
    """`RevocationStore` on PostgreSQL."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore)
        self.add_table(TABLE, SCHEMA, INDEXES)

    def reading(self) -> AbstractContextManager[Any]:
        """A cursor on a connection in autocommit: one statement reads one snapshot by itself,
        without the round trips of BEGIN and ROLLBACK (as the library reads events)."""
        return self.datastore.cursor()
