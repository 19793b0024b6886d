"""Token revocations in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder

from infrastructure.postgres import AutocommitReads, SchemaView
from infrastructure.revocation_sql import INDEXES, SCHEMA, TABLE, RevocationTable


class PostgresRevocationStore(AutocommitReads, SchemaView, RevocationTable, PostgresRecorder):  # type: ignore[misc]
    """`RevocationStore` on PostgreSQL."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore)
        self.add_table(TABLE, SCHEMA, INDEXES)
