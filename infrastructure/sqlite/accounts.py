"""The console's account tables in the SQLite file."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteRecorder

from infrastructure.account_sql import TABLES, AccountTables
from infrastructure.sqlite import named


class SQLiteAccountTables(AccountTables, SQLiteRecorder):
    """`SessionStore` on SQLite."""

    placeholder = staticmethod(named)

    def qualified(self, table: str) -> str:
        return table

    def construct_create_table_statements(self) -> list[str]:
        return [
            statement
            for name, (columns, indexes) in TABLES.items()
            for statement in (
                f"CREATE TABLE IF NOT EXISTS {name} ({columns})",
                *(f"CREATE INDEX IF NOT EXISTS {index} ON {name} ({indexed})"
                  for index, indexed in indexes.items()),  # fmt: skip
            )
        ]
