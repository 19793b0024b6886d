"""The console's account tables in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore, PostgresRecorder

from infrastructure.account_sql import TABLES, AccountTables
from infrastructure.postgres import AutocommitReads, SchemaView


class PostgresAccountTables(AutocommitReads, SchemaView, AccountTables, PostgresRecorder):  # type: ignore[misc]
    """`SessionStore` on PostgreSQL."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore)
        for name, (columns, indexes) in TABLES.items():
            self.add_table(name, columns, indexes)

    def qualified(self, table: str) -> str:
        return f'"{self.datastore.schema}".{table}'
